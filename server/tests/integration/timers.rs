//! Timers under paused tokio time: extend, pause, the one-minute warning,
//! the end, and the automatic return to the plenary. No sleeps: the clock
//! jumps, and each event's instant is checked exactly.

use std::sync::Arc;
use std::time::Duration;

use roundtable::access::Role;
use roundtable::protocol::ClientMsg;
use roundtable::storage::Account;
use roundtable::{AppState, Config};
use roundtable_consultation::Consultation;
use serde_json::Value;
use tokio::time::Instant;

fn facilitator() -> Account {
    Account {
        id: uuid::Uuid::new_v4(),
        consultation: Some("gcm-asia-pacific-2021-4".into()),
        role: Role::Facilitator,
        scope: None,
        revoked: false,
        room: None,
        room_phase: None,
        group: None,
        name: None,
        email: None,
        organisation: None,
    }
}

fn msg(v: Value) -> ClientMsg {
    serde_json::from_value(v).unwrap()
}

async fn next(rx: &mut tokio::sync::broadcast::Receiver<roundtable::room::Event>) -> Value {
    let e = rx.recv().await.unwrap();
    serde_json::from_str(e.bytes.as_str()).unwrap()
}

async fn open() -> (
    tempfile::TempDir,
    Arc<AppState>,
    tokio::sync::watch::Sender<bool>,
) {
    let tmp = tempfile::tempdir().unwrap();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let config = Config {
        data_dir: tmp.path().to_owned(),
        ..Config::default()
    };
    let app = AppState::open(config, vec![Consultation::example()], stopped)
        .await
        .unwrap();
    (tmp, app, stop)
}

#[tokio::test(start_paused = true)]
async fn extend_pause_warning_end_and_automatic_return() {
    let (_tmp, app, _stop) = open().await;
    let live = app.live("gcm-asia-pacific-2021-4").unwrap();
    let fac = facilitator();
    let conn = uuid::Uuid::new_v4();
    live.set_phase(2).await.unwrap();
    live.facilitate(
        &fac,
        conn,
        "plenary",
        msg(serde_json::json!({"type": "options", "auto_return": true})),
    )
    .await
    .unwrap();
    let mut wg1 = live.room("wg1").unwrap().subscribe_snapshot().rx;

    let t0 = Instant::now();
    let start =
        serde_json::json!({"type": "timer", "room": "wg1", "action": "start", "seconds": 600});
    live.facilitate(&fac, conn, "plenary", msg(start))
        .await
        .unwrap();
    assert_eq!(next(&mut wg1).await["timer"]["state"], "running");
    let extend =
        serde_json::json!({"type": "timer", "room": "wg1", "action": "extend", "seconds": 120});
    live.facilitate(&fac, conn, "plenary", msg(extend))
        .await
        .unwrap();
    assert_eq!(next(&mut wg1).await["timer"]["total_ms"], 720_000);

    // The warning comes one minute before the extended end.
    let w = next(&mut wg1).await;
    assert_eq!(w["type"], "timer_warning");
    let at = t0.elapsed();
    assert!(
        at > Duration::from_secs(659) && at <= Duration::from_secs(660),
        "warning at {at:?}"
    );

    // Paused time stands still: an hour passes and nothing ends.
    let pause = serde_json::json!({"type": "timer", "room": "wg1", "action": "pause"});
    live.facilitate(&fac, conn, "plenary", msg(pause))
        .await
        .unwrap();
    let p = next(&mut wg1).await;
    assert_eq!(p["timer"]["state"], "paused");
    let left = p["timer"]["remaining_ms"].as_u64().unwrap();
    assert!(
        (59_000..=60_000).contains(&left),
        "about a minute left, got {left}"
    );
    tokio::time::advance(Duration::from_secs(3600)).await;
    assert!(wg1.try_recv().is_err(), "a paused timer never fires");

    let resumed_at = Instant::now();
    let resume = serde_json::json!({"type": "timer", "room": "wg1", "action": "resume"});
    live.facilitate(&fac, conn, "plenary", msg(resume))
        .await
        .unwrap();
    assert_eq!(next(&mut wg1).await["timer"]["state"], "running");
    let end = next(&mut wg1).await;
    assert_eq!(end["type"], "timer_ended");
    let took = resumed_at.elapsed();
    assert!(
        took >= Duration::from_millis(left - 1) && took <= Duration::from_millis(left + 1),
        "ended after {took:?}"
    );

    // With auto-return on, the end of the working-group timer closes the groups.
    for _ in 0..50 {
        if live.phase() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(live.phase(), 3, "back to the closing plenary");
}

#[tokio::test(start_paused = true)]
async fn a_cancelled_timer_never_warns_or_ends_and_without_the_flag_nobody_moves() {
    let (_tmp, app, _stop) = open().await;
    let live = app.live("gcm-asia-pacific-2021-4").unwrap();
    let fac = facilitator();
    let conn = uuid::Uuid::new_v4();
    live.set_phase(2).await.unwrap();
    let mut wg2 = live.room("wg2").unwrap().subscribe_snapshot().rx;
    let start =
        serde_json::json!({"type": "timer", "room": "groups", "action": "start", "seconds": 90});
    live.facilitate(&fac, conn, "plenary", msg(start))
        .await
        .unwrap();
    assert_eq!(next(&mut wg2).await["type"], "timer");
    let cancel = serde_json::json!({"type": "timer", "room": "wg2", "action": "cancel"});
    live.facilitate(&fac, conn, "plenary", msg(cancel))
        .await
        .unwrap();
    let c = next(&mut wg2).await;
    assert!(c["timer"].is_null(), "cancelled: {c}");
    tokio::time::advance(Duration::from_secs(600)).await;
    tokio::task::yield_now().await;
    assert!(wg2.try_recv().is_err(), "a cancelled timer is silent");
    // wg1's timer (started with "groups") ends, but auto-return is off.
    assert_eq!(live.phase(), 2);
}
