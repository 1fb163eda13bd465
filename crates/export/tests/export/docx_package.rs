//! The DOCX export opened as Word would: unzip, parse, check styles, lists
//! and text.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use roundtable_export::{docx, markdown};

use crate::fixture::{self, OBJ1, OBJ17, OBJ23, QUESTIONS};

/// The parts of a DOCX package, by name.
pub struct Package {
    parts: BTreeMap<String, String>,
}

impl Package {
    /// Unzips `bytes`, checking that every entry has the fixed timestamp.
    pub fn open(bytes: &[u8]) -> Self {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut parts = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let name = file.name().expect("entry names are UTF-8").into_owned();
            let time = file.last_modified().expect("entries carry a timestamp");
            assert_eq!(
                (
                    time.year(),
                    time.month(),
                    time.day(),
                    time.hour(),
                    time.minute()
                ),
                (1980, 1, 1, 0, 0),
                "{name} has a real timestamp"
            );
            let mut text = String::new();
            file.read_to_string(&mut text).expect("parts are UTF-8");
            parts.insert(name, text);
        }
        Package { parts }
    }

    pub fn text(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("package has no {name}"))
    }
}

/// One `<w:p>` of document.xml.
#[derive(Debug, Default)]
struct Paragraph {
    style: Option<String>,
    list_level: Option<u8>,
    num_id: Option<String>,
    text: String,
}

fn val(e: &BytesStart<'_>) -> String {
    let attr = e.try_get_attribute("w:val").unwrap().expect("w:val");
    attr.normalized_value(XmlVersion::Implicit1_0)
        .unwrap()
        .into_owned()
}

/// Parses `xml` strictly (well-formed, matching end tags), returning its
/// paragraphs.
fn paragraphs(xml: &str) -> Vec<Paragraph> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<Paragraph> = None;
    let mut depth = 0usize;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("malformed XML: {e}"));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let is_start = matches!(event, Event::Start(_));
                depth += usize::from(is_start);
                match e.name().as_ref() {
                    "w:p" if is_start => current = Some(Paragraph::default()),
                    "w:pStyle" => current.as_mut().unwrap().style = Some(val(e)),
                    "w:ilvl" => {
                        current.as_mut().unwrap().list_level = Some(val(e).parse().unwrap())
                    }
                    "w:numId" => current.as_mut().unwrap().num_id = Some(val(e)),
                    "w:t" => in_text = is_start,
                    _ => {}
                }
            }
            Event::End(e) => {
                depth -= 1;
                match e.name().as_ref() {
                    "w:p" => out.push(current.take().unwrap()),
                    "w:t" => in_text = false,
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                current.as_mut().unwrap().text.push_str(&t.xml10_content())
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                let resolved = resolve_predefined_entity(&name).expect("predefined entity");
                current.as_mut().unwrap().text.push_str(resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    out
}

fn document() -> Vec<Paragraph> {
    paragraphs(Package::open(&docx(&fixture::doc())).text("word/document.xml"))
}

#[test]
fn package_has_exactly_the_documented_parts_all_well_formed() {
    let package = Package::open(&docx(&fixture::doc()));
    let names: Vec<&str> = package.parts.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/numbering.xml",
            "word/styles.xml",
        ],
        "no docProps: no author or dates in the package"
    );
    for text in package.parts.values() {
        paragraphs(text);
    }
}

#[test]
fn headings_use_word_heading_styles_in_document_order() {
    let headings: Vec<(String, String)> = document()
        .into_iter()
        .filter_map(|p| Some((p.style?, p.text)))
        .filter(|(style, _)| style.starts_with("Heading"))
        .collect();
    let h = |level: u8, text: &str| (format!("Heading{level}"), text.to_owned());
    let doc = fixture::doc();
    let expected = [
        h(1, &doc.consultation.title),
        h(2, "Working Group 1"),
        h(3, &format!("Objective 1: {OBJ1}")),
        h(4, QUESTIONS[0].1),
        h(4, QUESTIONS[4].1),
        h(3, &format!("Objective 23: {OBJ23}")),
        h(4, QUESTIONS[1].1),
        h(4, QUESTIONS[3].1),
        h(4, QUESTIONS[4].1),
        h(2, "Working Group 2"),
        h(3, &format!("Objective 7: {}", fixture::OBJ7)),
        h(4, QUESTIONS[1].1),
        h(3, &format!("Objective 17: {OBJ17}")),
        h(3, &format!("Objective 23: {OBJ23}")),
        h(4, QUESTIONS[4].1),
    ];
    assert_eq!(headings, expected);
}

#[test]
fn styles_define_the_headings_and_the_list_paragraph() {
    let package = Package::open(&docx(&fixture::doc()));
    let styles = package.text("word/styles.xml");
    for level in 1..=4 {
        assert!(styles.contains(&format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{level}">
<w:name w:val="heading {level}"/>"#
        )));
        assert!(styles.contains(&format!(r#"<w:outlineLvl w:val="{}"/>"#, level - 1)));
    }
    assert!(styles.contains(r#"w:styleId="ListParagraph""#));
    let numbering = package.text("word/numbering.xml");
    assert!(numbering.contains(r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#));
    assert_eq!(
        numbering.matches(r#"<w:numFmt w:val="bullet"/>"#).count(),
        2
    );
}

#[test]
fn contributions_are_real_list_paragraphs_with_nesting() {
    let paragraphs = document();
    let bullets: Vec<&Paragraph> = paragraphs.iter().filter(|p| p.num_id.is_some()).collect();
    for p in &bullets {
        assert_eq!(p.style.as_deref(), Some("ListParagraph"));
        assert_eq!(p.num_id.as_deref(), Some("1"));
    }
    let top = bullets.iter().filter(|p| p.list_level == Some(0)).count();
    let nested = bullets.iter().filter(|p| p.list_level == Some(1)).count();
    assert_eq!((top, nested), (15, 5), "same items as the Markdown");
    let texts: Vec<&str> = bullets.iter().map(|p| p.text.as_str()).collect();
    let start = texts
        .iter()
        .position(|t| t.starts_with("Key point: Labour migration data"))
        .unwrap();
    assert_eq!(
        &texts[start..start + 4],
        [
            "Key point: Labour migration data is still not disaggregated by sex and age. (7 votes)",
            "Merged: Age and gender breakdowns are missing from labour statistics.",
            "Merged: No sex-disaggregated data on labour migrants.",
            "Rapporteur's note: Raised in both rounds of discussion.",
        ]
    );
}

#[test]
fn every_text_is_present_and_special_characters_survive_escaping() {
    let all: String = document().iter().map(|p| format!("{}\n", p.text)).collect();
    let doc = fixture::doc();
    for group in &doc.groups[..2] {
        for objective in &group.objectives {
            for question in &objective.questions {
                for item in &question.items {
                    let one_line = item.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert!(all.contains(&one_line), "missing {one_line:?}");
                    for original in &item.merged {
                        assert!(all.contains(&original.text), "missing {:?}", original.text);
                    }
                }
            }
        }
    }
    assert!(all.contains(fixture::XML_SPECIALS));
    assert!(
        all.contains("<script>alert(1)</script>"),
        "text, not markup"
    );
    assert!(all.contains("Rapporteur's summary. Data gaps dominate."));
    assert!(all.contains("# Not a heading: the second paragraph starts with a hash."));
    assert!(all.contains("Held under the Chatham House Rule"));
    assert!(all.contains("Date: 3 February 2021 (Asia/Bangkok)"));
}

#[test]
fn docx_and_markdown_skip_the_same_empty_sections() {
    let md = markdown(&fixture::doc());
    for p in document()
        .iter()
        .filter(|p| p.style.as_deref().is_some_and(|s| s.starts_with("Heading")))
    {
        assert!(md.contains(&p.text), "{:?} is not in the Markdown", p.text);
    }
    let empty = paragraphs(Package::open(&docx(&fixture::empty_doc())).text("word/document.xml"));
    assert_eq!(
        empty.last().unwrap().text,
        "No contributions or rapporteur summaries were recorded for this scope."
    );
    assert_eq!(empty.iter().filter(|p| p.style.is_some()).count(), 1);
}

/// Opens the export in a real LibreOffice. `.ci/setup.sh` installs it, and
/// in CI (`CI` set) its absence is a failure; elsewhere the test says
/// loudly that it did not run.
#[test]
fn docx_opens_in_libreoffice_with_headings_and_bullets() {
    let have_soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_soffice {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (see .ci/setup.sh)"
        );
        eprintln!(
            "SKIPPED docx_opens_in_libreoffice_with_headings_and_bullets: soffice is not installed; run .ci/setup.sh"
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("roundtable-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("notes.docx");
    std::fs::write(&input, docx(&fixture::doc())).unwrap();
    let status = std::process::Command::new("soffice")
        .env("HOME", &dir) // a profile of its own, away from the user's
        .args(["--headless", "--convert-to", "txt:Text", "--outdir"])
        .arg(&dir)
        .arg(&input)
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let text = std::fs::read_to_string(dir.join("notes.txt")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(text.contains("\nWorking Group 1\n"), "{text}");
    assert!(
        text.contains("• Key point: Labour migration data"),
        "{text}"
    );
    assert!(text.contains("Merged: No sex-disaggregated data"), "{text}");
    assert!(text.contains(fixture::XML_SPECIALS), "{text}");
}
