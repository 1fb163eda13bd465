//! The run's results: a readable table, then one line of JSON (always the
//! last line of stdout, for scripts).

use serde::Serialize;

use crate::ledger::Tally;
use crate::metrics::{ClientStats, Latency};

/// Server-side figures, when `--server-pid` was given.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Server {
    /// Cores used while posts were sent (1.0 = one whole core).
    pub cpu_cores: f64,
    /// RSS before any websocket connected, KiB.
    pub rss_before_kib: u64,
    /// RSS with every client connected and idle, KiB.
    pub rss_connected_kib: u64,
    /// (connected - before) / clients, KiB.
    pub rss_per_idle_connection_kib: f64,
    /// Peak RSS (VmHWM) at the end, KiB.
    pub peak_rss_kib: u64,
    /// The server's soft limit on open files.
    pub max_open_files: Option<u64>,
}

/// The reconnect storm's figures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Storm {
    /// Clients told to drop.
    pub dropped: u64,
    /// Clients that resumed (or got a snapshot).
    pub resumed: u64,
    /// From the drop until the last client resumed, seconds.
    pub all_resumed_s: f64,
    /// Per client, drop -> resumed.
    pub resume_ms: Latency,
}

/// Everything a run measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// `s1` … `s4`.
    pub scenario: String,
    /// The scenario in words.
    pub description: String,
    /// Consultation slug.
    pub consultation: String,
    /// Clients asked for.
    pub clients: usize,
    /// Rooms used.
    pub rooms: usize,
    /// Posts per second asked for.
    pub rate: f64,
    /// Send phase, seconds.
    pub duration_s: f64,
    /// Clients that joined.
    pub connected: usize,
    /// Creating the participants' links, seconds.
    pub links_s: f64,
    /// Opening every websocket up to its snapshot, seconds.
    pub connect_s: f64,
    /// Per client, connect + hello -> snapshot.
    pub connect_ms: Latency,
    /// Listen-queue overflows during set-up (SYNs the kernel dropped).
    pub listen_overflows: u64,
    /// Post outcomes and deliveries.
    pub posts: Tally,
    /// Acks received during the send phase, per second.
    pub committed_per_s: f64,
    /// Deliveries received per second of the send phase.
    pub deliveries_per_s: f64,
    /// Post due -> ack.
    pub ack_ms: Latency,
    /// The worst ack latency among the posts due in each second of the
    /// run, in order: a tail made of a few stalls shows as a few peaks.
    pub ack_worst_per_second_ms: Vec<f64>,
    /// Post due -> receipt by each other member.
    pub delivery_ms: Latency,
    /// Post written -> ack (leaves out loadgen's send lag).
    pub ack_written_ms: Latency,
    /// Post written -> receipt (leaves out loadgen's send lag).
    pub delivery_written_ms: Latency,
    /// Post due -> written by loadgen (loadgen's own lag).
    pub send_lag_ms: Latency,
    /// Lost contributions: owed deliveries missing, refused or unanswered posts.
    pub lost: u64,
    /// Duplicated contributions: repeated receipts and duplicate acks.
    pub duplicated: u64,
    /// Sequence numbers skipped, summed over clients.
    pub gaps: u64,
    /// Server figures.
    pub server: Option<Server>,
    /// Loadgen's own CPU during the send phase, cores.
    pub loadgen_cpu_cores: f64,
    /// CPU used by other processes on the machine during the send phase,
    /// cores: noise in shared machines.
    pub other_load_cores: f64,
    /// The storm, in S4.
    pub storm: Option<Storm>,
    /// Every client's counters, summed.
    pub counters: ClientStats,
    /// Warnings worth reading (limits, overload).
    pub warnings: Vec<String>,
    /// True when nothing was lost, duplicated or skipped.
    pub ok: bool,
}

fn lat(l: &Latency) -> String {
    format!(
        "p50 {:>8.2}  p90 {:>8.2}  p99 {:>8.2}  p99.9 {:>8.2}  max {:>8.2} ms  (n={})",
        l.p50, l.p90, l.p99, l.p999, l.max, l.count
    )
}

/// Prints the table and, last, the JSON line.
pub fn print(s: &Summary) {
    let p = &s.posts;
    println!("{}", s.description);
    println!(
        "  consultation    {} ({} rooms used)",
        s.consultation, s.rooms
    );
    println!(
        "  set-up          {}/{} clients joined; links {:.2} s, websockets {:.2} s",
        s.connected, s.clients, s.links_s, s.connect_s
    );
    println!(
        "  connect         {}; listen overflows {}",
        lat(&s.connect_ms),
        s.listen_overflows
    );
    println!(
        "  posts           sent {}  acked {}  refused {}  unanswered {}  unsent {}  -> {:.1} committed/s",
        p.sent, p.acked, p.refused, p.unanswered, p.unsent, s.committed_per_s
    );
    println!("  ack latency     {}", lat(&s.ack_ms));
    println!("   from write     {}", lat(&s.ack_written_ms));
    if !s.ack_worst_per_second_ms.is_empty() {
        let worst: Vec<String> = s
            .ack_worst_per_second_ms
            .iter()
            .map(|ms| format!("{ms:.0}"))
            .collect();
        println!("   worst/second   {} ms", worst.join(" "));
    }
    println!("  delivery        {}", lat(&s.delivery_ms));
    println!("   from write     {}", lat(&s.delivery_written_ms));
    println!(
        "  deliveries      expected {}  delivered {}  lost {}  duplicated {}  gaps {}  ({:.0}/s)",
        p.expected, p.delivered, p.lost, s.duplicated, s.gaps, s.deliveries_per_s
    );
    if let Some(st) = &s.storm {
        println!(
            "  storm           {}/{} resumed; all within {:.2} s; resyncs {}, snapshots {}",
            st.resumed, st.dropped, st.all_resumed_s, s.counters.resyncs, s.counters.late_snapshots
        );
        println!("  resume          {}", lat(&st.resume_ms));
    }
    if let Some(sv) = &s.server {
        println!(
            "  server          CPU {:.0}% of a core; RSS {:.1} MiB before, {:.1} MiB connected, peak {:.1} MiB; {:.1} KiB per idle connection",
            sv.cpu_cores * 100.0,
            sv.rss_before_kib as f64 / 1024.0,
            sv.rss_connected_kib as f64 / 1024.0,
            sv.peak_rss_kib as f64 / 1024.0,
            sv.rss_per_idle_connection_kib
        );
    }
    println!(
        "  loadgen         CPU {:.0}% of a core; send lag {}",
        s.loadgen_cpu_cores * 100.0,
        lat(&s.send_lag_ms)
    );
    println!(
        "  other load      {:.2} cores busy with other processes",
        s.other_load_cores
    );
    let c = &s.counters;
    println!(
        "  counters        retried {}  resyncs {}  late snapshots {}  disconnects {}  reconnects {}  failed reconnects {}",
        c.retried, c.resyncs, c.late_snapshots, c.disconnects, c.reconnects, c.failed_reconnects
    );
    if !c.errors.is_empty() {
        println!("  errors          {:?}", c.errors);
    }
    for w in &s.warnings {
        println!("  warning         {w}");
    }
    let verdict = if s.ok {
        "OK: nothing lost, duplicated or skipped"
    } else {
        "FAILED: contributions lost, duplicated or skipped"
    };
    println!("  verdict         {verdict}");
    println!(
        "{}",
        serde_json::to_string(s).expect("the summary serializes")
    );
}
