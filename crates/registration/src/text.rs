//! Text folding shared by organisation names, country names and form values.

use unicode_normalization::UnicodeNormalization;

/// Folds `input` to lowercase ASCII-like words separated by single spaces.
///
/// - Unicode compatibility decomposition (NFKD), then the generic combining
///   diacritics are dropped: "Đà Nẵng" → "da nang", "Ｍｉｇｒａｎｔ" → "migrant".
///   Only the diacritic blocks are dropped, so scripts whose vowel signs are
///   combining marks (Thai, Devanagari, …) keep them.
/// - Letters that do not decompose are spelt out: ß→ss, æ→ae, œ→oe, ø→o,
///   đ/ð→d, ł→l, þ→th, ı→i.
/// - Full stops and apostrophes are deleted ("e.V." → "ev", "Women's" →
///   "womens"); "&" becomes the word "and"; every other non-alphanumeric
///   character separates words.
pub(crate) fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    let push_word_char = |out: &mut String, c: char, pending: &mut bool| {
        if *pending && !out.is_empty() {
            out.push(' ');
        }
        *pending = false;
        out.push(c);
    };
    for c in input.nfkd().flat_map(char::to_lowercase) {
        if is_diacritic(c) || matches!(c, '.' | '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`') {
            continue;
        }
        if c == '&' {
            pending_space = true;
            for a in "and".chars() {
                push_word_char(&mut out, a, &mut pending_space);
            }
            pending_space = true;
            continue;
        }
        if !c.is_alphanumeric() {
            pending_space = true;
            continue;
        }
        match spelt_out(c) {
            Some(s) => {
                for a in s.chars() {
                    push_word_char(&mut out, a, &mut pending_space);
                }
            }
            None => push_word_char(&mut out, c, &mut pending_space),
        }
    }
    out
}

/// Generic combining diacritical marks (not script-specific vowel signs).
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

fn spelt_out(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'đ' | 'ð' => "d",
        'ł' => "l",
        'þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn folds_case_spacing_and_diacritics() {
        assert_eq!(fold("  Đà   Nẵng\tCity "), "da nang city");
        assert_eq!(fold("Ｍｉｇｒａｎｔ"), "migrant");
        assert_eq!(
            fold("Straße Æsir Øresund Łódź"),
            "strasse aesir oresund lodz"
        );
    }

    #[test]
    fn deletes_stops_and_apostrophes_and_spells_ampersand() {
        assert_eq!(fold("e.V."), "ev");
        assert_eq!(fold("Women’s Rights"), "womens rights");
        assert_eq!(fold("Migrants&Refugees"), "migrants and refugees");
        assert_eq!(fold("Asia-Pacific, (Bangkok)"), "asia pacific bangkok");
    }

    #[test]
    fn keeps_non_latin_scripts_intact() {
        // Thai vowel signs are combining marks but not diacritics.
        assert_eq!(fold("มูลนิธิ"), "มูลนิธิ");
        assert_eq!(fold(""), "");
        assert_eq!(fold(" - . "), "");
    }
}
