//! The marker every loadgen contribution carries in its text.
//!
//! A receiver learns from the text alone which post it is looking at and
//! when that post was scheduled, so delivery latency needs no lookup and no
//! second clock: sender and receivers share one process and one `Instant`.
//!
//! Numbers are written in base 26 with the letters `a`-`z`, never digits,
//! so that a redaction pass that masks long digit runs (phone numbers, ID
//! numbers) leaves the marker intact.

/// What a contribution's text says about the post it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Identifies one loadgen run; other runs' contributions are ignored.
    pub run: u64,
    /// The post's index in the run's plan.
    pub post: u32,
    /// When the post was scheduled, in microseconds since the run's origin.
    pub at_us: u64,
}

/// First word of every marker.
const TAG: &str = "loadgen";

fn letters(mut n: u64, out: &mut String) {
    let mut buf = [0u8; 16];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'a' + (n % 26) as u8;
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).expect("ASCII letters"));
}

fn number(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 13 {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        b.is_ascii_lowercase().then(|| n * 26 + u64::from(b - b'a'))
    })
}

impl Marker {
    /// The contribution text: the marker, then filler words up to about
    /// `len` characters.
    pub fn text(&self, len: usize) -> String {
        let mut s = String::with_capacity(len + 16);
        s.push_str(TAG);
        for n in [self.run, u64::from(self.post), self.at_us] {
            s.push(' ');
            letters(n, &mut s);
        }
        const FILLER: &str = " synthetic contribution written by the load generator";
        while s.len() < len {
            let take = (len - s.len()).min(FILLER.len());
            s.push_str(&FILLER[..take]);
        }
        s.truncate(s.trim_end().len());
        s
    }

    /// Reads the marker at the start of a contribution's text.
    pub fn parse(text: &str) -> Option<Marker> {
        let mut words = text.split(' ');
        if words.next()? != TAG {
            return None;
        }
        let run = number(words.next()?)?;
        let post = u32::try_from(number(words.next()?)?).ok()?;
        let at_us = number(words.next()?)?;
        Some(Marker { run, post, at_us })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_survives_the_round_trip_and_has_no_digits() {
        for m in [
            Marker {
                run: 0,
                post: 0,
                at_us: 0,
            },
            Marker {
                run: 123_456_789,
                post: u32::MAX,
                at_us: 86_400_000_000,
            },
        ] {
            let t = m.text(120);
            assert!(!t.bytes().any(|b| b.is_ascii_digit()), "{t}");
            assert!(t.len() <= 120 || t.split(' ').count() == 4);
            assert_eq!(Marker::parse(&t), Some(m));
        }
    }

    #[test]
    fn foreign_text_is_not_a_marker() {
        assert_eq!(Marker::parse("hello world"), None);
        assert_eq!(Marker::parse("loadgen ab 12 cd"), None);
        assert_eq!(Marker::parse("loadgen"), None);
    }
}
