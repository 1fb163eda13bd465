//! Websocket protocol v1: one tagged enum per direction.
//!
//! Every message is a JSON object with a `type` field. The full reference,
//! with an example exchange, is `docs/protocol.md`; keep the two in step.
//!
//! Messages the server pushes into a room carry a `seq`: the per-room
//! sequence number a client hands back in [`ClientMsg::Hello::resume`] to get
//! exactly the events it missed. Sequence numbers live only in memory; they
//! order *delivery*, and are never stored with a contribution.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::anonymise::Contribution;
use crate::error::ErrorCode;

/// The protocol version this server speaks.
pub const PROTOCOL_VERSION: u32 = 1;

/// Largest accepted websocket message, in bytes. Bigger ones close the
/// connection with 1009 (message too big).
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// Messages from a client to the server.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientMsg {
    /// First message on a connection: authenticates and asks for state.
    Hello {
        /// The personal token, unless it came in an `Authorization` header.
        #[serde(default)]
        token: Option<String>,
        /// The protocol version the client speaks; must be [`PROTOCOL_VERSION`].
        protocol: u32,
        /// Where the client left off, to replay only what it missed.
        #[serde(default)]
        resume: Option<Resume>,
        /// For the server-wide organiser: which consultation (optional when
        /// the server runs only one).
        #[serde(default)]
        consultation: Option<String>,
        /// Send the consultation model in `welcome`, for simple clients.
        /// Others fetch it from `GET /api/v1/consultations/{slug}` when
        /// `welcome`'s `model_version` differs from the one they hold.
        #[serde(default)]
        model: bool,
    },
    /// Post a contribution to the room the participant is in.
    Post {
        /// An objective of the room, by number.
        objective: u32,
        /// A review question of the consultation, by key.
        question: String,
        /// The text, 1 to 2,000 characters.
        text: String,
        /// Client idempotency key: a retried post with the same key is
        /// acknowledged again and never stored twice.
        key: String,
    },
    /// Withdraw one's own contribution, proving authorship with the edit key
    /// that only the author's acknowledgement carried.
    Retract {
        /// The contribution.
        id: Uuid,
        /// The edit key from the acknowledgement.
        edit_key: String,
    },
    /// Replace the text of one's own contribution (edit key required).
    Edit {
        /// The contribution.
        id: Uuid,
        /// The edit key from the acknowledgement.
        edit_key: String,
        /// The new text, 1 to 2,000 characters.
        text: String,
    },
    /// Facilitator: hide a contribution from every client and export.
    Hide {
        /// The contribution.
        id: Uuid,
    },
    /// Facilitator: show a hidden contribution again.
    Restore {
        /// The contribution.
        id: Uuid,
    },
    /// Facilitator: delete a hidden contribution for good.
    Delete {
        /// The (hidden) contribution.
        id: Uuid,
    },
    /// Application-level keepalive; answered with `pong`.
    Ping,
    /// Show what would be redacted from a text, without posting it.
    Preview {
        /// The text as typed.
        text: String,
    },
    /// Plenary facilitator: go to the next agenda phase.
    Advance,
    /// Plenary facilitator: go back one phase.
    GoBack,
    /// Plenary facilitator: go to a phase by index (0 = lobby).
    SetPhase {
        /// Phase index.
        index: u32,
    },
    /// Organiser: follow the agenda clock (`true`) or the facilitator.
    Schedule {
        /// Scheduled mode on or off.
        scheduled: bool,
    },
    /// Plenary facilitator: meeting options; absent fields stay as they are.
    Options {
        /// Participants may switch working groups themselves.
        #[serde(default)]
        self_select: Option<bool>,
        /// Return everyone to the plenary when the working-group timer ends.
        #[serde(default)]
        auto_return: Option<bool>,
        /// Reports that hold a contribution for review.
        #[serde(default)]
        report_threshold: Option<u32>,
    },
    /// Facilitator: act on a room's timer (`room` may be `groups` for every
    /// working group at once).
    Timer {
        /// Room id or `groups`.
        room: String,
        /// What to do.
        action: crate::meeting::TimerAction,
        /// Length for `start`, extra time for `extend`.
        #[serde(default)]
        seconds: Option<u64>,
    },
    /// Facilitator: a message shown prominently in every room or one.
    Broadcast {
        /// The message, 1 to 500 characters.
        text: String,
        /// One room, or absent for every room.
        #[serde(default)]
        room: Option<String>,
    },
    /// Facilitator: move a participant to another room.
    Move {
        /// The participant's account id (from the roster).
        participant: Uuid,
        /// Target room.
        room: String,
    },
    /// Participant: switch working group while self-selection is allowed.
    SwitchRoom {
        /// Target working group.
        room: String,
    },
    /// Facilitator or organiser: go and look at another room.
    Visit {
        /// Room id.
        room: String,
    },
    /// Plenary facilitator: close every working group; everyone returns to
    /// the plenary.
    CloseGroups,
    /// Participant: ask a facilitator for help.
    Help,
    /// Facilitator: "on my way".
    HelpAck {
        /// The request.
        id: Uuid,
    },
    /// Facilitator: the request is dealt with.
    HelpResolve {
        /// The request.
        id: Uuid,
    },
    /// Participant: report a contribution as abusive.
    Report {
        /// The contribution.
        id: Uuid,
    },
    /// Facilitator: mute the (unknown) author of a contribution.
    Mute {
        /// The contribution.
        id: Uuid,
    },
    /// Facilitator: remove a participant; their link stops working.
    Remove {
        /// The participant's account id.
        participant: Uuid,
    },
    /// Facilitator: collect contributions hidden until a reveal.
    Collect {
        /// The room.
        room: String,
        /// On or off (off reveals).
        on: bool,
    },
    /// Facilitator: reveal every collected contribution at once.
    Reveal {
        /// The room.
        room: String,
    },
    /// Participant: upvote a contribution (once).
    Vote {
        /// The contribution.
        id: Uuid,
    },
    /// Participant: take one's vote back.
    Unvote {
        /// The contribution.
        id: Uuid,
    },
    /// Rapporteur: mark or unmark a key point.
    KeyPoint {
        /// The contribution.
        id: Uuid,
        /// Key point or not.
        on: bool,
    },
    /// Rapporteur: merge a duplicate into another contribution (both texts
    /// are kept; votes add up).
    Merge {
        /// The duplicate.
        id: Uuid,
        /// The contribution it joins.
        into: Uuid,
    },
    /// Rapporteur: undo a merge.
    Unmerge {
        /// The merged contribution.
        id: Uuid,
    },
    /// Rapporteur: correct the objective or review question an author picked.
    Reassign {
        /// The contribution.
        id: Uuid,
        /// The right objective (one of the group's).
        objective: u32,
        /// The right review question.
        question: String,
    },
    /// Rapporteur: set (or clear, with null) a clarifying note.
    Note {
        /// The contribution.
        id: Uuid,
        /// The note, or null to remove it.
        #[serde(default)]
        text: Option<String>,
    },
    /// Rapporteur: save the running summary of one objective. `version` is
    /// the version being edited; a stale one is refused with the current text.
    Summary {
        /// The group (defaults to the rapporteur's own).
        #[serde(default)]
        group: Option<String>,
        /// The objective.
        objective: u32,
        /// The whole summary text.
        text: String,
        /// The version this edit started from (0 for a first save).
        version: u64,
    },
}

impl ClientMsg {
    /// Every `type` a client may send.
    pub const KINDS: &'static [&'static str] = &[
        "hello",
        "post",
        "retract",
        "edit",
        "hide",
        "restore",
        "delete",
        "ping",
        "preview",
        "advance",
        "go_back",
        "set_phase",
        "schedule",
        "options",
        "timer",
        "broadcast",
        "move",
        "switch_room",
        "visit",
        "close_groups",
        "help",
        "help_ack",
        "help_resolve",
        "report",
        "mute",
        "remove",
        "collect",
        "reveal",
        "vote",
        "unvote",
        "key_point",
        "merge",
        "unmerge",
        "reassign",
        "note",
        "summary",
    ];

    /// This message's `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            ClientMsg::Hello { .. } => "hello",
            ClientMsg::Post { .. } => "post",
            ClientMsg::Retract { .. } => "retract",
            ClientMsg::Edit { .. } => "edit",
            ClientMsg::Hide { .. } => "hide",
            ClientMsg::Restore { .. } => "restore",
            ClientMsg::Delete { .. } => "delete",
            ClientMsg::Ping => "ping",
            ClientMsg::Preview { .. } => "preview",
            ClientMsg::Advance => "advance",
            ClientMsg::GoBack => "go_back",
            ClientMsg::SetPhase { .. } => "set_phase",
            ClientMsg::Schedule { .. } => "schedule",
            ClientMsg::Options { .. } => "options",
            ClientMsg::Timer { .. } => "timer",
            ClientMsg::Broadcast { .. } => "broadcast",
            ClientMsg::Move { .. } => "move",
            ClientMsg::SwitchRoom { .. } => "switch_room",
            ClientMsg::Visit { .. } => "visit",
            ClientMsg::CloseGroups => "close_groups",
            ClientMsg::Help => "help",
            ClientMsg::HelpAck { .. } => "help_ack",
            ClientMsg::HelpResolve { .. } => "help_resolve",
            ClientMsg::Report { .. } => "report",
            ClientMsg::Mute { .. } => "mute",
            ClientMsg::Remove { .. } => "remove",
            ClientMsg::Collect { .. } => "collect",
            ClientMsg::Reveal { .. } => "reveal",
            ClientMsg::Vote { .. } => "vote",
            ClientMsg::Unvote { .. } => "unvote",
            ClientMsg::KeyPoint { .. } => "key_point",
            ClientMsg::Merge { .. } => "merge",
            ClientMsg::Unmerge { .. } => "unmerge",
            ClientMsg::Reassign { .. } => "reassign",
            ClientMsg::Note { .. } => "note",
            ClientMsg::Summary { .. } => "summary",
        }
    }

    /// The idempotency key and the id a request names, to echo in errors.
    pub fn reference(&self) -> (Option<String>, Option<Uuid>) {
        use ClientMsg as M;
        match self {
            M::Post { key, .. } => (Some(key.clone()), None),
            M::Retract { id, .. }
            | M::Edit { id, .. }
            | M::Hide { id }
            | M::Restore { id }
            | M::Delete { id }
            | M::HelpAck { id }
            | M::HelpResolve { id }
            | M::Report { id }
            | M::Mute { id }
            | M::Vote { id }
            | M::Unvote { id }
            | M::KeyPoint { id, .. }
            | M::Merge { id, .. }
            | M::Unmerge { id }
            | M::Reassign { id, .. }
            | M::Note { id, .. } => (None, Some(*id)),
            M::Move { participant, .. } | M::Remove { participant } => (None, Some(*participant)),
            _ => (None, None),
        }
    }

    /// True for the rapporteur's curation messages.
    pub fn is_curation(&self) -> bool {
        matches!(
            self,
            ClientMsg::KeyPoint { .. }
                | ClientMsg::Merge { .. }
                | ClientMsg::Unmerge { .. }
                | ClientMsg::Reassign { .. }
                | ClientMsg::Note { .. }
                | ClientMsg::Summary { .. }
        )
    }
}

/// A resume point: the epoch and the last sequence number seen in a room.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Resume {
    /// The server epoch from the `welcome` the client last received.
    pub epoch: String,
    /// The room the client was in.
    pub room: String,
    /// The last `seq` the client processed in that room.
    pub seq: u64,
}

/// Messages from the server to a client.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMsg<'a> {
    /// Answer to `hello`: who you are and where.
    Welcome {
        /// The protocol version in use.
        protocol: u32,
        /// Your role.
        role: &'a str,
        /// The room or group your role is limited to, if any.
        scope: Option<&'a str>,
        /// The consultation you belong to, by slug.
        slug: &'a str,
        /// Identifies the consultation model's content (a hash of its JSON;
        /// also the `ETag` of `GET /api/v1/consultations/{slug}`).
        model_version: &'a str,
        /// The consultation model (public model, agenda in instants plus the
        /// zone so clients show local times), only when `hello` asked for
        /// it with `model: true`.
        #[serde(skip_serializing_if = "Option::is_none")]
        consultation: Option<&'a serde_json::value::RawValue>,
        /// The room you are in now.
        room: &'a str,
        /// Identifies this server run; resume only works within one epoch.
        epoch: &'a str,
        /// The meeting: phase and options.
        meeting: MeetingView,
    },
    /// The full state of a room. Contributions come in a random order
    /// (sorted by their random id), never in arrival order.
    Snapshot {
        /// The room.
        room: RoomInfo<'a>,
        /// Events up to this sequence number are included.
        seq: u64,
        /// The server's time now (for countdowns).
        server_time: jiff::Timestamp,
        /// Visible contributions.
        contributions: &'a [Contribution],
        /// The room's timer, if any.
        timer: Option<&'a crate::meeting::TimerState>,
        /// Broadcasts for this room, oldest first.
        broadcasts: &'a [crate::meeting::Broadcast],
        /// The room collects contributions until a reveal.
        collecting: bool,
        /// Facilitators only: collected, not yet revealed contributions.
        #[serde(skip_serializing_if = "Option::is_none")]
        pending: Option<&'a [Contribution]>,
        /// A working group's running summaries.
        summaries: &'a [crate::storage::Summary],
        /// In the plenary: every group's summaries and key points.
        #[serde(skip_serializing_if = "Option::is_none")]
        report_back: Option<&'a [crate::curation::ReportGroup]>,
    },
    /// Sent after replaying missed events on resume.
    Resumed {
        /// The room.
        room: &'a str,
        /// The last sequence number replayed.
        seq: u64,
        /// How many events were replayed.
        replayed: usize,
    },
    /// A contribution appeared in (or was restored to) the room.
    Contribution {
        /// Room sequence number.
        seq: u64,
        /// The contribution, unattributed.
        contribution: &'a Contribution,
    },
    /// A contribution's text changed (edited by its author).
    Edited {
        /// Room sequence number.
        seq: u64,
        /// The contribution as it is now.
        contribution: &'a Contribution,
    },
    /// A contribution left the room: retracted or hidden.
    Removed {
        /// Room sequence number.
        seq: u64,
        /// The contribution.
        id: Uuid,
    },
    /// The vote count of a contribution changed.
    Votes {
        /// Room sequence number.
        seq: u64,
        /// The contribution.
        id: Uuid,
        /// Its count now.
        votes: u32,
    },
    /// Collected contributions, revealed at once in random order.
    Revealed {
        /// Room sequence number.
        seq: u64,
        /// The contributions.
        contributions: &'a [Contribution],
    },
    /// The room's timer changed (`timer` absent: cancelled or ended).
    Timer {
        /// Room sequence number.
        seq: u64,
        /// The room.
        room: &'a str,
        /// The timer.
        timer: Option<&'a crate::meeting::TimerState>,
    },
    /// One minute left on the room's timer.
    TimerWarning {
        /// Room sequence number.
        seq: u64,
        /// The room.
        room: &'a str,
        /// When it ends.
        ends_at: jiff::Timestamp,
    },
    /// The room's timer ended.
    TimerEnded {
        /// Room sequence number.
        seq: u64,
        /// The room.
        room: &'a str,
    },
    /// A facilitator's message; show it prominently.
    Broadcast {
        /// Room sequence number.
        seq: u64,
        /// The message.
        broadcast: &'a crate::meeting::Broadcast,
    },
    /// The agenda phase or the meeting options changed.
    Meeting {
        /// Phase and options.
        meeting: MeetingView,
    },
    /// People connected per room.
    Presence {
        /// Count by room id.
        rooms: &'a std::collections::BTreeMap<String, usize>,
    },
    /// Facilitators only: who is in each room (identity side; never linked
    /// to contributions).
    Roster {
        /// People by room id.
        rooms: &'a std::collections::BTreeMap<String, Vec<RosterEntry>>,
    },
    /// Facilitators only: the help queue.
    HelpQueue {
        /// Open and acknowledged requests, oldest first.
        requests: &'a [crate::facilitation::HelpRequest],
    },
    /// To the participant who asked: the state of their help request.
    HelpStatus {
        /// The request.
        id: Uuid,
        /// `open`, `acknowledged` or `resolved`.
        status: crate::facilitation::HelpState,
    },
    /// Facilitators only: reported and hidden contributions.
    Moderation {
        /// The queue.
        items: &'a [crate::facilitation::ModerationItem],
    },
    /// Facilitators only: a contribution collected for a later reveal.
    Pending {
        /// The room.
        room: &'a str,
        /// The contribution.
        contribution: &'a Contribution,
    },
    /// A rapporteur changed a contribution's curation (key point, merge,
    /// objective or question, note). Its text is unchanged.
    Curated {
        /// Room sequence number.
        seq: u64,
        /// The contribution as it is now.
        contribution: &'a Contribution,
    },
    /// A running summary was saved.
    Summary {
        /// Room sequence number.
        seq: u64,
        /// Working group.
        group: &'a str,
        /// Objective.
        objective: u32,
        /// The whole text.
        text: &'a str,
        /// Its version; the next save must name it.
        version: u64,
    },
    /// To the saver: the summary is saved.
    SummarySaved {
        /// Working group.
        group: &'a str,
        /// Objective.
        objective: u32,
        /// The new version.
        version: u64,
    },
    /// To the saver: someone saved first; nothing was lost. Merge your text
    /// with the current one and save against `version`.
    SummaryConflict {
        /// Working group.
        group: &'a str,
        /// Objective.
        objective: u32,
        /// The current text.
        text: &'a str,
        /// The current version.
        version: u64,
        /// The text you tried to save.
        yours: &'a str,
    },
    /// The plenary's report-back: every group's summaries and key points by objective.
    ReportBack {
        /// Room sequence number.
        seq: u64,
        /// The groups with something to report.
        groups: &'a [crate::curation::ReportGroup],
    },
    /// Your post is durably stored.
    Ack {
        /// Your idempotency key.
        key: &'a str,
        /// The contribution's id.
        id: Uuid,
        /// The capability to edit or retract it. Keep it; nobody else gets it.
        edit_key: &'a str,
        /// True when this post had been stored before (a retry).
        duplicate: bool,
        /// In a collecting room: your own copy, which nobody else sees yet.
        #[serde(skip_serializing_if = "Option::is_none")]
        pending: Option<&'a Contribution>,
        /// What was redacted: kind, byte range in your text, placeholder.
        redactions: &'a [roundtable_redact::Redacted],
        /// Organisation mentions left in as content (byte ranges in the
        /// stored text), flagged for the rapporteur.
        flags: &'a [roundtable_redact::Flag],
    },
    /// Answer to `preview`: the text as it would be stored.
    Preview {
        /// The redacted text.
        text: &'a str,
        /// What would be redacted (byte ranges in your text).
        redactions: &'a [roundtable_redact::Redacted],
        /// Organisation mentions that would stay, flagged for review.
        flags: &'a [roundtable_redact::Flag],
    },
    /// An edit, retraction or moderation action succeeded.
    Done {
        /// What was done.
        action: &'a str,
        /// On what.
        id: Uuid,
    },
    /// Answer to `ping`, with the server's clock so clients can correct
    /// countdowns for a wrong local clock.
    Pong {
        /// The server's time now.
        server_time: jiff::Timestamp,
    },
    /// A request failed; the connection stays open unless said otherwise.
    Error {
        /// Stable machine-readable code.
        code: ErrorCode,
        /// Human-readable explanation.
        message: &'a str,
        /// The `type` of the request that failed, when known.
        request: Option<&'a str>,
        /// The failed post's idempotency key, when it was a post.
        #[serde(skip_serializing_if = "Option::is_none")]
        key: Option<&'a str>,
        /// The contribution, participant or request the action named.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<Uuid>,
    },
}

/// The meeting as clients see it.
#[derive(Debug, Clone, Serialize)]
pub struct MeetingView {
    /// Phase index: 0 lobby, 1..=n agenda items, n + 1 closed.
    pub phase: u32,
    /// What kind of phase it is.
    pub kind: crate::meeting::PhaseKind,
    /// The agenda item's title (none in the lobby or when closed).
    pub title: Option<String>,
    /// Following the agenda clock.
    pub scheduled: bool,
    /// Participants may switch working groups.
    pub self_select: bool,
    /// Automatic return to the plenary when the working-group timer ends.
    pub auto_return: bool,
    /// Rooms collecting contributions for a reveal.
    pub collecting: Vec<String>,
    /// Reports that hold a contribution for review.
    pub report_threshold: u32,
}

/// One person in a facilitator's roster.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct RosterEntry {
    /// Account id (to move or remove them).
    pub id: Uuid,
    /// Display name, when registered with one.
    pub name: Option<String>,
    /// Role.
    pub role: crate::access::Role,
}

/// Public description of a room.
#[derive(Debug, Clone, Serialize)]
pub struct RoomInfo<'a> {
    /// `plenary` or a working-group slug.
    pub id: &'a str,
    /// Display name.
    pub name: &'a str,
    /// Objective numbers discussed here.
    pub objectives: &'a [u32],
    /// People connected in the room now.
    pub present: usize,
}

impl ServerMsg<'_> {
    /// Serializes the message. Serializing these types cannot fail (no
    /// non-string map keys), so a failure is a bug worth a loud panic in
    /// debug builds and an empty object in release.
    pub fn to_text(&self) -> axum::extract::ws::Utf8Bytes {
        match serde_json::to_string(self) {
            Ok(s) => s.into(),
            Err(e) => {
                debug_assert!(false, "serializing a server message failed: {e}");
                "{}".into()
            }
        }
    }
}

/// The `type` of a raw client message, for error reports about messages that
/// did not parse as a whole.
pub fn request_type(raw: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Tag {
        #[serde(rename = "type")]
        kind: String,
    }
    serde_json::from_str::<Tag>(raw).ok().map(|t| t.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_parses_with_and_without_resume() {
        let m: ClientMsg = serde_json::from_str(r#"{"type":"hello","protocol":1}"#).unwrap();
        assert!(matches!(
            m,
            ClientMsg::Hello {
                resume: None,
                token: None,
                protocol: 1,
                ..
            }
        ));
        let m: ClientMsg = serde_json::from_str(
            r#"{"type":"hello","protocol":1,"token":"t","resume":{"epoch":"e","room":"wg1","seq":4}}"#,
        )
        .unwrap();
        match m {
            ClientMsg::Hello {
                resume: Some(r), ..
            } => assert_eq!((r.room.as_str(), r.seq), ("wg1", 4)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn unknown_fields_are_refused() {
        let r = serde_json::from_str::<ClientMsg>(
            r#"{"type":"post","objective":1,"question":"progress","text":"t","key":"kkkkkkkk","author":"x"}"#,
        );
        assert!(r.is_err());
    }

    #[test]
    fn request_type_reads_the_tag_of_a_bad_message() {
        assert_eq!(
            request_type(r#"{"type":"post","objective":"x"}"#).as_deref(),
            Some("post")
        );
        assert_eq!(request_type("not json"), None);
    }
}
