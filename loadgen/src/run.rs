//! One benchmark run: create and place the participants, connect them,
//! post on the plan's fixed timeline, drain, and count.

use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use anyhow::{Context as _, bail};
use futures_util::{StreamExt as _, TryStreamExt as _, stream};
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::api::{Api, Participant};
use crate::client::{Client, Cmd, Identity, Outcome, Shared};
use crate::ledger::{Ledger, Plan};
use crate::metrics::{ClientStats, Recorder};
use crate::procfs::{Proc, Sample, cores, listen_overflows, machine_busy_s};
use crate::report::{Server, Storm, Summary};
use crate::scenario::RunArgs;
use crate::target::{Target, descriptors_for, organiser_token, raise_nofile};

/// Runs a scenario and returns what it measured.
pub async fn run(args: RunArgs) -> anyhow::Result<Summary> {
    let sc = args.scenario()?;
    let target = Target::parse(&args.url)?;
    let token = organiser_token(args.organiser.clone(), args.organiser_file.as_deref())?;
    raise_nofile(descriptors_for(sc.clients))?;
    let mut warnings = Vec::new();
    let server = args.server_pid.map(Proc::pid);
    let server_files = server.as_ref().and_then(Proc::max_open_files);
    if let Some(limit) = server_files.filter(|l| *l < descriptors_for(sc.clients)) {
        let w = format!(
            "the server may open only {limit} files; {} clients need about {}: start it after `ulimit -n 65536`",
            sc.clients,
            descriptors_for(sc.clients)
        );
        eprintln!("loadgen: warning: {w}");
        warnings.push(w);
    }

    let api = Api::new(&target, token)?;
    let slug = api.consultation(args.consultation.as_deref()).await?;
    let all_rooms = api.rooms(&slug).await?;
    if all_rooms.len() < sc.rooms {
        bail!(
            "consultation {slug:?} has {} rooms and this run needs {}: write one with \
             `loadgen consultation --groups {} --out bench.toml` and start the server with --consultation bench.toml",
            all_rooms.len(),
            sc.rooms,
            sc.rooms - 1
        );
    }
    let rooms = &all_rooms[..sc.rooms];
    eprintln!("loadgen: {}", sc.describe());
    eprintln!(
        "loadgen: creating {} participants in {} rooms of {slug}",
        sc.clients, sc.rooms
    );
    let t = Instant::now();
    let participants: Vec<Participant> = stream::iter(0..sc.clients)
        .map(|i| api.place(&slug, &rooms[i % rooms.len()]))
        .buffered(args.parallel)
        .try_collect()
        .await?;
    let links_s = t.elapsed().as_secs_f64();

    let shared = Arc::new(Shared {
        ws_url: target.ws.clone(),
        run: u64::from(uuid::Uuid::new_v4().as_u128() as u32),
        origin: Instant::now(),
        text_len: args.text_len,
        ledger: Ledger::new(sc.total_posts()),
        plan: OnceLock::new(),
        others: OnceLock::new(),
        rec: Recorder::default(),
        gate: Semaphore::new(args.parallel),
        connect_timeout: Duration::from_secs_f64(args.connect_timeout),
    });
    let before = server.as_ref().and_then(Proc::sample);
    let overflows_before = listen_overflows();
    eprintln!(
        "loadgen: connecting {} websockets, {} at a time",
        sc.clients, args.parallel
    );
    let t = Instant::now();
    let mut txs = Vec::with_capacity(sc.clients);
    let mut room_of: Vec<usize> = Vec::with_capacity(sc.clients);
    let mut readies = Vec::with_capacity(sc.clients);
    let mut tasks = Vec::with_capacity(sc.clients);
    for (i, p) in participants.into_iter().enumerate() {
        let (tx, rx) = mpsc::channel(256);
        let (ready_tx, ready_rx) = oneshot::channel();
        let room_index = rooms
            .iter()
            .position(|r| *r == p.room)
            .unwrap_or(i % sc.rooms);
        let id = Identity {
            index: i as u32,
            token: p.token,
            room_index,
        };
        room_of.push(room_index);
        tasks.push(tokio::spawn(
            Client::new(id, shared.clone()).run(rx, ready_tx),
        ));
        txs.push(tx);
        readies.push(ready_rx);
    }
    let mut members = vec![0u32; sc.rooms];
    let mut senders = Vec::with_capacity(sc.clients);
    for (i, ready) in readies.into_iter().enumerate() {
        if let Ok(Some(took)) = ready.await {
            shared.rec.setup.record(took);
            members[room_of[i]] += 1;
            senders.push(i as u32);
        }
    }
    let connect_s = t.elapsed().as_secs_f64();
    if senders.len() < 2 {
        bail!(
            "only {} of {} clients could join; is the server running with enough open files?",
            senders.len(),
            sc.clients
        );
    }
    if senders.len() < sc.clients {
        warnings.push(format!(
            "{} clients could not join",
            sc.clients - senders.len()
        ));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let connected = server.as_ref().and_then(Proc::sample);
    let setup_overflows = match (overflows_before, listen_overflows()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => 0,
    };
    if setup_overflows > 0 {
        warnings.push(format!(
            "the server's listen queue overflowed {setup_overflows} times during set-up \
             (each costs a client a 1 s SYN retransmit): the server needs a longer listen backlog"
        ));
    }

    let others: Vec<u32> = members.iter().map(|m| m.saturating_sub(1)).collect();
    let t0 = Instant::now() + Duration::from_millis(200);
    let _ = shared
        .plan
        .set(Plan::new(t0, sc.rate, sc.total_posts(), &senders));
    let _ = shared.others.set(others.clone());
    let plan = shared.plan.get().expect("just set");
    eprintln!(
        "loadgen: posting {} contributions over {:.0} s",
        sc.total_posts(),
        sc.duration.as_secs_f64()
    );

    let me = Proc::current();
    let (cpu0, me0, busy0) = (
        server.as_ref().and_then(Proc::sample),
        me.sample(),
        machine_busy_s(),
    );
    let storm = sc.storm_at.map(|at| {
        let txs = txs.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until((t0 + at).into()).await;
            let dropped = Instant::now();
            for tx in &txs {
                let _ = tx.send(Cmd::Drop).await;
            }
            dropped
        })
    });
    for g in 0..plan.author.len() as u32 {
        tokio::time::sleep_until(plan.due(g).into()).await;
        let _ = txs[plan.author[g as usize] as usize]
            .send(Cmd::Post(g))
            .await;
    }
    let send_s = t0.elapsed().as_secs_f64();
    let acks_in_window = shared.ledger.acks.load(Ordering::Relaxed);
    let (cpu1, me1, busy1) = (
        server.as_ref().and_then(Proc::sample),
        me.sample(),
        machine_busy_s(),
    );

    eprintln!("loadgen: draining (at most {:.0} s)", args.drain);
    let deadline = Instant::now() + Duration::from_secs_f64(args.drain);
    while Instant::now() < deadline && !shared.ledger.settled(plan.author.len() as u64) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let storm_at = match storm {
        Some(h) => Some(h.await.context("storm task")?),
        None => None,
    };
    for tx in &txs {
        let _ = tx.send(Cmd::Stop).await;
    }
    let mut counters = ClientStats::default();
    let mut resumed = Vec::new();
    let stop_deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    for task in tasks {
        if let Ok(Ok(Outcome { stats, resumed_at })) =
            tokio::time::timeout_at(stop_deadline, task).await
        {
            counters.merge(&stats);
            resumed.extend(resumed_at);
        }
    }
    let end = server.as_ref().and_then(Proc::sample);

    let tally = shared
        .ledger
        .tally(|g| others[room_of[plan.author[g as usize] as usize]]);
    let lost = tally.lost + tally.refused + tally.unanswered;
    let duplicated = counters.duplicates + counters.duplicate_acks + counters.repeats;
    let rec = &shared.rec;
    let loadgen_cpu = match (me0, me1) {
        (Some(a), Some(b)) => cores(&a, &b),
        _ => 0.0,
    };
    let server_cpu = match (cpu0, cpu1) {
        (Some(a), Some(b)) => cores(&a, &b),
        _ => 0.0,
    };
    let other_load = match (busy0, busy1) {
        (Some(a), Some(b)) => ((b - a) / send_s - loadgen_cpu - server_cpu).max(0.0),
        _ => 0.0,
    };
    if other_load > 0.25 {
        warnings.push(format!(
            "other processes kept {other_load:.2} cores busy during the run: latencies are noisy"
        ));
    }
    let send_lag = rec.send_lag.summary();
    if loadgen_cpu > 0.9 || send_lag.p99 > 20.0 {
        warnings.push(format!(
            "posts went out late (send lag p99 {:.1} ms, loadgen CPU {:.0}%): loadgen did not get \
             the CPU it needed, and latencies include that delay",
            send_lag.p99,
            loadgen_cpu * 100.0
        ));
    }
    let storm = storm_at.map(|at| Storm {
        dropped: senders.len() as u64,
        resumed: resumed.len() as u64,
        all_resumed_s: resumed
            .iter()
            .map(|r| r.saturating_duration_since(at).as_secs_f64())
            .fold(0.0, f64::max),
        resume_ms: rec.resume.summary(),
    });
    let storm_ok = storm.as_ref().is_none_or(|s| s.resumed == s.dropped);
    Ok(Summary {
        scenario: sc.name.to_owned(),
        description: sc.describe(),
        consultation: slug,
        clients: sc.clients,
        rooms: sc.rooms,
        rate: sc.rate,
        duration_s: sc.duration.as_secs_f64(),
        connected: senders.len(),
        links_s,
        connect_s,
        connect_ms: rec.setup.summary(),
        listen_overflows: setup_overflows,
        posts: tally,
        committed_per_s: acks_in_window as f64 / send_s,
        deliveries_per_s: tally.delivered as f64 / send_s,
        ack_ms: rec.ack.summary(),
        ack_worst_per_second_ms: rec.ack_worst_per_second_ms(),
        delivery_ms: rec.delivery.summary(),
        ack_written_ms: rec.ack_written.summary(),
        delivery_written_ms: rec.delivery_written.summary(),
        send_lag_ms: send_lag,
        lost,
        duplicated,
        gaps: counters.gaps,
        server: server_figures(
            before,
            connected,
            server_cpu,
            end,
            senders.len(),
            server_files,
        ),
        loadgen_cpu_cores: loadgen_cpu,
        other_load_cores: other_load,
        storm,
        ok: lost == 0 && duplicated == 0 && counters.gaps == 0 && storm_ok,
        counters,
        warnings,
    })
}

fn server_figures(
    before: Option<Sample>,
    connected: Option<Sample>,
    cpu_cores: f64,
    end: Option<Sample>,
    clients: usize,
    max_open_files: Option<u64>,
) -> Option<Server> {
    let (before, connected, end) = (before?, connected?, end?);
    Some(Server {
        cpu_cores,
        rss_before_kib: before.rss_kib,
        rss_connected_kib: connected.rss_kib,
        rss_per_idle_connection_kib: connected.rss_kib.saturating_sub(before.rss_kib) as f64
            / clients.max(1) as f64,
        peak_rss_kib: end.hwm_kib,
        max_open_files,
    })
}
