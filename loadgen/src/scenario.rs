//! The named benchmark scenarios (documented in `docs/performance.md`),
//! and the `loadgen run` flags that override them.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};

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

/// `loadgen run`: one scenario against a running server.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario; the flags below override its defaults.
    #[arg(long, value_enum)]
    pub scenario: Name,
    /// The server's base URL (loopback only).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    pub url: String,
    /// The organiser token.
    #[arg(long, env = "LOADGEN_ORGANISER")]
    pub organiser: Option<String>,
    /// A file holding the organiser token, link, or the server's stdout.
    #[arg(long)]
    pub organiser_file: Option<PathBuf>,
    /// Consultation slug (default: the server's only one).
    #[arg(long)]
    pub consultation: Option<String>,
    /// Participants.
    #[arg(long)]
    pub clients: Option<usize>,
    /// Rooms (plenary first, then working groups).
    #[arg(long)]
    pub rooms: Option<usize>,
    /// Posts per second, all senders together.
    #[arg(long)]
    pub rate: Option<f64>,
    /// Seconds of posting.
    #[arg(long)]
    pub duration: Option<f64>,
    /// S4: seconds after the first post at which every client drops.
    #[arg(long)]
    pub storm_at: Option<f64>,
    /// Connections (and link creations) in progress at once.
    #[arg(long, default_value_t = 200)]
    pub parallel: usize,
    /// Server process id, for CPU and memory from /proc.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// Most seconds to wait for outstanding acks and deliveries.
    #[arg(long, default_value_t = 30.0)]
    pub drain: f64,
    /// Most seconds one client may take to connect (retries included).
    #[arg(long, default_value_t = 30.0)]
    pub connect_timeout: f64,
    /// Characters per contribution.
    #[arg(long, default_value_t = 120)]
    pub text_len: usize,
}

impl RunArgs {
    /// The scenario with this run's overrides, checked.
    pub fn scenario(&self) -> anyhow::Result<Scenario> {
        let mut s = Scenario::named(self.scenario);
        s.clients = self.clients.unwrap_or(s.clients);
        s.rooms = self.rooms.unwrap_or(s.rooms);
        s.rate = self.rate.unwrap_or(s.rate);
        if let Some(d) = self.duration {
            anyhow::ensure!(
                d > 0.0 && d <= 3600.0,
                "--duration must be between 0 and 3600 seconds"
            );
            s.duration = Duration::from_secs_f64(d);
            s.storm_at = s.storm_at.map(|_| s.duration / 3);
        }
        if let Some(t) = self.storm_at {
            s.storm_at = Some(Duration::from_secs_f64(t.max(0.0)));
        }
        anyhow::ensure!(s.clients >= 2, "--clients must be at least 2");
        anyhow::ensure!(
            (1..=s.clients).contains(&s.rooms),
            "--rooms must be between 1 and --clients"
        );
        anyhow::ensure!(
            s.rate > 0.0 && s.total_posts() >= 1,
            "--rate x --duration must plan at least one post"
        );
        anyhow::ensure!(self.parallel >= 1, "--parallel must be at least 1");
        anyhow::ensure!(
            (16..=2000).contains(&self.text_len),
            "--text-len must be 16 to 2000"
        );
        Ok(s)
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
