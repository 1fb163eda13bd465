//! Reading a registration CSV as form tools export it: which column is
//! which ([`HEADERS`]), and each row as a [`Form`] or a row-level error.
//!
//! Pure: bytes in, rows out. UTF-8 with or without a byte-order mark;
//! quoted fields may hold commas, quotes and line breaks. Row numbers count
//! CSV records with the header as row 1 (a quoted line break does not start
//! a new row); `line` is the line the record starts on.

use super::rules::{Form, fold_key};

/// A column Roundtable reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Full name.
    Name,
    /// Given name (joined with [`Column::LastName`] when there is no full name).
    FirstName,
    /// Family name.
    LastName,
    /// Email address.
    Email,
    /// Organisation.
    Organisation,
    /// Stakeholder category.
    Category,
    /// Gender.
    Gender,
    /// Country.
    Country,
    /// Preferred working group (optional).
    PreferredGroup,
    /// Accessibility needs (optional).
    Accessibility,
    /// Agreement to the Chatham House Rule.
    Consent,
}

impl Column {
    /// The field name used in messages.
    pub fn field(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::FirstName => "first name",
            Column::LastName => "last name",
            Column::Email => "email",
            Column::Organisation => "organisation",
            Column::Category => "category",
            Column::Gender => "gender",
            Column::Country => "country",
            Column::PreferredGroup => "preferred_group",
            Column::Accessibility => "accessibility",
            Column::Consent => "consent",
        }
    }
}

/// Accepted header names, compared after folding case, spaces and
/// punctuation ("E-mail address" → "emailaddress") and dropping a trailing
/// "required"/"optional" ("Country (required) *"). Besides these, any
/// header that mentions the Chatham House Rule or starts with "I agree" is
/// the consent column. docs/registration.md lists them for organisers.
pub const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::Name,
        &[
            "name",
            "fullname",
            "yourname",
            "yourfullname",
            "participantname",
            "firstandlastname",
            "nameandsurname",
        ],
    ),
    (Column::FirstName, &["firstname", "givenname", "forename"]),
    (Column::LastName, &["lastname", "familyname", "surname"]),
    (
        Column::Email,
        &[
            "email",
            "emailaddress",
            "youremail",
            "youremailaddress",
            "contactemail",
            "mail",
        ],
    ),
    (
        Column::Organisation,
        &[
            "organisation",
            "organization",
            "organisationname",
            "organizationname",
            "yourorganisation",
            "yourorganization",
            "affiliation",
            "organisationaffiliation",
            "organizationaffiliation",
            "institution",
        ],
    ),
    (
        Column::Category,
        &[
            "stakeholdercategory",
            "category",
            "stakeholdergroup",
            "stakeholdertype",
            "constituency",
            "sector",
        ],
    ),
    (Column::Gender, &["gender", "genderidentity", "sex"]),
    (
        Column::Country,
        &[
            "country",
            "countryofresidence",
            "countryofresidencework",
            "countryofwork",
            "countryorterritory",
            "countryterritory",
            "countryofbase",
            "basedin",
        ],
    ),
    (
        Column::PreferredGroup,
        &[
            "preferredworkinggroup",
            "preferredgroup",
            "workinggroup",
            "workinggrouppreference",
            "wgpreference",
        ],
    ),
    (
        Column::Accessibility,
        &[
            "accessibilityneeds",
            "accessibility",
            "accessibilityrequirements",
            "accessneeds",
            "specialrequirements",
        ],
    ),
    (
        Column::Consent,
        &["consent", "agreement", "chathamhouserule", "iagree"],
    ),
];

/// The column a header names, if any.
pub fn column_for(header: &str) -> Option<Column> {
    let mut key = fold_key(header);
    for suffix in ["required", "optional"] {
        if key.len() > suffix.len() && key.ends_with(suffix) {
            key.truncate(key.len() - suffix.len());
        }
    }
    if let Some((c, _)) = HEADERS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
    {
        return Some(*c);
    }
    (key.contains("chathamhouse") || key.starts_with("iagree")).then_some(Column::Consent)
}

/// Whether a consent cell says yes: "yes", "y", "true", "1", "x",
/// "checked", "agree(d)", "I agree…", "accepted", "on".
pub fn truthy(cell: &str) -> bool {
    let k = fold_key(cell);
    matches!(
        k.as_str(),
        "yes"
            | "y"
            | "true"
            | "1"
            | "x"
            | "checked"
            | "agree"
            | "agreed"
            | "accept"
            | "accepted"
            | "on"
    ) || k.starts_with("iagree")
        || k.starts_with("yes")
}

/// One data row: its number, the line it starts on, and the form it holds
/// or why it could not be read.
#[derive(Debug)]
pub struct ParsedRow {
    /// Record number, the header being 1.
    pub row: usize,
    /// Line the record starts on (1-based).
    pub line: u64,
    /// The form, or a row-level error.
    pub form: Result<Form, String>,
}

/// A whole file.
#[derive(Debug)]
pub struct ParsedFile {
    /// Why the header cannot be used; when set, `rows` is empty.
    pub header_error: Option<String>,
    /// Header cells that map to no column (ignored).
    pub ignored: Vec<String>,
    /// The data rows.
    pub rows: Vec<ParsedRow>,
}

/// Counts newlines up to increasing byte offsets, incrementally.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    newlines: u64,
}

impl LineCounter {
    /// The 1-based line of `byte` (offsets must not go backwards).
    fn line_at(&mut self, bytes: &[u8], byte: u64) -> u64 {
        let mut to = (byte as usize).min(bytes.len()).max(self.offset);
        // A record's position can sit on the end of the previous line
        // (the `\n` of a CRLF): the record itself starts after it.
        while to < bytes.len() && matches!(bytes[to], b'\r' | b'\n') {
            to += 1;
        }
        self.newlines += bytes[self.offset..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.offset = to;
        self.newlines + 1
    }
}

/// Reads a registration CSV.
pub fn parse(bytes: &[u8]) -> ParsedFile {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let failed = |message: String| ParsedFile {
        header_error: Some(message),
        ignored: Vec::new(),
        rows: Vec::new(),
    };
    let header = match records.next() {
        None => return failed("the file is empty: expected a header row".into()),
        Some(Err(e)) => return failed(format!("the header row cannot be read: {}", kind(&e))),
        Some(Ok(h)) => h,
    };
    let mut names = Vec::with_capacity(header.len());
    for (i, cell) in header.iter().enumerate() {
        match std::str::from_utf8(cell) {
            Ok(s) => names.push(s.trim().to_owned()),
            Err(_) => {
                return failed(format!(
                    "the header row is not valid UTF-8 (column {}); save the file as UTF-8",
                    i + 1
                ));
            }
        }
    }
    let (mapping, ignored) = match map_header(&names) {
        Ok(m) => m,
        Err(e) => return failed(e),
    };
    let width = names.len();
    let mut rows = Vec::new();
    // Lines are counted from byte offsets: the csv crate's own line count
    // is one short for files with CRLF line endings.
    let mut lines = LineCounter::default();
    for (i, record) in records.enumerate() {
        let row = i + 2;
        let (line, form) = match record {
            Ok(r) => (
                r.position().map_or(0, |p| lines.line_at(bytes, p.byte())),
                read_row(&r, width, &mapping),
            ),
            Err(e) => (
                e.position().map_or(0, |p| lines.line_at(bytes, p.byte())),
                Err(format!("the row cannot be read: {}", kind(&e))),
            ),
        };
        rows.push(ParsedRow { row, line, form });
    }
    ParsedFile {
        header_error: None,
        ignored,
        rows,
    }
}

/// A csv error without the data it was reading.
fn kind(e: &csv::Error) -> &'static str {
    match e.kind() {
        csv::ErrorKind::Io(_) => "input error",
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8",
        csv::ErrorKind::UnequalLengths { .. } => "wrong number of fields",
        _ => "malformed CSV",
    }
}

/// Which column index holds each field; the unmapped header names.
type Mapping = Vec<(Column, usize)>;

fn map_header(names: &[String]) -> Result<(Mapping, Vec<String>), String> {
    let mut mapping: Mapping = Vec::new();
    let mut ignored = Vec::new();
    for (i, name) in names.iter().enumerate() {
        match column_for(name) {
            Some(c) => {
                if let Some((_, j)) = mapping.iter().find(|(m, _)| *m == c) {
                    return Err(format!(
                        "columns {} and {} both give the {}; keep one",
                        j + 1,
                        i + 1,
                        c.field()
                    ));
                }
                mapping.push((c, i));
            }
            None => ignored.push(name.clone()),
        }
    }
    let has = |c: Column| mapping.iter().any(|(m, _)| *m == c);
    let mut missing: Vec<&str> = Vec::new();
    if !has(Column::Name) && !has(Column::FirstName) && !has(Column::LastName) {
        missing.push("name");
    }
    for c in [
        Column::Email,
        Column::Organisation,
        Column::Category,
        Column::Gender,
        Column::Country,
        Column::Consent,
    ] {
        if !has(c) {
            missing.push(c.field());
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "the header lacks required columns: {} (docs/registration.md lists the accepted names)",
            missing.join(", ")
        ));
    }
    Ok((mapping, ignored))
}

fn read_row(record: &csv::ByteRecord, width: usize, mapping: &Mapping) -> Result<Form, String> {
    if record.len() != width {
        return Err(format!(
            "the row has {} fields but the header has {width}",
            record.len()
        ));
    }
    let mut cells = Vec::with_capacity(width);
    for (i, cell) in record.iter().enumerate() {
        match std::str::from_utf8(cell) {
            Ok(s) => cells.push(s),
            Err(_) => return Err(format!("column {} is not valid UTF-8", i + 1)),
        }
    }
    if cells.iter().all(|c| c.trim().is_empty()) {
        return Err("the row is empty".into());
    }
    let get = |c: Column| {
        mapping
            .iter()
            .find(|(m, _)| *m == c)
            .map(|(_, i)| cells[*i].to_owned())
    };
    let name = get(Column::Name)
        .filter(|n| !n.trim().is_empty())
        .or_else(|| {
            let parts: Vec<String> = [get(Column::FirstName), get(Column::LastName)]
                .into_iter()
                .flatten()
                .filter(|p| !p.trim().is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
    Ok(Form {
        name,
        email: get(Column::Email),
        organisation: get(Column::Organisation),
        category: get(Column::Category),
        gender: get(Column::Gender),
        country: get(Column::Country),
        preferred_group: get(Column::PreferredGroup),
        accessibility: get(Column::Accessibility),
        consent: Some(get(Column::Consent).is_some_and(|c| truthy(&c))),
    })
}

#[cfg(test)]
mod tests;
