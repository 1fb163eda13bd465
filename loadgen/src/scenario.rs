//! The named benchmark scenarios (documented in `docs/performance.md`).

use std::time::Duration;

use clap::ValueEnum;

/// A scenario's name on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Name {
    /// "consultation": 300 participants, plenary + 2 working groups, 5 posts/s, 60 s.
    S1,
    /// "platform": 5,000 participants in 100 rooms, 1,000 posts/s, 20 s.
    S2,
    /// "big room": 2,000 participants in 1 room, 100 posts/s, 20 s.
    S3,
    /// "reconnect storm": 2,000 participants in 20 rooms drop and resume at
    /// once while 200 posts/s continue.
    S4,
}

/// What a run does.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// `s1` … `s4`.
    pub name: &'static str,
    /// A few words for the report.
    pub title: &'static str,
    /// Participants.
    pub clients: usize,
    /// Rooms, filled round-robin: the plenary, then working groups in the
    /// order the consultation lists them.
    pub rooms: usize,
    /// Posts per second, all senders together.
    pub rate: f64,
    /// How long posts are sent.
    pub duration: Duration,
    /// When every client drops and resumes, counted from the first post.
    pub storm_at: Option<Duration>,
}

impl Scenario {
    /// The scenario's defaults.
    pub fn named(name: Name) -> Scenario {
        let (name, title, clients, rooms, rate, secs, storm) = match name {
            Name::S1 => ("s1", "consultation", 300, 3, 5.0, 60, None),
            Name::S2 => ("s2", "platform", 5_000, 100, 1_000.0, 20, None),
            Name::S3 => ("s3", "big room", 2_000, 1, 100.0, 20, None),
            Name::S4 => (
                "s4",
                "reconnect storm",
                2_000,
                20,
                200.0,
                20,
                Some(Duration::from_secs(7)),
            ),
        };
        Scenario {
            name,
            title,
            clients,
            rooms,
            rate,
            duration: Duration::from_secs(secs),
            storm_at: storm,
        }
    }

    /// Posts the plan holds.
    pub fn total_posts(&self) -> usize {
        (self.rate * self.duration.as_secs_f64()).round() as usize
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        let storm = self.storm_at.map_or(String::new(), |t| {
            format!(", all drop and resume at {:.0} s", t.as_secs_f64())
        });
        format!(
            "{} \"{}\": {} clients in {} room(s), {} posts/s for {:.0} s{storm}",
            self.name.to_uppercase(),
            self.title,
            self.clients,
            self.rooms,
            self.rate,
            self.duration.as_secs_f64()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenarios_match_the_issue() {
        let s2 = Scenario::named(Name::S2);
        assert_eq!(
            (s2.clients, s2.rooms, s2.total_posts()),
            (5_000, 100, 20_000)
        );
        let s3 = Scenario::named(Name::S3);
        assert_eq!((s3.clients, s3.rooms, s3.total_posts()), (2_000, 1, 2_000));
        assert!(Scenario::named(Name::S4).storm_at.is_some());
        assert!(
            Scenario::named(Name::S1)
                .describe()
                .starts_with("S1 \"consultation\": 300 clients")
        );
    }
}
