//! Folding: the comparison key of a word.
//!
//! A key is the word in lower case, without diacritics (compatibility
//! decomposition, combining marks dropped, a few letters that do not
//! decompose mapped by hand: đ → d, ø → o, ß → ss…), keeping letters and
//! digits only. Keys of five characters or more also have doubled letters
//! collapsed, so that common transliteration variants meet
//! ("Mohammad"/"Mohamad", "Harrington"/"Harington") while short names stay
//! exact ("Ann" is not "An").

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Letters that carry no canonical decomposition but have an obvious base.
fn special(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        'ŧ' | 'Ŧ' => "t",
        _ => return None,
    })
}

/// Appends the folded form of `c` to `out` (nothing for marks and symbols).
pub(crate) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
        return;
    }
    if let Some(s) = special(c) {
        out.push_str(s);
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        if let Some(s) = special(d) {
            out.push_str(s);
            return;
        }
        for l in d.to_lowercase() {
            if l.is_alphanumeric() {
                out.push(l);
            }
        }
    });
}

/// Finishes the key that starts at `start` in `out`: collapses doubled
/// letters when it has five characters or more.
pub(crate) fn finish_key(out: &mut String, start: usize) {
    let key = &out[start..];
    if key.len() < 5 || !key.as_bytes().windows(2).any(|w| w[0] == w[1]) {
        return;
    }
    let mut count = 0usize;
    let mut doubled = false;
    let mut prev = None;
    for c in key.chars() {
        count += 1;
        doubled |= prev == Some(c);
        prev = Some(c);
    }
    if count < 5 || !doubled {
        return;
    }
    let mut collapsed = String::with_capacity(key.len());
    let mut prev = None;
    for c in key.chars() {
        if prev != Some(c) {
            collapsed.push(c);
        }
        prev = Some(c);
    }
    out.truncate(start);
    out.push_str(&collapsed);
}

/// The key of one word (symbols inside it are dropped).
pub(crate) fn key(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        fold_char(c, &mut out);
    }
    finish_key(&mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn folding_removes_case_and_vietnamese_diacritics() {
        assert_eq!(key("Nguyễn"), "nguyen");
        assert_eq!(key("Thị"), "thi");
        assert_eq!(key("Hằng"), "hang");
        assert_eq!(key("Đỗ"), "do");
        assert_eq!(key("VÕ"), "vo");
    }

    #[test]
    fn folding_handles_letters_without_decomposition() {
        assert_eq!(key("Müller"), "muler");
        assert_eq!(key("Søren"), "soren");
        assert_eq!(key("Łukasz"), "lukasz");
        assert_eq!(key("Straße"), "strase");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        assert_eq!(key("Nguye\u{302}\u{303}n"), key("Nguyễn"));
    }

    #[test]
    fn fullwidth_letters_fold_to_ascii() {
        assert_eq!(key("ＩＯＭ"), "iom");
    }

    #[test]
    fn doubled_letters_collapse_only_in_long_keys() {
        assert_eq!(key("Mohammad"), key("Mohamad"));
        assert_eq!(key("Ann"), "ann");
        assert_ne!(key("Ann"), key("An"));
        assert_eq!(key("Anne"), "anne");
    }

    #[test]
    fn scripts_without_case_are_kept() {
        assert_eq!(key("王伟"), "王伟");
        assert_eq!(key("สมชาย"), key("สมชาย"));
    }
}
