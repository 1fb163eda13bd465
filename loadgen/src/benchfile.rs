//! `loadgen consultation`: writes a bench consultation with many working
//! groups, valid per `docs/consultation-format.md` (checked by loading it
//! back with the server's own parser before it is written).

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use roundtable_consultation::Consultation;

/// Objectives in a bench consultation; each group discusses two.
const OBJECTIVES: u32 = 5;

/// `loadgen consultation`.
#[derive(Debug, Args)]
pub struct ConsultationArgs {
    /// Working groups (rooms = groups + the plenary).
    #[arg(long, default_value_t = 99)]
    pub groups: usize,
    /// Consultation slug.
    #[arg(long, default_value = "loadgen-bench")]
    pub slug: String,
    /// The day of the consultation, YYYY-MM-DD (default: today, UTC).
    #[arg(long)]
    pub date: Option<String>,
    /// Where to write the file.
    #[arg(long)]
    pub out: PathBuf,
}

/// Writes the file and returns a one-line description.
pub fn write(args: &ConsultationArgs) -> anyhow::Result<String> {
    let date = match &args.date {
        Some(d) => d
            .parse::<jiff::civil::Date>()
            .with_context(|| format!("--date {d:?}"))?,
        None => jiff::Timestamp::now()
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    };
    let text = render(&args.slug, date, args.groups)?;
    let model =
        Consultation::from_toml_str(&text, &args.out.display().to_string()).map_err(|e| {
            anyhow::anyhow!("the generated consultation is invalid (a loadgen bug): {e}")
        })?;
    std::fs::write(&args.out, &text).with_context(|| format!("writing {}", args.out.display()))?;
    Ok(format!(
        "{}: {} ({} groups, {} rooms)",
        args.out.display(),
        model.slug,
        model.groups.len(),
        model.groups.len() + 1
    ))
}

/// The TOML text of a bench consultation with `groups` working groups on
/// `date`: an opening plenary, working groups for most of the day, and a
/// closing plenary, all in UTC.
pub fn render(slug: &str, date: jiff::civil::Date, groups: usize) -> anyhow::Result<String> {
    anyhow::ensure!(
        roundtable_consultation::is_slug(slug),
        "--slug {slug:?} must be lowercase letters, digits and '-'"
    );
    anyhow::ensure!(
        (1..=10_000).contains(&groups),
        "--groups must be between 1 and 10000"
    );
    let eve = date.yesterday().context("--date is too early")?;
    let mut s = String::new();
    let w = &mut s;
    writeln!(
        w,
        "# Bench consultation written by `loadgen consultation --groups {groups}`."
    )?;
    writeln!(w, "slug = \"{slug}\"")?;
    writeln!(
        w,
        "title = \"Load generator bench consultation ({groups} working groups)\""
    )?;
    writeln!(w, "theme = \"Synthetic load for performance measurements\"")?;
    writeln!(w, "time_zone = \"UTC\"")?;
    writeln!(w, "date = \"{date}\"")?;
    writeln!(
        w,
        "chatham_house_notice = \"Synthetic participants only. The Chatham House Rule applies.\""
    )?;
    writeln!(
        w,
        "\n[registration]\ndeadline = \"{eve} 24:00\"\nper_organisation_cap = 2"
    )?;
    for (kind, title, start, end) in [
        ("plenary", "Opening plenary", "00:05", "00:10"),
        ("working_groups", "Working groups", "00:10", "23:50"),
        ("plenary", "Closing plenary", "23:50", "23:55"),
    ] {
        writeln!(
            w,
            "\n[[agenda]]\nkind = \"{kind}\"\ntitle = \"{title}\"\nstart = \"{start}\"\nend = \"{end}\""
        )?;
    }
    for n in 1..=OBJECTIVES {
        writeln!(
            w,
            "\n[[objectives]]\nnumber = {n}\ntitle = \"Objective {n}\"\ndescription = \"Synthetic objective {n}.\""
        )?;
    }
    for g in 0..groups {
        let a = g as u32 % OBJECTIVES + 1;
        let b = (g as u32 + 1) % OBJECTIVES + 1;
        writeln!(
            w,
            "\n[[groups]]\nslug = \"wg{}\"\nname = \"Working Group {}\"\nobjectives = [{a}, {b}]",
            g + 1,
            g + 1
        )?;
    }
    writeln!(
        w,
        "\n[[review_questions]]\nkey = \"progress\"\ntext = \"Take stock of progress\""
    )?;
    writeln!(
        w,
        "\n[[stakeholder_categories]]\nkey = \"other\"\nlabel = \"Other relevant stakeholders\""
    )?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bench_consultation_with_99_groups_has_100_rooms_and_loads() {
        let date: jiff::civil::Date = "2026-03-04".parse().unwrap();
        let text = render("loadgen-bench", date, 99).unwrap();
        let c = Consultation::from_toml_str(&text, "bench.toml").unwrap();
        assert_eq!(c.groups.len(), 99);
        assert_eq!(c.groups[98].slug, "wg99");
        assert!(c.question("progress").is_some());
    }

    #[test]
    fn bad_input_is_refused() {
        let date: jiff::civil::Date = "2026-03-04".parse().unwrap();
        assert!(render("Bad Slug", date, 3).is_err());
        assert!(render("ok", date, 0).is_err());
    }
}
