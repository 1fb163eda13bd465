//! DOCX rendering: hand-written WordprocessingML in a deterministic zip.
//!
//! The document has the same structure as the Markdown export, with real
//! Word headings (Heading 1 for the title, 2 per working group, 3 per
//! objective, 4 per review question) and real bullet lists, so a rapporteur
//! can open it in Word or LibreOffice and edit it straight into the report.

mod parts;

use std::fmt::Write as _;
use std::io::{Cursor, Write as _};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use crate::ExportDoc;
use crate::view::{self, KEY_POINT, MERGED, NOTE, SUMMARY};

/// Renders the notes as a DOCX package.
///
/// The bytes are a pure function of the document: every zip entry has the
/// same fixed timestamp (1980-01-01 00:00, the zip epoch), permissions and
/// compression, and the package has no `docProps` (no author, no dates).
pub fn docx(doc: &ExportDoc) -> Vec<u8> {
    let document = document_xml(doc);
    let entries = [
        ("[Content_Types].xml", parts::CONTENT_TYPES),
        ("_rels/.rels", parts::ROOT_RELS),
        ("word/document.xml", document.as_str()),
        ("word/_rels/document.xml.rels", parts::DOCUMENT_RELS),
        ("word/styles.xml", parts::STYLES),
        ("word/numbering.xml", parts::NUMBERING),
    ];
    package(&entries).expect("writing a zip into memory cannot fail")
}

fn package(entries: &[(&str, &str)]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in entries {
        zip.start_file(*name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// A run of text in a paragraph: bold or not.
struct Run<'a> {
    bold: bool,
    text: &'a str,
}

fn plain(text: &str) -> Run<'_> {
    Run { bold: false, text }
}

fn bold(text: &str) -> Run<'_> {
    Run { bold: true, text }
}

/// How a paragraph is laid out.
#[derive(Clone, Copy)]
enum Block {
    Heading(u8),
    Body,
    /// A bullet at this list level (0 for contributions, 1 for what is
    /// nested under them).
    Bullet(u8),
}

/// `word/document.xml`, one paragraph per line.
pub(crate) fn document_xml(doc: &ExportDoc) -> String {
    let shown = view::prepare(doc);
    let mut out = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        "\n",
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
        "\n<w:body>\n",
    ));
    let info = &doc.consultation;
    let title = view::one_line(&info.title);
    paragraph(&mut out, Block::Heading(1), &[plain(&title)]);
    let date = view::date_label(&info.date, &info.time_zone);
    paragraph(&mut out, Block::Body, &[bold("Date: "), plain(&date)]);
    let scope = view::scope_label(doc);
    paragraph(&mut out, Block::Body, &[bold("Scope: "), plain(&scope)]);
    for notice in view::paragraphs(&doc.chatham_house) {
        paragraph(&mut out, Block::Body, &[plain(&notice)]);
    }
    if shown.groups.is_empty() {
        paragraph(&mut out, Block::Body, &[plain(view::NOTHING_RECORDED)]);
    }
    for group in &shown.groups {
        let name = view::one_line(&group.name);
        paragraph(&mut out, Block::Heading(2), &[plain(&name)]);
        for objective in &group.objectives {
            let title = view::objective_heading(objective.number, &objective.title);
            paragraph(&mut out, Block::Heading(3), &[plain(&title)]);
            let summary = objective.summary.as_deref().unwrap_or_default();
            for (i, text) in view::paragraphs(summary).iter().enumerate() {
                let label = if i == 0 {
                    format!("{SUMMARY} ")
                } else {
                    String::new()
                };
                paragraph(&mut out, Block::Body, &[bold(&label), plain(text)]);
            }
            for question in &objective.questions {
                let text = view::one_line(&question.text);
                paragraph(&mut out, Block::Heading(4), &[plain(&text)]);
                for item in &question.items {
                    let marker = if item.key_point {
                        format!("{KEY_POINT} ")
                    } else {
                        String::new()
                    };
                    let text = view::one_line(&item.text);
                    let votes = view::votes_suffix(item.votes);
                    let runs = [bold(&marker), plain(&text), plain(&votes)];
                    paragraph(&mut out, Block::Bullet(0), &runs);
                    for original in &item.merged {
                        let text = format!("{MERGED} {}", view::one_line(&original.text));
                        paragraph(&mut out, Block::Bullet(1), &[plain(&text)]);
                    }
                    if let Some(note) = &item.note {
                        let text = format!("{NOTE} {}", view::one_line(note));
                        paragraph(&mut out, Block::Bullet(1), &[plain(&text)]);
                    }
                }
            }
        }
    }
    out.push_str(parts::SECTION);
    out.push_str("\n</w:body>\n</w:document>\n");
    out
}

/// Appends one `<w:p>`; empty runs are left out.
fn paragraph(out: &mut String, block: Block, runs: &[Run<'_>]) {
    out.push_str("<w:p>");
    match block {
        Block::Heading(level) => {
            let _ = write!(out, r#"<w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr>"#);
        }
        Block::Body => {}
        Block::Bullet(level) => {
            let _ = write!(
                out,
                concat!(
                    r#"<w:pPr><w:pStyle w:val="ListParagraph"/>"#,
                    r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>"#
                ),
                level = level,
                num = parts::BULLETS
            );
        }
    }
    for run in runs.iter().filter(|r| !r.text.is_empty()) {
        out.push_str("<w:r>");
        if run.bold {
            out.push_str("<w:rPr><w:b/></w:rPr>");
        }
        out.push_str(r#"<w:t xml:space="preserve">"#);
        escape_into(out, run.text);
        out.push_str("</w:t></w:r>");
    }
    out.push_str("</w:p>\n");
}

/// Appends `text` escaped for XML character data and attribute values.
/// Characters that XML 1.0 forbids even when escaped (most C0 controls,
/// U+FFFE, U+FFFF) are dropped, so no contribution can corrupt the package.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_into(&mut out, text);
        out
    }

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(
            escaped(r#"Tom & Jerry <b>"q"</b> 'a'"#),
            "Tom &amp; Jerry &lt;b&gt;&quot;q&quot;&lt;/b&gt; &apos;a&apos;"
        );
    }

    #[test]
    fn characters_xml_forbids_are_dropped() {
        assert_eq!(escaped("a\u{0}b\u{1b}c\u{fffe}d\te"), "abcd\te");
    }

    #[test]
    fn paragraphs_carry_heading_and_list_styles() {
        let mut out = String::new();
        paragraph(&mut out, Block::Heading(3), &[plain("H")]);
        paragraph(&mut out, Block::Bullet(1), &[bold(""), plain("x")]);
        assert_eq!(
            out,
            concat!(
                r#"<w:p><w:pPr><w:pStyle w:val="Heading3"/></w:pPr><w:r><w:t xml:space="preserve">H</w:t></w:r></w:p>"#,
                "\n",
                r#"<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr>"#,
                r#"<w:r><w:t xml:space="preserve">x</w:t></w:r></w:p>"#,
                "\n"
            )
        );
    }
}
