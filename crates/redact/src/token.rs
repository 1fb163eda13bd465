//! Tokenisation: words with their byte range, folded key, shape (case) and
//! what separates them from the previous word.
//!
//! A word is a run of letters, digits and combining marks, so "Lan's" is
//! "Lan" + "s", "Anne-Marie" is "Anne" + "Marie", and "Annual" is one word
//! that never equals "Ann". `&` is read as the word "and".

use crate::fold::{finish_key, fold_char};
use unicode_normalization::char::is_combining_mark;

/// Case shape of a word, from its original characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape(u8);

impl Shape {
    const FIRST_UPPER: u8 = 1;
    const HAS_UPPER: u8 = 2;
    const HAS_LOWER: u8 = 4;
    const FIRST_ALPHA: u8 = 8;
    const FIRST_DIGIT: u8 = 16;
    const ONE_CHAR: u8 = 32;

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
    /// "Lan", "Li", "I", or a word of a script without case.
    pub(crate) fn is_title(self) -> bool {
        let caseless = !self.has(Self::HAS_UPPER) && !self.has(Self::HAS_LOWER);
        (self.has(Self::FIRST_UPPER) && (self.has(Self::HAS_LOWER) || self.has(Self::ONE_CHAR)))
            || (caseless && self.has(Self::FIRST_ALPHA))
    }
    /// "IOM", "LAN".
    pub(crate) fn is_caps(self) -> bool {
        self.has(Self::HAS_UPPER) && !self.has(Self::HAS_LOWER)
    }
    /// "iom", "lan".
    pub(crate) fn is_lower(self) -> bool {
        self.has(Self::HAS_LOWER) && !self.has(Self::HAS_UPPER)
    }
    /// Starts with a capital (or has no case at all).
    pub(crate) fn is_capitalised(self) -> bool {
        self.has(Self::FIRST_UPPER)
            || (!self.has(Self::HAS_UPPER)
                && !self.has(Self::HAS_LOWER)
                && self.has(Self::FIRST_ALPHA))
    }
    /// Starts with a digit.
    pub(crate) fn is_numeric(self) -> bool {
        self.has(Self::FIRST_DIGIT)
    }
}

/// What lies between a word and the previous one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Gap {
    bits: u16,
    /// Length in characters.
    pub(crate) len: u16,
}

impl Gap {
    /// Whitespace.
    pub(crate) const SPACE: u16 = 1;
    /// A line break.
    pub(crate) const NEWLINE: u16 = 2;
    /// `-`, `'`, `’`, `/`: joins parts of a name.
    pub(crate) const JOIN: u16 = 4;
    /// A full stop.
    pub(crate) const PERIOD: u16 = 8;
    /// `,` `:` brackets, quotes and dashes.
    pub(crate) const SOFT: u16 = 16;
    /// `!` `?` `;`.
    pub(crate) const HARD: u16 = 32;
    /// An opening bracket.
    pub(crate) const OPEN: u16 = 64;
    /// A redacted contact detail or the start of the text.
    pub(crate) const BREAK: u16 = 128;
    /// Any other symbol.
    pub(crate) const OTHER: u16 = 256;
    /// The start of the text.
    pub(crate) const START: u16 = 512;

    pub(crate) fn has(self, bits: u16) -> bool {
        self.bits & bits != 0
    }
    /// Only whitespace, apostrophes or hyphens: inside one phrase.
    pub(crate) fn is_tight(self) -> bool {
        self.bits & !(Self::SPACE | Self::JOIN | Self::NEWLINE) == 0 && self.len <= 3
    }
    /// Between two parts of one name ("Ma. Cristina", "a/l", "O’Connor").
    pub(crate) fn joins_name(self) -> bool {
        self.bits & !(Self::SPACE | Self::JOIN | Self::PERIOD | Self::NEWLINE) == 0 && self.len <= 4
    }
    /// Between a trigger phrase and the organisation it introduces.
    pub(crate) fn introduces(self) -> bool {
        !self.has(Self::HARD | Self::PERIOD | Self::BREAK | Self::OTHER) && self.len <= 4
    }
    /// Ends a sentence (or starts the text).
    pub(crate) fn ends_sentence(self) -> bool {
        self.has(Self::START | Self::PERIOD | Self::HARD | Self::NEWLINE)
    }

    fn add(&mut self, c: char) {
        self.len = self.len.saturating_add(1);
        self.bits |= match c {
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => Self::NEWLINE | Self::SPACE,
            c if c.is_whitespace() => Self::SPACE,
            '-' | '\'' | '’' | '‐' | '‑' | '/' | 'ʼ' => Self::JOIN,
            '.' => Self::PERIOD,
            '(' | '[' | '{' => Self::OPEN | Self::SOFT,
            ',' | ':' | ')' | ']' | '}' | '"' | '“' | '”' | '‘' | '–' | '—' | '«' | '»' => {
                Self::SOFT
            }
            '!' | '?' | ';' | '…' | '。' | '！' | '？' => Self::HARD,
            _ => Self::OTHER,
        };
    }
}

/// One word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte range in the original text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Byte range of the key in the shared key buffer.
    pub(crate) key: (u32, u32),
    /// Characters in the key.
    pub(crate) chars: u16,
    pub(crate) shape: Shape,
    /// What precedes the word.
    pub(crate) gap: Gap,
    /// Dictionary id (set by the dictionary).
    pub(crate) id: Option<u32>,
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c) || c == '\u{200C}' || c == '\u{200D}'
}

/// The character at byte `i` (a char boundary) and its length.
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return (b as char, 1);
    }
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    (c, c.len_utf8())
}

/// Splits `text` into words, skipping the byte ranges in `skip` (sorted,
/// disjoint: contact details already found). Keys go to `keys`.
pub(crate) fn tokenize(
    text: &str,
    skip: &[(usize, usize)],
    keys: &mut String,
    out: &mut Vec<Token>,
) {
    let mut gap = Gap {
        bits: Gap::START | Gap::BREAK,
        len: 0,
    };
    let mut skips = skip.iter().peekable();
    let mut i = 0;
    while i < text.len() {
        if let Some(&&(s, e)) = skips.peek() {
            if i >= e {
                skips.next();
                continue;
            }
            if i >= s {
                gap.bits |= Gap::BREAK;
                i = e;
                continue;
            }
        }
        let limit = skips.peek().map_or(text.len(), |&&(s, _)| s);
        let (c, len) = char_at(text, i);
        if c == '&' {
            let k = keys.len() as u32;
            keys.push_str("and");
            let shape = Shape(Shape::FIRST_ALPHA);
            out.push(Token {
                start: i,
                end: i + 1,
                key: (k, k + 3),
                chars: 3,
                shape,
                gap,
                id: None,
            });
            gap = Gap::default();
            i += 1;
            continue;
        }
        if !is_word_char(c) {
            gap.add(c);
            i += len;
            continue;
        }
        let start = i;
        let key_start = keys.len();
        let mut shape = if c.is_uppercase() {
            Shape::FIRST_UPPER
        } else {
            0
        };
        if c.is_alphabetic() {
            shape |= Shape::FIRST_ALPHA;
        } else if c.is_numeric() {
            shape |= Shape::FIRST_DIGIT;
        }
        let mut count = 0u16;
        let mut ascii = true;
        while i < limit {
            let (d, dlen) = char_at(text, i);
            if dlen == 1 {
                if !d.is_ascii_alphanumeric() {
                    break;
                }
                if d.is_ascii_uppercase() {
                    shape |= Shape::HAS_UPPER;
                } else if d.is_ascii_lowercase() {
                    shape |= Shape::HAS_LOWER;
                }
                keys.push(d.to_ascii_lowercase());
            } else {
                if !is_word_char(d) {
                    break;
                }
                if d.is_uppercase() {
                    shape |= Shape::HAS_UPPER;
                } else if d.is_lowercase() {
                    shape |= Shape::HAS_LOWER;
                }
                ascii = false;
                fold_char(d, keys);
            }
            count = count.saturating_add(1);
            i += dlen;
        }
        if count == 1 {
            shape |= Shape::ONE_CHAR;
        }
        finish_key(keys, key_start);
        if keys.len() == key_start {
            // Only marks or joiners: treat as a symbol.
            gap.add('\u{25CC}');
            continue;
        }
        let folded = &keys[key_start..];
        let chars = if ascii {
            folded.len()
        } else {
            folded.chars().count()
        };
        let chars = chars.min(u16::MAX as usize) as u16;
        let key = (key_start as u32, keys.len() as u32);
        out.push(Token {
            start,
            end: i,
            key,
            chars,
            shape: Shape(shape),
            gap,
            id: None,
        });
        gap = Gap::default();
    }
}

/// The keys of the words of a registered name, with the gaps before them.
pub(crate) fn words(name: &str) -> Vec<(String, Gap)> {
    let mut keys = String::new();
    let mut toks = Vec::new();
    tokenize(name, &[], &mut keys, &mut toks);
    toks.iter()
        .map(|t| (keys[t.key.0 as usize..t.key.1 as usize].to_owned(), t.gap))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> (Vec<Token>, String) {
        let mut keys = String::new();
        let mut out = Vec::new();
        tokenize(text, &[], &mut keys, &mut out);
        (out, keys)
    }

    fn key_list(text: &str) -> Vec<String> {
        let (t, k) = toks(text);
        t.iter()
            .map(|t| k[t.key.0 as usize..t.key.1 as usize].to_owned())
            .collect()
    }

    #[test]
    fn possessives_and_hyphens_split_words() {
        assert_eq!(
            key_list("Lan's and Somchai’s"),
            ["lan", "s", "and", "somchai", "s"]
        );
        assert_eq!(key_list("Anne-Marie"), ["anne", "marie"]);
        assert_eq!(key_list("AT&T"), ["at", "and", "t"]);
    }

    #[test]
    fn byte_ranges_point_into_the_original_text() {
        let text = "Chào Nguyễn Thị Lan!";
        let (t, _) = toks(text);
        assert_eq!(&text[t[1].start..t[1].end], "Nguyễn");
        assert_eq!(&text[t[3].start..t[3].end], "Lan");
        assert!(t[0].gap.ends_sentence());
        assert!(t[1].gap.is_tight());
    }

    #[test]
    fn shapes_tell_title_caps_and_lower() {
        let (t, _) = toks("Lan MFA iom Li I 2021 王伟");
        assert!(t[0].shape.is_title() && !t[0].shape.is_caps());
        assert!(t[1].shape.is_caps() && !t[1].shape.is_title());
        assert!(t[2].shape.is_lower());
        assert!(t[3].shape.is_title());
        assert!(t[4].shape.is_title());
        assert!(t[5].shape.is_numeric() && !t[5].shape.is_title());
        assert!(t[6].shape.is_title());
    }

    #[test]
    fn skipped_ranges_are_breaks() {
        let text = "mail lan@x.org now";
        let mut keys = String::new();
        let mut out = Vec::new();
        tokenize(text, &[(5, 14)], &mut keys, &mut out);
        assert_eq!(out.len(), 2);
        assert!(out[1].gap.has(Gap::BREAK));
    }
}
