//! `roundtable audit`: a byte scan of the notes store, logs and exports for
//! every registered name, email, organisation and alias, and for any live
//! or revoked token.
//!
//! Tokens are stored only as hashes, so the audit finds them the other way
//! round: it hashes every token-shaped string in the scanned files and
//! looks the hash up. Hits are reported by file, offset and kind, never by
//! the identity found (the audit's own output must not leak either).

use std::collections::HashSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// What an identity string is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A registered person's name (full, or a part of at least 4 letters).
    Name,
    /// An email address.
    Email,
    /// An organisation or one of its aliases.
    Organisation,
    /// A token (matched by hash).
    Token,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Name => "name",
            Kind::Email => "email",
            Kind::Organisation => "organisation",
            Kind::Token => "token",
        }
    }
}

/// Everything to look for.
#[derive(Debug, Default)]
pub struct Needles {
    /// (lowercased needle, kind, whole-word match).
    strings: Vec<(Vec<u8>, Kind, bool)>,
    /// SHA-256 of every token ever issued.
    token_hashes: HashSet<[u8; 32]>,
    /// Identities the needles came from.
    pub identities: usize,
}

impl Needles {
    /// Adds a person's name: the full name, and each part of four or more
    /// letters as a whole word.
    pub fn name(&mut self, full: &str) {
        let full = full.trim();
        if full.is_empty() {
            return;
        }
        self.identities += 1;
        self.push(full, Kind::Name, false);
        for part in full.split(|c: char| c.is_whitespace() || c == '-') {
            if part.chars().count() >= 4 {
                self.push(part, Kind::Name, true);
            }
        }
    }

    /// Adds an email address.
    pub fn email(&mut self, email: &str) {
        if !email.trim().is_empty() {
            self.identities += 1;
            self.push(email.trim(), Kind::Email, false);
        }
    }

    /// Adds an organisation name or alias (aliases shorter than 3 letters
    /// would only produce noise and are skipped).
    pub fn organisation(&mut self, name: &str) {
        let name = name.trim();
        if name.chars().count() >= 3 {
            self.identities += 1;
            self.push(name, Kind::Organisation, true);
        }
    }

    /// Adds the hash of a token.
    pub fn token_hash(&mut self, hash: [u8; 32]) {
        self.identities += 1;
        self.token_hashes.insert(hash);
    }

    /// Reads a `--names` file: one name, email or organisation per line,
    /// prefixed `name:`, `email:` or `org:` (a bare line is a name).
    pub fn from_list(&mut self, text: &str) {
        for line in text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            match line.split_once(':') {
                Some(("email", v)) => self.email(v),
                Some(("org", v)) | Some(("organisation", v)) => self.organisation(v),
                Some(("name", v)) => self.name(v),
                _ => self.name(line),
            }
        }
    }

    fn push(&mut self, s: &str, kind: Kind, whole_word: bool) {
        // Files are folded with ASCII rules (offsets stay exact); needles go
        // in both as written and fully lowercased, ASCII-folded.
        for form in [
            s.to_ascii_lowercase(),
            s.to_lowercase().to_ascii_lowercase(),
        ] {
            let bytes = form.into_bytes();
            if !self
                .strings
                .iter()
                .any(|(n, k, _)| *n == bytes && *k == kind)
            {
                self.strings.push((bytes, kind, whole_word));
            }
        }
    }

    /// Every hit in `hay`: (offset, kind).
    pub fn scan(&self, hay: &[u8]) -> Vec<(usize, Kind)> {
        // Text files fold fully; binary files (database pages) fold ASCII
        // only, which keeps offsets exact.
        let lower = match std::str::from_utf8(hay) {
            Ok(text) if !text.is_ascii() => text.to_lowercase().into_bytes(),
            _ => hay.to_ascii_lowercase(),
        };
        let mut hits = Vec::new();
        for (needle, kind, whole) in &self.strings {
            for at in find_all(&lower, needle) {
                if !whole || is_word_boundary(&lower, at, needle.len()) {
                    hits.push((at, *kind));
                }
            }
        }
        if !self.token_hashes.is_empty() {
            for (at, candidate) in token_candidates(hay) {
                let h: [u8; 32] = Sha256::digest(candidate).into();
                if self.token_hashes.contains(&h) {
                    hits.push((at, Kind::Token));
                }
            }
        }
        hits.sort_unstable_by_key(|h| h.0);
        hits
    }
}

fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return Vec::new();
    }
    let first = needle[0];
    let mut out = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|&b| b == first)
        {
            None => break,
            Some(p) => {
                let at = i + p;
                if &hay[at..at + needle.len()] == needle {
                    out.push(at);
                }
                i = at + 1;
            }
        }
    }
    out
}

fn is_word_boundary(hay: &[u8], at: usize, len: usize) -> bool {
    let is_word = |c: char| c.is_alphanumeric();
    let after = hay
        .get(at + len..)
        .and_then(first_char)
        .is_none_or(|c| !is_word(c));
    let before = last_char(&hay[..at]).is_none_or(|c| !is_word(c));
    before && after
}

fn first_char(bytes: &[u8]) -> Option<char> {
    let end = bytes.len().min(4);
    (1..=end).find_map(|n| {
        std::str::from_utf8(&bytes[..n])
            .ok()
            .and_then(|s| s.chars().next())
    })
}

fn last_char(bytes: &[u8]) -> Option<char> {
    let n = bytes.len();
    (1..=n.min(4)).find_map(|k| {
        std::str::from_utf8(&bytes[n - k..])
            .ok()
            .and_then(|s| s.chars().last())
    })
}

/// Runs of base64url characters exactly as long as a token (43).
fn token_candidates(hay: &[u8]) -> Vec<(usize, &[u8])> {
    let tok = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let mut out = Vec::new();
    let mut start = None;
    for (i, &b) in hay.iter().chain(std::iter::once(&b' ')).enumerate() {
        match (tok(b), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                if i - s == 43 {
                    out.push((s, &hay[s..i]));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// One hit.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The file.
    pub file: PathBuf,
    /// Byte offset (inside the named entry for a DOCX).
    pub offset: usize,
    /// What was found.
    pub kind: Kind,
}

impl std::fmt::Display for Hit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "HIT {} at offset {}: a registered {}",
            self.file.display(),
            self.offset,
            self.kind.as_str()
        )
    }
}

/// The outcome of an audit.
#[derive(Debug, Default)]
pub struct Report {
    /// Identities checked.
    pub identities: usize,
    /// Files scanned.
    pub files: usize,
    /// Every hit.
    pub hits: Vec<Hit>,
}

/// Scans every file: plain bytes, and for zip containers (DOCX) every
/// entry inflated.
pub fn scan_files(needles: &Needles, files: &[PathBuf]) -> std::io::Result<Report> {
    let mut report = Report {
        identities: needles.identities,
        ..Report::default()
    };
    for file in files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        report.files += 1;
        for (offset, kind) in needles.scan(&bytes) {
            report.hits.push(Hit {
                file: file.clone(),
                offset,
                kind,
            });
        }
        if bytes.starts_with(b"PK\x03\x04")
            && let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&bytes))
        {
            for i in 0..zip.len() {
                let Ok(mut entry) = zip.by_index(i) else {
                    continue;
                };
                let name: String = entry
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_else(|_| format!("entry-{i}"));
                let mut inner = Vec::new();
                if entry.read_to_end(&mut inner).is_ok() {
                    for (offset, kind) in needles.scan(&inner) {
                        report.hits.push(Hit {
                            file: file.join(&name),
                            offset,
                            kind,
                        });
                    }
                }
            }
        }
    }
    Ok(report)
}

/// The notes store's files in `data`.
pub fn notes_files(data: &Path) -> Vec<PathBuf> {
    ["notes.db", "notes.db-wal", "notes.db-shm"]
        .iter()
        .map(|f| data.join(f))
        .filter(|p| p.exists())
        .collect()
}

/// Every regular file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_emails_organisations_case_insensitively() {
        let mut n = Needles::default();
        n.name("Siriporn Chaiyasit");
        n.email("s.chai@example.org");
        n.organisation("Mekong Migration Network");
        let hay = b"...SIRIPORN said... contact s.chai@EXAMPLE.org of the mekong migration network";
        let kinds: Vec<Kind> = n.scan(hay).into_iter().map(|h| h.1).collect();
        assert_eq!(kinds, [Kind::Name, Kind::Email, Kind::Organisation]);
    }

    #[test]
    fn name_parts_match_whole_words_only() {
        let mut n = Needles::default();
        n.name("Anna Lands");
        assert!(n.scan(b"the island landscape of annals").is_empty());
        assert_eq!(n.scan(b"as Anna put it").len(), 1);
        assert_eq!(n.scan("Lands\u{2019} view".as_bytes()).len(), 1);
    }

    #[test]
    fn tokens_are_found_by_hash() {
        let token = crate::access::Token::generate();
        let mut n = Needles::default();
        n.token_hash(token.hash());
        let hay = format!("GET /x?t={} HTTP/1.1", token.expose());
        let hits = n.scan(hay.as_bytes());
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].1, Kind::Token);
        let other = crate::access::Token::generate();
        assert!(n.scan(other.expose().as_bytes()).is_empty());
    }

    #[test]
    fn a_names_file_feeds_the_needles() {
        let mut n = Needles::default();
        n.from_list("# purged list\nname:Lê Văn Thành\nemail:thanh@example.vn\norg:Hanoi Labour Rights Centre\nBare Person\n");
        assert_eq!(n.identities, 4);
        assert!(!n.scan("Lê Văn Thành".as_bytes()).is_empty());
        assert!(
            !n.scan("LÊ VĂN THÀNH's".as_bytes()).is_empty(),
            "the family name alone is found too"
        );
    }
}
