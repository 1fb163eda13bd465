//! CPU time, memory and limits of a process, from `/proc`.

use std::time::Instant;

/// Clock ticks per second in `/proc/PID/stat` (`USER_HZ`, 100 on Linux for
/// every architecture that reports through procfs).
const TICKS_PER_SEC: f64 = 100.0;

/// One reading of a process.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// When it was read.
    pub at: Instant,
    /// User plus system CPU time, in seconds.
    pub cpu_s: f64,
    /// Resident set size now, KiB.
    pub rss_kib: u64,
    /// Peak resident set size so far, KiB.
    pub hwm_kib: u64,
}

/// A process to watch; `"self"` for loadgen.
#[derive(Debug, Clone)]
pub struct Proc {
    dir: String,
}

impl Proc {
    /// The process with this pid.
    pub fn pid(pid: u32) -> Proc {
        Proc {
            dir: format!("/proc/{pid}"),
        }
    }

    /// This process.
    pub fn current() -> Proc {
        Proc {
            dir: "/proc/self".to_owned(),
        }
    }

    /// Reads CPU time and memory; `None` when the process is gone.
    pub fn sample(&self) -> Option<Sample> {
        let stat = std::fs::read_to_string(format!("{}/stat", self.dir)).ok()?;
        let status = std::fs::read_to_string(format!("{}/status", self.dir)).ok()?;
        Some(Sample {
            at: Instant::now(),
            cpu_s: cpu_seconds(&stat)?,
            rss_kib: status_kib(&status, "VmRSS:")?,
            hwm_kib: status_kib(&status, "VmHWM:")?,
        })
    }

    /// The soft limit on open files, from `/proc/PID/limits`.
    pub fn max_open_files(&self) -> Option<u64> {
        let limits = std::fs::read_to_string(format!("{}/limits", self.dir)).ok()?;
        let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
        line["Max open files".len()..]
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    }
}

/// Busy CPU time of the whole machine, in seconds, from `/proc/stat`
/// (everything but idle and iowait, over every core).
pub fn machine_busy_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().next()?.strip_prefix("cpu ")?;
    let ticks: Vec<f64> = line
        .split_whitespace()
        .filter_map(|f| f.parse().ok())
        .collect();
    let total: f64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3)? + ticks.get(4)?;
    Some((total - idle) / TICKS_PER_SEC)
}

/// Connections the kernel dropped because a listen queue was full
/// (`TcpExt ListenOverflows` in `/proc/net/netstat`, for this network
/// namespace). Each one costs the client a SYN retransmit: 1 s, then 3 s.
pub fn listen_overflows() -> Option<u64> {
    let netstat = std::fs::read_to_string("/proc/net/netstat").ok()?;
    let mut lines = netstat.lines().filter(|l| l.starts_with("TcpExt:"));
    let (keys, values) = (lines.next()?, lines.next()?);
    let i = keys
        .split_whitespace()
        .position(|k| k == "ListenOverflows")?;
    values.split_whitespace().nth(i)?.parse().ok()
}

/// Share of one core used between two samples (1.0 = a whole core).
pub fn cores(a: &Sample, b: &Sample) -> f64 {
    let wall = b.at.duration_since(a.at).as_secs_f64();
    if wall <= 0.0 {
        0.0
    } else {
        (b.cpu_s - a.cpu_s) / wall
    }
}

/// utime + stime: fields 14 and 15, counted after the `)` that ends the
/// command name (which may itself hold spaces).
fn cpu_seconds(stat: &str) -> Option<f64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / TICKS_PER_SEC)
}

fn status_kib(status: &str, key: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with(key))?;
    line[key.len()..].split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_read_after_the_command_name() {
        let stat = "42 (a b) c) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 5 1000 10";
        assert_eq!(cpu_seconds(stat), Some(3.0));
        assert_eq!(
            status_kib("Name:\tx\nVmHWM:\t  2048 kB\n", "VmHWM:"),
            Some(2048)
        );
    }

    #[test]
    fn this_process_can_be_read() {
        let me = Proc::current();
        let s = me.sample().expect("/proc/self is readable");
        assert!(s.rss_kib > 0 && s.hwm_kib >= s.rss_kib);
        assert!(me.max_open_files().is_some());
        assert!(machine_busy_s().is_some_and(|s| s > 0.0));
        assert!(listen_overflows().is_some());
    }
}
