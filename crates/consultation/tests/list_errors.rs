//! Errors in the lists: objectives, groups, review questions, stakeholder
//! categories, slugs, keys and required text.

mod common;

use common::*;

#[test]
fn group_objective_not_defined_is_rejected_at_that_element() {
    let src = edit("objectives = [1, 3, 23]", "objectives = [1, 4, 23]");
    assert_rejected(
        &src,
        "groups[0].objectives[1]",
        "[1, 4, 23]",
        "unknown objective 4",
    );
}

#[test]
fn group_objective_listed_twice_is_rejected() {
    let src = edit("objectives = [1, 3, 23]", "objectives = [1, 3,\n  3]");
    let err = assert_rejected(
        &src,
        "groups[0].objectives[2]",
        "  3]",
        "duplicate objective 3",
    );
    assert!(err.message.contains("groups[0].objectives[1]"), "{err}");
}

#[test]
fn group_without_objectives_is_rejected() {
    let src = edit("objectives = [23]", "objectives = []");
    assert_rejected(
        &src,
        "groups[1].objectives",
        "objectives = []",
        "at least one objective",
    );
}

#[test]
fn objective_used_by_no_group_is_allowed() {
    let src = edit(
        "[[groups]]\nslug = \"wg1\"",
        "[[objectives]]\nnumber = 7\ntitle = \"Vulnerabilities\"\ndescription = \"Reduce them.\"\n\n[[groups]]\nslug = \"wg1\"",
    );
    let c = parse(&src);
    assert_eq!(c.objective(7).unwrap().title, "Vulnerabilities");
    assert!(c.groups.iter().all(|g| !g.objectives.contains(&7)));
}

#[test]
fn duplicate_objective_number_is_rejected_with_both_places() {
    let src = edit("number = 3", "number = 1");
    let err = assert_rejected(
        &src,
        "objectives[1].number",
        "number = 1\ntitle = \"Information\"",
        "duplicate objective number 1",
    );
    let first = line_of(&src, "number = 1\ntitle = \"Data\"");
    assert!(
        err.message
            .contains(&format!("objectives[0].number on line {first}")),
        "{err}"
    );
}

#[test]
fn objective_number_zero_is_rejected() {
    let src = edit("number = 1", "number = 0");
    assert_rejected(&src, "objectives[0].number", "number = 0", "start at 1");
}

#[test]
fn objective_title_and_description_must_not_be_blank() {
    let src = edit("title = \"Information\"", "title = \"\"");
    assert_rejected(
        &src,
        "objectives[1].title",
        "title = \"\"",
        "must not be empty",
    );
    let src = edit(
        "description = \"Cooperate.\"",
        "description = \"\"\"\n\"\"\"",
    );
    assert_rejected(
        &src,
        "objectives[2].description",
        "description = \"\"\"",
        "must not be empty",
    );
}

#[test]
fn duplicate_group_slug_is_rejected() {
    let src = edit("slug = \"wg2\"", "slug = \"wg1\"\n");
    let err = assert_rejected(
        &src,
        "groups[1].slug",
        "slug = \"wg1\"\n\n",
        "duplicate group slug \"wg1\"",
    );
    assert!(err.message.contains("groups[0].slug"), "{err}");
}

#[test]
fn group_slug_plenary_is_reserved() {
    let src = edit("slug = \"wg2\"", "slug = \"plenary\"");
    assert_rejected(&src, "groups[1].slug", "slug = \"plenary\"", "reserved");
}

#[test]
fn group_slug_must_be_lowercase_words_and_hyphens() {
    for bad in ["WG1", "wg 1", "-wg1", "wg_1", ""] {
        let src = edit("slug = \"wg1\"", &format!("slug = \"{bad}\" # here"));
        assert_rejected(&src, "groups[0].slug", "# here", "invalid group slug");
    }
}

#[test]
fn consultation_slug_must_be_lowercase_words_and_hyphens() {
    let src = edit(
        "slug = \"test-consultation\"",
        "slug = \"Test Consultation\"",
    );
    assert_rejected(
        &src,
        "slug",
        "Test Consultation",
        "invalid slug \"Test Consultation\"",
    );
}

#[test]
fn group_name_must_not_be_blank() {
    let src = edit("name = \"Working Group 1\"", "name = \"\"");
    assert_rejected(&src, "groups[0].name", "name = \"\"", "must not be empty");
}

#[test]
fn group_capacity_zero_is_rejected() {
    let src = edit("capacity = 40", "capacity = 0");
    assert_rejected(&src, "groups[1].capacity", "capacity = 0", "at least 1");
}

#[test]
fn top_level_text_must_not_be_blank() {
    for (field, from) in [
        ("title", "\"Test consultation\""),
        ("theme", "\"Testing the format\""),
        ("chatham_house_notice", "\"Do not reveal who said what.\""),
    ] {
        let src = edit(from, "\" \"");
        assert_rejected(&src, field, "\" \"", "must not be empty");
    }
}

#[test]
fn duplicate_review_question_key_is_rejected() {
    let src = edit("key = \"recommendations\"", "key = \"progress\"\n");
    assert_rejected(
        &src,
        "review_questions[1].key",
        "key = \"progress\"\n\n",
        "duplicate review question key \"progress\"",
    );
}

#[test]
fn review_question_key_must_be_a_slug() {
    let src = edit("key = \"progress\"", "key = \"Progress\"");
    assert_rejected(
        &src,
        "review_questions[0].key",
        "Progress\"",
        "invalid key \"Progress\"",
    );
}

#[test]
fn review_question_text_must_not_be_blank() {
    let src = edit("text = \"Recommendations\"", "text = \"\"");
    assert_rejected(
        &src,
        "review_questions[1].text",
        "text = \"\"",
        "must not be empty",
    );
}

#[test]
fn at_least_one_review_question_is_required() {
    let start = BASE.find("[[review_questions]]").unwrap();
    let end = BASE.find("[[stakeholder_categories]]").unwrap();
    let src = format!("{}{}", &BASE[..start], &BASE[end..]);
    let src = replace(
        &src,
        "date = \"2021-02-03\"\n",
        "date = \"2021-02-03\"\nreview_questions = []\n",
    );
    assert_rejected(
        &src,
        "review_questions",
        "review_questions = []",
        "at least one review question",
    );
}

#[test]
fn duplicate_category_key_is_rejected() {
    let src = edit("key = \"academia\"", "key = \"civil-society\"\n");
    assert_rejected(
        &src,
        "stakeholder_categories[1].key",
        "key = \"civil-society\"\n\n",
        "duplicate stakeholder category key \"civil-society\"",
    );
}

#[test]
fn category_key_must_be_a_slug_and_label_not_blank() {
    let src = edit("key = \"academia\"", "key = \"academia & research\"");
    assert_rejected(
        &src,
        "stakeholder_categories[1].key",
        "academia &",
        "invalid key",
    );
    let src = edit("label = \"Academia\"", "label = \"\"");
    assert_rejected(
        &src,
        "stakeholder_categories[1].label",
        "label = \"\"",
        "must not be empty",
    );
}

#[test]
fn at_least_one_stakeholder_category_is_required() {
    let start = BASE.find("[[stakeholder_categories]]").unwrap();
    let src = replace(
        &BASE[..start],
        "date = \"2021-02-03\"\n",
        "date = \"2021-02-03\"\nstakeholder_categories = []\n",
    );
    assert_rejected(
        &src,
        "stakeholder_categories",
        "stakeholder_categories = []",
        "at least one stakeholder category",
    );
}
