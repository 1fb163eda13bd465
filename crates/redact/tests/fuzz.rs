//! Fuzz-style test: arbitrary Unicode, mixed with the fragments the
//! redactor reacts to, never makes it panic or break its invariants.

use roundtable_redact::{Directory, OrgEntry, Redaction, Redactor};

fn redactor() -> Redactor {
    let people = [
        "Nguyễn Thị Lan",
        "Somchai Wongsakul",
        "Will Harrington",
        "May Thandar Win",
        "Li Na",
    ];
    Redactor::new(&Directory {
        people: people.iter().map(|p| p.to_string()).collect(),
        organisations: vec![OrgEntry {
            name: "Migrant Forum in Asia".into(),
            aliases: vec!["MFA".into()],
        }],
    })
}

/// A small deterministic generator for the fuzz test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn check_invariants(text: &str, r: &Redaction) {
    let mut prev_end = 0;
    let mut expected = String::new();
    for x in &r.redactions {
        assert!(x.start >= prev_end && x.start < x.end && x.end <= text.len());
        assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
        assert_eq!(x.placeholder, x.kind.placeholder());
        expected.push_str(&text[prev_end..x.start]);
        expected.push_str(x.placeholder);
        prev_end = x.end;
    }
    expected.push_str(&text[prev_end..]);
    assert_eq!(r.text, expected);
    for f in &r.flags {
        assert!(f.start < f.end && f.end <= r.text.len());
        assert!(r.text.is_char_boundary(f.start) && r.text.is_char_boundary(f.end));
    }
}

#[test]
fn arbitrary_unicode_never_panics_and_keeps_invariants() {
    let pieces = [
        "Lan",
        "lan",
        "Somchai",
        "'s",
        "’s",
        " ",
        "  ",
        "\n",
        ".",
        ",",
        "(",
        ")",
        "@",
        "@x",
        "+66",
        " 2 ",
        "123",
        "-",
        "4567",
        "/",
        "www.",
        "http://",
        ".org",
        "MFA",
        "we at",
        "the",
        "IOM",
        "Nguyễn",
        "e\u{301}",
        "\u{301}",
        "\u{200d}",
        "&",
        "[at]",
        " AT ",
        " DOT ",
        "Skype:",
        ":",
        "May",
        "Will",
        "Ms.",
        "S.",
        "王伟",
        "สมชาย",
        "🙂",
        "\u{0}",
        "\u{FEFF}",
        "ǅ",
        "ß",
        "İ",
        "Ⅻ",
        "Ｌａｎ",
        "²",
        "٣",
        "\u{10FFFF}",
    ];
    let redactor = redactor();
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..20_000 {
        let mut text = String::new();
        for _ in 0..rng.next() % 24 {
            if rng.next().is_multiple_of(4) {
                let c = char::from_u32((rng.next() % 0x11_0000) as u32).unwrap_or('\u{FFFD}');
                text.push(c);
            } else {
                text.push_str(pieces[(rng.next() % pieces.len() as u64) as usize]);
            }
        }
        let r = redactor.redact(&text);
        check_invariants(&text, &r);
    }
}
