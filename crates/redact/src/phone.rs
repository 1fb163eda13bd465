//! Phone numbers, without eating years, dates, counts or resolution numbers.
//!
//! A candidate is a run of digit groups joined by single separators (space,
//! `-`, `.`, brackets). It is a phone number when it has 7–15 digits and:
//! it starts with `+` or `00` (8 digits or more); or it starts with an area
//! code in brackets; or it has 9 digits or more and is not a count written
//! with thousands separators ("1 200 000"); or 8 digits in groups
//! ("6123 4567", "02-288-123"); or 7 digits written `123-4567`. Runs made
//! only of years ("2019-2021", "2018 2019 2020"), dates ("03.02.2021",
//! "2021-02-03"), numbers glued to letters ("C189", "10am"), percentages,
//! and numbers inside `73/195`, `1,200` or `11:00` are never phones.

use crate::Kind;
use crate::contact::Span;

const MAX_GROUPS: usize = 12;

#[derive(Default)]
struct Run {
    end: usize,
    groups: [(usize, u8); MAX_GROUPS],
    count: usize,
    plus: bool,
    paren_first: bool,
    hyphen: bool,
    /// Separator before each group (b' ' when it contains a space).
    seps: [u8; MAX_GROUPS],
}

impl Run {
    fn scan(b: &[u8], start: usize) -> Run {
        let mut r = Run::default();
        let mut pos = start;
        let mut depth = 0u8;
        if b[pos] == b'(' {
            r.paren_first = true;
            depth = 1;
            pos += 1;
        }
        if pos < b.len() && b[pos] == b'+' {
            r.plus = true;
            pos += 1;
        }
        let mut sep = 0u8;
        loop {
            let g = pos;
            while pos < b.len() && b[pos].is_ascii_digit() {
                pos += 1;
            }
            if pos == g || r.count == MAX_GROUPS {
                break;
            }
            r.groups[r.count] = (g, (pos - g).min(255) as u8);
            r.seps[r.count] = sep;
            r.count += 1;
            r.end = pos;
            let (mut p, mut n, mut dash_dot) = (pos, 0, 0);
            sep = 0;
            while p < b.len() && n < 3 {
                match b[p] {
                    b' ' => sep = b' ',
                    b'-' | b'.' => {
                        dash_dot += 1;
                        if b[p] == b'-' && sep != b' ' {
                            sep = b'-';
                        } else if sep == 0 {
                            sep = b'.';
                        }
                    }
                    b'(' if depth == 0 => depth = 1,
                    b')' if depth == 1 => depth = 0,
                    0xC2 if b.get(p + 1) == Some(&0xA0) => {
                        sep = b' ';
                        p += 1;
                    }
                    _ => break,
                }
                p += 1;
                n += 1;
            }
            if n == 0 || dash_dot > 1 || p >= b.len() || !b[p].is_ascii_digit() {
                break;
            }
            r.hyphen |= sep == b'-';
            pos = p;
        }
        r
    }

    fn digits(&self, from: usize) -> usize {
        self.groups[from..self.count]
            .iter()
            .map(|g| g.1 as usize)
            .sum()
    }

    fn is_year(&self, b: &[u8], k: usize) -> bool {
        let (s, len) = self.groups[k];
        len == 4 && (b[s..s + 2] == *b"19" || b[s..s + 2] == *b"20")
    }

    /// The phone number in this run (groups `from..`), if it is one.
    fn phone(&self, b: &[u8], from: usize) -> Option<usize> {
        let mut g = [0u8; MAX_GROUPS];
        for (k, group) in self.groups[from..self.count].iter().enumerate() {
            g[k] = group.1;
        }
        let n = self.count - from;
        let g = &g[..n];
        let d = self.digits(from);
        if n == 0 || !(7..=15).contains(&d) {
            return None;
        }
        let years = (from..self.count).filter(|&k| self.is_year(b, k)).count();
        if years == n || (years >= 2 && !self.plus) {
            return None;
        }
        if n >= 2 && from == 0 && !self.plus && self.is_year(b, 0) && self.seps[1] == b' ' {
            return self.phone(b, 1);
        }
        let date = n == 3
            && ((self.is_year(b, from + 2) && g[0] <= 2 && g[1] <= 2)
                || (self.is_year(b, from) && g[1] <= 2 && g[2] <= 2));
        if date {
            return None;
        }
        let first = self.groups[from].0;
        let zero = b[first] == b'0';
        if (self.plus || (zero && b.get(first + 1) == Some(&b'0'))) && from == 0 {
            return (d >= 8).then_some(from);
        }
        if self.paren_first && from == 0 {
            return (d <= 12).then_some(from);
        }
        if n == 1 {
            return (zero && (9..=11).contains(&d)).then_some(from);
        }
        if !zero && g[0] <= 3 && g[1..].iter().all(|&x| x == 3) && !self.hyphen {
            return None;
        }
        match d {
            9.. => Some(from),
            8 => (g == [4, 4] || zero || self.hyphen).then_some(from),
            _ => (self.hyphen && g == [3, 4]).then_some(from),
        }
    }
}

/// How a run is glued to what is around it.
#[derive(PartialEq, Eq)]
enum Glue {
    /// Free standing.
    None,
    /// To another number by `/`, `:`, `,`, `.` or `-` ("73/195", "1,200",
    /// "11:00"): only a long run (9 digits or more) is still a phone.
    Number,
    /// To a letter, `%` or a currency ("C189", "10am", "45%", "$1500"): never.
    Word,
}

fn glue_before(text: &str, i: usize) -> Glue {
    let mut prev = text[..i].chars().rev();
    match prev.next() {
        None => Glue::None,
        Some(c) if c.is_alphanumeric() => Glue::Word,
        Some('.' | ',' | '/' | ':' | '-') if prev.next().is_some_and(|c| c.is_ascii_digit()) => {
            Glue::Number
        }
        Some('$' | '€' | '£' | '¥' | '฿' | '₱' | '₹' | '₫' | '₩' | '#' | '+') => {
            Glue::Word
        }
        Some(_) => Glue::None,
    }
}

fn glue_after(b: &[u8], end: usize, text: &str) -> Glue {
    let Some(c) = text[end..].chars().next() else {
        return Glue::None;
    };
    let digit_next = b.get(end + 1).is_some_and(u8::is_ascii_digit);
    if c.is_alphanumeric() || c == '%' {
        Glue::Word
    } else if matches!(c, '/' | ':' | ',' | '.') && digit_next {
        Glue::Number
    } else {
        Glue::None
    }
}

/// "ISBN 978-92-…" and "ISSN 1234-5678" are not phones.
fn after_isbn(b: &[u8], i: usize) -> bool {
    let before = &b[i.saturating_sub(6)..i];
    before
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"isbn") || w.eq_ignore_ascii_case(b"issn"))
}

/// Adds phone numbers outside the existing `spans` (sorted).
pub(crate) fn scan(text: &str, spans: &mut Vec<Span>) {
    let b = text.as_bytes();
    let taken: Vec<(usize, usize)> = spans.iter().map(|s| (s.0, s.1)).collect();
    let mut next_taken = taken.iter().peekable();
    let mut i = 0;
    let candidate = |c: &u8| c.is_ascii_digit() || *c == b'+' || *c == b'(';
    while let Some(k) = b[i..].iter().position(candidate) {
        i += k;
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        let starts = c.is_ascii_digit()
            || (c == b'+' && (next.is_ascii_digit() || next == b'('))
            || (c == b'(' && (next.is_ascii_digit() || next == b'+'));
        if !starts {
            i += 1;
            continue;
        }
        while next_taken.peek().is_some_and(|t| t.1 <= i) {
            next_taken.next();
        }
        if let Some(&&(s, e)) = next_taken.peek()
            && i >= s
        {
            i = e;
            continue;
        }
        let run = Run::scan(b, i);
        let limit = next_taken.peek().map_or(b.len(), |t| t.0);
        let glue = [glue_before(text, i), glue_after(b, run.end, text)];
        let glued =
            glue.contains(&Glue::Word) || (glue.contains(&Glue::Number) && run.digits(0) < 9);
        let phone = (!glued && run.end <= limit && !after_isbn(b, i)).then(|| run.phone(b, 0));
        if let Some(Some(k)) = phone {
            // An opening bracket belongs to the number only if it is closed.
            let bracket_ok = !run.paren_first || text[i..run.end].contains(')');
            let start = if k == 0 && bracket_ok {
                i
            } else {
                run.groups[k].0
            };
            spans.push((start, run.end, Kind::Phone));
        }
        i = run.end.max(i + 1);
    }
}

#[cfg(test)]
mod tests {
    fn phones(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        super::scan(text, &mut spans);
        spans.iter().map(|s| &text[s.0..s.1]).collect()
    }

    #[test]
    fn international_and_local_formats_are_phones() {
        for p in [
            "+66 2 123 4567",
            "(02) 123-4567",
            "081-234-5678",
            "+880 1712-345678",
            "+977-1-4412345",
            "0066 2 288 1234",
            "+61 (0)2 9876 5432",
            "+1 (212) 555-0199",
            "(+66) 2 123 4567",
            "+66.81.234.5678",
            "+676 23456",
            "0812345678",
            "6123 4567",
            "555-0142",
            "1800 555 123",
            "+66 (0) 81 234 5678",
        ] {
            assert_eq!(phones(&format!("Call {p}.")), [p], "{p}");
        }
    }

    #[test]
    fn years_dates_counts_and_references_are_not_phones() {
        for t in [
            "In 2021, 73% of them",
            "resolutions 73/195 and 73/326",
            "the 2019-2021 survey",
            "years 2018 2019 2020",
            "2010 2011 2012 2013 2014",
            "dated 2021-02-03",
            "on 31/01/2021",
            "on 03.02.2021",
            "1 200 000 permits",
            "250 000 workers",
            "10,000,000 people",
            "11:00 to 14:30",
            "C189 and C190",
            "SDG 10.7.2",
            "USD 1,200",
            "$1500000",
            "paragraphs 12-15",
            "2020/123/456",
            "+5%",
            "ISBN 978-92-1-120822-7",
            "ran 2019.01-2019.12",
            "1,234,567 people",
            "hotline 1694",
            "3.5 million",
            "12 000 calls in 2020",
        ] {
            assert!(phones(t).is_empty(), "{t}: {:?}", phones(t));
        }
    }

    #[test]
    fn two_numbers_joined_by_a_slash_are_both_phones() {
        let text = "Numbers: 02 123 4567/02 123 4568.";
        assert_eq!(phones(text), ["02 123 4567", "02 123 4568"]);
    }

    #[test]
    fn a_leading_year_is_left_out() {
        assert_eq!(phones("since 2021 081 234 5678"), ["081 234 5678"]);
    }
}
