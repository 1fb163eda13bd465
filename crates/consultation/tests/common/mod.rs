//! A small valid consultation and helpers to break it one field at a time.

#![allow(dead_code)] // each test binary uses a different subset

use roundtable_consultation::{ConfigError, Consultation};

/// The file name errors must carry.
pub const FILE: &str = "test.toml";

/// A valid consultation: three agenda items, two groups sharing objective 23.
pub const BASE: &str = r#"slug = "test-consultation"
title = "Test consultation"
theme = "Testing the format"
time_zone = "Asia/Bangkok"
date = "2021-02-03"
chatham_house_notice = "Do not reveal who said what."

[registration]
deadline = "2021-01-31 24:00"
per_organisation_cap = 2

[[agenda]]
kind = "plenary"
title = "Opening plenary"
start = "11:00"
end = "11:45"

[[agenda]]
kind = "working_groups"
title = "Working groups"
start = "11:45"
end = "13:30"

[[agenda]]
kind = "plenary"
title = "Closing plenary"
start = "13:30"
end = "14:30"

[[objectives]]
number = 1
title = "Data"
description = "Collect data."

[[objectives]]
number = 3
title = "Information"
description = "Provide information."

[[objectives]]
number = 23
title = "Cooperation"
description = "Cooperate."

[[groups]]
slug = "wg1"
name = "Working Group 1"
objectives = [1, 3, 23]

[[groups]]
slug = "wg2"
name = "Working Group 2"
objectives = [23]
capacity = 40

[[review_questions]]
key = "progress"
text = "Progress to date"

[[review_questions]]
key = "recommendations"
text = "Recommendations"

[[stakeholder_categories]]
key = "civil-society"
label = "Civil society"

[[stakeholder_categories]]
key = "academia"
label = "Academia"
"#;

/// `src` with the only occurrence of `from` replaced by `to`.
pub fn replace(src: &str, from: &str, to: &str) -> String {
    assert_eq!(
        src.matches(from).count(),
        1,
        "{from:?} must occur exactly once"
    );
    src.replacen(from, to, 1)
}

/// [`BASE`] with the only occurrence of `from` replaced by `to`.
pub fn edit(from: &str, to: &str) -> String {
    replace(BASE, from, to)
}

/// The 1-based line on which the only occurrence of `needle` starts.
pub fn line_of(src: &str, needle: &str) -> usize {
    assert_eq!(
        src.matches(needle).count(),
        1,
        "{needle:?} must occur exactly once"
    );
    let offset = src.find(needle).unwrap();
    src[..offset].matches('\n').count() + 1
}

/// Parses `src`, which must be valid.
pub fn parse(src: &str) -> Consultation {
    Consultation::from_toml_str(src, FILE).unwrap_or_else(|e| panic!("{e}"))
}

/// Parses `src`, which must be invalid.
pub fn error(src: &str) -> ConfigError {
    Consultation::from_toml_str(src, FILE).expect_err("the file should be rejected")
}

/// Asserts that `src` is rejected for `field`, on the line where `at`
/// occurs, with a message containing `message`.
#[track_caller]
pub fn assert_rejected(src: &str, field: &str, at: &str, message: &str) -> ConfigError {
    let err = error(src);
    assert_eq!(err.file, FILE, "{err}");
    assert_eq!(err.field, field, "{err}");
    assert_eq!(err.line, Some(line_of(src, at)), "{err}");
    assert!(
        err.message.contains(message),
        "message {:?} should contain {message:?}",
        err.message
    );
    err
}
