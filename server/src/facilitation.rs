//! Running the meeting: agenda phases and routing, timers, broadcasts,
//! moves, help requests, moderation, collect-then-reveal, votes, presence.
//!
//! Every facilitator action checks the actor's role and scope first: a
//! participant or rapporteur gets `forbidden`, and a facilitator of one
//! working group cannot act in another.

use std::collections::BTreeMap;
use std::sync::{Arc, Weak};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::watch;
use uuid::Uuid;

use crate::access::Role;
use crate::anonymise::{Anonymiser, Contribution};
use crate::error::{ClientError, ErrorCode};
use crate::live::{Control, Live, PLENARY, may_facilitate, may_run_agenda};
use crate::meeting::{self, Broadcast, PhaseKind, TIMER_WARNING, TimerAction, TimerState};
use crate::protocol::{MeetingView, RosterEntry, ServerMsg};
use crate::storage::{Account, ReportOutcome, VoteOutcome};

/// The state of a help request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpState {
    /// Waiting for a facilitator.
    Open,
    /// A facilitator is on their way.
    Acknowledged,
    /// Dealt with.
    Resolved,
}

/// A participant's request for help. Kept in memory only.
#[derive(Debug, Clone, Serialize)]
pub struct HelpRequest {
    /// Random id.
    pub id: Uuid,
    /// The room it came from.
    pub room: String,
    /// When it was asked.
    pub at: Timestamp,
    /// Who asked, when they registered with a name (facilitators only).
    pub name: Option<String>,
    /// The account that asked (not sent).
    #[serde(skip)]
    pub account: Uuid,
    /// Its state.
    pub status: HelpState,
}

/// A reported or hidden contribution, for the facilitators' queue.
#[derive(Debug, Clone, Serialize)]
pub struct ModerationItem {
    /// The contribution.
    pub id: Uuid,
    /// Its room.
    pub room: String,
    /// Its text.
    pub text: String,
    /// Reports received.
    pub reports: u32,
    /// Hidden (by a facilitator or by reaching the report threshold).
    pub hidden: bool,
}

/// A reply to the actor, or nothing.
pub type Reply = Result<Option<Utf8Bytes>, ClientError>;

fn done(action: &str, id: Uuid) -> Reply {
    Ok(Some(ServerMsg::Done { action, id }.to_text()))
}

impl Live {
    /// The meeting as clients see it.
    pub fn meeting_view(&self) -> MeetingView {
        let m = self.meeting();
        let kind = meeting::phase_kind(&self.model, m.phase);
        let title = match kind {
            PhaseKind::Plenary | PhaseKind::WorkingGroups => self
                .model
                .agenda
                .get(m.phase as usize - 1)
                .map(|a| a.title.clone()),
            _ => None,
        };
        MeetingView {
            phase: m.phase,
            kind,
            title,
            scheduled: m.scheduled,
            self_select: m.self_select,
            auto_return: m.auto_return,
            collecting: m.collect.iter().cloned().collect(),
            report_threshold: m.report_threshold,
        }
    }

    /// Saves the meeting state in the background. The state is read when
    /// the write runs, so the newest state always lands last.
    pub(crate) fn persist(&self) {
        let identity = self.stores.identity.clone();
        let slug = self.slug().to_owned();
        let read = self.meeting_reader();
        tokio::spawn(async move {
            if let Err(e) = identity.save_meeting(&slug, read).await {
                tracing::error!(error = %e, "saving the meeting state failed");
            }
        });
    }

    /// Serializes the meeting state when called: handed to the store, it
    /// runs inside the write, so the newest state is what lands.
    fn meeting_reader(&self) -> Box<dyn FnOnce() -> String + Send> {
        let state = self.meeting.clone();
        Box::new(move || {
            let m = state.lock().unwrap_or_else(|p| p.into_inner());
            serde_json::to_string(&*m).unwrap_or_default()
        })
    }

    fn announce_meeting(&self) {
        let _ = self.all.send(
            ServerMsg::Meeting {
                meeting: self.meeting_view(),
            }
            .to_text(),
        );
    }

    /// Starts the background work: presence updates, the agenda clock and
    /// timers restored from a saved state. Tasks end with the server.
    pub fn start(self: &Arc<Self>, shutdown: watch::Receiver<bool>) {
        let rooms: Vec<String> = self.meeting().timers.keys().cloned().collect();
        for room in rooms {
            self.arm_timer(&room);
        }
        let weak = Arc::downgrade(self);
        tokio::spawn(background(weak, shutdown));
    }

    /// Moves to phase `index`: persists it, announces it, and moves every
    /// connected person to the room the new phase puts them in.
    pub async fn set_phase(&self, index: u32) -> Result<(), ClientError> {
        let closed = meeting::closed_phase(&self.model);
        if index > closed {
            return Err(ClientError::invalid(
                "index",
                format!("phases run from 0 (lobby) to {closed} (closed)"),
            ));
        }
        let kind = meeting::phase_kind(&self.model, index);
        {
            let mut m = self.meeting();
            m.phase = index;
            // Sealed in the same durable save, before the secret is destroyed.
            m.votes_sealed |= kind == PhaseKind::Closed;
        }
        self.stores
            .identity
            .save_meeting(self.slug(), self.meeting_reader())
            .await?;
        if kind == PhaseKind::Closed {
            self.forget_links().await;
        }
        tracing::info!(phase = index, "phase changed");
        self.announce_meeting();
        let moves: Vec<(Uuid, tokio::sync::mpsc::Sender<Control>, String)> = self
            .connections
            .iter()
            .filter_map(|h| {
                let group = self.group_of(h.account);
                let target = meeting::room_for(
                    kind,
                    h.role,
                    group.as_deref(),
                    h.scope.as_deref(),
                    &h.room,
                    PLENARY,
                );
                (target != h.room).then(|| (*h.key(), h.control.clone(), target))
            })
            .collect();
        for (conn, tx, target) in moves {
            self.set_conn_room(conn, &target);
            let _ = tx.try_send(Control::MoveTo(target));
        }
        Ok(())
    }

    /// A participant's working group, as last known to a live connection.
    fn group_of(&self, account: Uuid) -> Option<String> {
        self.groups.get(&account).map(|g| g.clone())
    }

    /// When the consultation closes: forget who wrote what and destroy the
    /// vote secret, so nothing can link a person to a contribution any more.
    async fn forget_links(&self) {
        self.authors.clear();
        self.muted.clear();
        if let Err(e) = self.stores.identity.destroy_vote_secret(self.slug()).await {
            tracing::error!(error = %e, "destroying the vote secret failed");
        }
    }

    /// Handles a facilitation message from `account` on connection `conn`.
    pub async fn facilitate(
        &self,
        account: &Account,
        conn: Uuid,
        here: &str,
        msg: crate::protocol::ClientMsg,
    ) -> Reply {
        use crate::protocol::ClientMsg as M;
        match msg {
            M::Advance => {
                may_run_agenda(account)?;
                let next = (self.phase() + 1).min(meeting::closed_phase(&self.model));
                self.set_phase(next).await?;
                Ok(None)
            }
            M::GoBack => {
                may_run_agenda(account)?;
                self.set_phase(self.phase().saturating_sub(1)).await?;
                Ok(None)
            }
            M::SetPhase { index } => {
                may_run_agenda(account)?;
                self.set_phase(index).await?;
                Ok(None)
            }
            M::CloseGroups => {
                may_run_agenda(account)?;
                self.close_groups().await?;
                Ok(None)
            }
            M::Schedule { scheduled } => {
                if account.role != Role::Organiser {
                    return Err(ClientError::forbidden(
                        "only the organiser chooses manual or scheduled phases",
                    ));
                }
                self.meeting().scheduled = scheduled;
                self.persist();
                self.announce_meeting();
                Ok(None)
            }
            M::Options {
                self_select,
                auto_return,
                report_threshold,
            } => {
                may_run_agenda(account)?;
                if report_threshold == Some(0) {
                    return Err(ClientError::invalid(
                        "report_threshold",
                        "must be at least 1",
                    ));
                }
                {
                    let mut m = self.meeting();
                    m.self_select = self_select.unwrap_or(m.self_select);
                    m.auto_return = auto_return.unwrap_or(m.auto_return);
                    m.report_threshold = report_threshold.unwrap_or(m.report_threshold);
                }
                self.persist();
                self.announce_meeting();
                Ok(None)
            }
            M::Timer {
                room,
                action,
                seconds,
            } => self.timer(account, &room, action, seconds),
            M::Broadcast { text, room } => self.broadcast(account, text, room),
            M::Move { participant, room } => {
                self.move_participant(account, participant, &room).await
            }
            M::SwitchRoom { room } => self.switch_room(account, conn, &room).await,
            M::Visit { room } => {
                // Facilitators visit the rooms they run; a rapporteur moves
                // between the plenary and their own group (to curate it).
                match account.role {
                    Role::Rapporteur
                        if room == PLENARY || account.scope.as_deref() == Some(&room) => {}
                    Role::Rapporteur => {
                        return Err(ClientError::forbidden("you report on another group"));
                    }
                    Role::Facilitator | Role::Organiser if room == PLENARY => {}
                    Role::Facilitator | Role::Organiser => may_facilitate(account, &room)?,
                    Role::Participant => {
                        return Err(ClientError::forbidden("only facilitators visit rooms"));
                    }
                }
                self.room(&room)
                    .ok_or_else(|| ClientError::not_found("no such room"))?;
                self.move_conn(conn, &room);
                Ok(None)
            }
            M::Help => self.ask_help(account, here),
            M::HelpAck { id } => self.help_update(account, id, HelpState::Acknowledged),
            M::HelpResolve { id } => self.help_update(account, id, HelpState::Resolved),
            M::Report { id } => self.report(account, here, id).await,
            M::Mute { id } => {
                let room = self
                    .room_of(id)
                    .ok_or_else(|| ClientError::not_found("no such contribution"))?;
                may_facilitate(account, &room.id)?;
                let author = self.authors.get(&id).map(|a| *a).ok_or_else(|| {
                    ClientError::not_found(
                        "the author of this contribution is no longer known to the server",
                    )
                })?;
                self.muted.insert(author);
                tracing::info!("an author was muted");
                // The answer names the contribution, never the author.
                done("mute", id)
            }
            M::Remove { participant } => self.remove(account, participant).await,
            M::Delete { id } => {
                let room = self
                    .room_of(id)
                    .ok_or_else(|| ClientError::not_found("no such contribution"))?;
                may_facilitate(account, &room.id)?;
                if !room.lock().hidden.contains_key(&id) {
                    return Err(ClientError::new(
                        ErrorCode::Conflict,
                        "hide a contribution before deleting it",
                    ));
                }
                if !self.stores.notes.delete_hidden(self.slug(), id).await? {
                    return Err(ClientError::not_found("no such contribution"));
                }
                self.authors.remove(&id);
                self.reports.remove(&id);
                room.publish(
                    |st| {
                        st.hidden.remove(&id);
                        for c in st.visible.values_mut().chain(st.pending.values_mut()) {
                            if c.merged_into == Some(id) {
                                c.merged_into = None;
                            }
                        }
                    },
                    |_, _| None,
                );
                self.publish_moderation();
                tracing::info!("a hidden contribution was deleted");
                done("delete", id)
            }
            M::Collect { room, on } => self.collect(account, &room, on).await,
            M::Reveal { room } => {
                let r = self
                    .room(&room)
                    .ok_or_else(|| ClientError::not_found("no such room"))?;
                may_facilitate(account, &r.id)?;
                self.reveal(&room).await?;
                Ok(None)
            }
            M::Vote { id } => self.vote(account, here, id, true).await,
            M::Unvote { id } => self.vote(account, here, id, false).await,
            other => Err(ClientError::new(
                ErrorCode::Internal,
                format!("{} is not a facilitation message", other.kind()),
            )),
        }
    }

    /// Hides or restores a contribution (facilitators and the organiser).
    /// A restore also clears its reports: a facilitator has reviewed it.
    pub async fn moderate(
        &self,
        account: &Account,
        id: Uuid,
        hide: bool,
    ) -> Result<(), ClientError> {
        let room = self
            .room_of(id)
            .ok_or_else(|| ClientError::not_found("no such contribution"))?;
        may_facilitate(account, &room.id)?;
        let (hidden_now, pending_now) = {
            let st = room.lock();
            (st.hidden.contains_key(&id), st.pending.contains_key(&id))
        };
        if hidden_now == hide {
            // Already so: nothing to store or announce.
            return Ok(());
        }
        if !self.stores.notes.set_hidden(self.slug(), id, hide).await? {
            return Err(ClientError::not_found("no such contribution"));
        }
        if !hide {
            self.reports.remove(&id);
        }
        let collecting = self.meeting().collect.contains(&room.id);
        room.publish(
            |st| {
                if hide {
                    if let Some(c) = st.visible.remove(&id) {
                        st.hidden.insert(id, c);
                    } else if let Some(c) = st.pending.remove(&id) {
                        st.hidden.insert(id, c);
                        st.hidden_pending.insert(id);
                    }
                } else if let Some(c) = st.hidden.remove(&id) {
                    // A collected item restored before the reveal goes
                    // back to the collection, unseen.
                    if st.hidden_pending.remove(&id) && collecting {
                        st.pending.insert(id, c);
                    } else {
                        st.visible.insert(id, c);
                    }
                }
            },
            |seq, st| match st.visible.get(&id) {
                Some(c) if !hide => Some(
                    ServerMsg::Contribution {
                        seq,
                        contribution: c,
                    }
                    .to_text(),
                ),
                // A collected item nobody has seen leaves (and returns) quietly.
                _ if pending_now || st.pending.contains_key(&id) => None,
                _ => Some(ServerMsg::Removed { seq, id }.to_text()),
            },
        );
        tracing::info!(hide, "moderation");
        self.publish_moderation();
        Ok(())
    }

    /// Refuses participant actions once the consultation is closed (the
    /// vote secret is gone by then, and so is the meeting).
    pub fn ensure_open(&self) -> Result<(), ClientError> {
        if meeting::phase_kind(&self.model, self.phase()) == PhaseKind::Closed {
            return Err(ClientError::new(
                ErrorCode::Conflict,
                "the consultation is closed",
            ));
        }
        Ok(())
    }

    /// Closes every working group: the next plenary phase.
    pub async fn close_groups(&self) -> Result<(), ClientError> {
        let phase = self.phase();
        if meeting::phase_kind(&self.model, phase) != PhaseKind::WorkingGroups {
            return Err(ClientError::new(
                ErrorCode::Conflict,
                "the working groups are not in session",
            ));
        }
        let next = meeting::next_plenary(&self.model, phase).unwrap_or(phase + 1);
        self.set_phase(next).await
    }

    fn move_conn(&self, conn: Uuid, room: &str) {
        let tx = self.connections.get(&conn).map(|h| h.control.clone());
        self.set_conn_room(conn, room);
        if let Some(tx) = tx {
            let _ = tx.try_send(Control::MoveTo(room.to_owned()));
        }
    }

    async fn move_participant(&self, account: &Account, participant: Uuid, room: &str) -> Reply {
        if !matches!(account.role, Role::Facilitator | Role::Organiser) {
            return Err(ClientError::forbidden("only a facilitator may move people"));
        }
        self.room(room)
            .ok_or_else(|| ClientError::invalid("room", "no such room"))?;
        let from: Vec<String> = self
            .connections
            .iter()
            .filter(|h| h.account == participant)
            .map(|h| h.room.clone())
            .collect();
        // Moving someone acts in the room they are in: a scoped facilitator
        // moves only people in their own room.
        let in_scope = if from.is_empty() {
            account.role == Role::Organiser || account.scope.is_none()
        } else {
            from.iter().all(|r| may_facilitate(account, r).is_ok())
        };
        if !in_scope {
            return Err(ClientError::forbidden("you facilitate another room"));
        }
        if !self
            .stores
            .identity
            .set_room(self.slug(), participant, room, self.phase())
            .await?
        {
            return Err(ClientError::not_found("no such participant"));
        }
        if room != PLENARY {
            self.groups.insert(participant, room.to_owned());
        }
        let conns: Vec<Uuid> = self
            .connections
            .iter()
            .filter(|h| h.account == participant)
            .map(|h| *h.key())
            .collect();
        for c in conns {
            self.move_conn(c, room);
        }
        done("move", participant)
    }

    async fn switch_room(&self, account: &Account, conn: Uuid, room: &str) -> Reply {
        if account.role != Role::Participant {
            return Err(ClientError::forbidden(
                "only participants switch rooms this way",
            ));
        }
        let (allowed, kind) = {
            let m = self.meeting();
            (m.self_select, meeting::phase_kind(&self.model, m.phase))
        };
        if !allowed || kind != PhaseKind::WorkingGroups {
            return Err(ClientError::forbidden(
                "the facilitator has not opened the working groups to self-selection",
            ));
        }
        if room == PLENARY || self.room(room).is_none() {
            return Err(ClientError::invalid(
                "room",
                "choose one of the working groups",
            ));
        }
        self.stores
            .identity
            .set_room(self.slug(), account.id, room, self.phase())
            .await?;
        self.groups.insert(account.id, room.to_owned());
        self.move_conn(conn, room);
        Ok(None)
    }

    fn timer(
        &self,
        account: &Account,
        room: &str,
        action: TimerAction,
        seconds: Option<u64>,
    ) -> Reply {
        let rooms: Vec<String> = if room == "groups" {
            may_run_agenda(account)?;
            self.model.groups.iter().map(|g| g.slug.clone()).collect()
        } else {
            self.room(room)
                .ok_or_else(|| ClientError::invalid("room", "no such room"))?;
            may_facilitate(account, room)?;
            vec![room.to_owned()]
        };
        let now = self.now();
        let mut changed = Vec::new();
        {
            let mut m = self.meeting();
            for r in &rooms {
                let next =
                    meeting::apply_timer(m.timers.get(r), action, seconds, now).map_err(|e| {
                        let code = if e.starts_with("seconds") {
                            ErrorCode::InvalidField
                        } else {
                            ErrorCode::Conflict
                        };
                        ClientError::new(code, e)
                    })?;
                changed.push((r.clone(), next));
            }
            for (r, next) in &changed {
                match next {
                    Some(t) => m.timers.insert(r.clone(), t.clone()),
                    None => m.timers.remove(r),
                };
            }
        }
        self.persist();
        for (r, next) in changed {
            self.publish_timer(&r, next.as_ref());
            self.arm_timer(&r);
        }
        Ok(None)
    }

    fn publish_timer(&self, room: &str, timer: Option<&TimerState>) {
        if let Some(r) = self.room(room) {
            r.publish(
                |_| {},
                |seq, _| Some(ServerMsg::Timer { seq, room, timer }.to_text()),
            );
        }
    }

    /// (Re)starts the task that warns and ends a room's timer. A new
    /// generation makes any older task for the room stand down.
    fn arm_timer(&self, room: &str) {
        let generation = {
            let mut g = self.timer_gen.lock().unwrap_or_else(|p| p.into_inner());
            let e = g.entry(room.to_owned()).or_insert(0);
            *e += 1;
            *e
        };
        let Some(TimerState::Running { ends_at, .. }) = self.meeting().timers.get(room).cloned()
        else {
            return;
        };
        let Some(me) = self.me.get().and_then(Weak::upgrade) else {
            return;
        };
        let room = room.to_owned();
        let left = TimerState::Running {
            ends_at,
            total_ms: 0,
        }
        .remaining(self.now());
        tokio::spawn(async move {
            let start = tokio::time::Instant::now();
            if left > TIMER_WARNING {
                tokio::time::sleep_until(start + left - TIMER_WARNING).await;
                if !me.timer_current(&room, generation) {
                    return;
                }
                if let Some(r) = me.room(&room) {
                    r.publish(
                        |_| {},
                        |seq, _| {
                            Some(
                                ServerMsg::TimerWarning {
                                    seq,
                                    room: &room,
                                    ends_at,
                                }
                                .to_text(),
                            )
                        },
                    );
                }
            }
            tokio::time::sleep_until(start + left).await;
            if !me.timer_current(&room, generation) {
                return;
            }
            me.timer_ended(&room).await;
        });
    }

    fn timer_current(&self, room: &str, generation: u64) -> bool {
        self.timer_gen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(room)
            == Some(&generation)
    }

    async fn timer_ended(&self, room: &str) {
        let (auto, others_running, kind) = {
            let mut m = self.meeting();
            m.timers.remove(room);
            let others = m
                .timers
                .iter()
                .any(|(r, t)| r != room && r != PLENARY && matches!(t, TimerState::Running { .. }));
            (
                m.auto_return,
                others,
                meeting::phase_kind(&self.model, m.phase),
            )
        };
        self.persist();
        if let Some(r) = self.room(room) {
            r.publish(
                |_| {},
                |seq, _| Some(ServerMsg::TimerEnded { seq, room }.to_text()),
            );
        }
        tracing::info!(room, "timer ended");
        if auto
            && !others_running
            && room != PLENARY
            && kind == PhaseKind::WorkingGroups
            && let Err(e) = self.close_groups().await
        {
            tracing::warn!(error = %e, "automatic return to the plenary failed");
        }
    }

    fn broadcast(&self, account: &Account, text: String, room: Option<String>) -> Reply {
        match &room {
            None => may_run_agenda(account)?,
            Some(r) => {
                self.room(r)
                    .ok_or_else(|| ClientError::invalid("room", "no such room"))?;
                if may_run_agenda(account).is_err() {
                    may_facilitate(account, r)?;
                }
            }
        }
        let text = text.trim().to_owned();
        if text.is_empty() || text.chars().count() > 500 {
            return Err(ClientError::invalid(
                "text",
                "a broadcast has 1 to 500 characters",
            ));
        }
        let text = self.redact(&text).text;
        let b = Broadcast {
            id: Uuid::new_v4(),
            room: room.clone(),
            text,
        };
        self.meeting().add_broadcast(b.clone());
        self.persist();
        let targets: Vec<_> = match &room {
            Some(r) => self.room(r).into_iter().collect(),
            None => self.rooms.values().cloned().collect(),
        };
        for r in targets {
            r.publish(
                |_| {},
                |seq, _| Some(ServerMsg::Broadcast { seq, broadcast: &b }.to_text()),
            );
        }
        done("broadcast", b.id)
    }

    fn ask_help(&self, account: &Account, here: &str) -> Reply {
        if account.role != Role::Participant {
            return Err(ClientError::forbidden(
                "help requests come from participants",
            ));
        }
        let id = Uuid::new_v4();
        {
            let mut q = self.help.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(open) = q
                .iter()
                .find(|h| h.account == account.id && h.status != HelpState::Resolved)
            {
                return Ok(Some(
                    ServerMsg::HelpStatus {
                        id: open.id,
                        status: open.status,
                    }
                    .to_text(),
                ));
            }
            q.push(HelpRequest {
                id,
                room: here.to_owned(),
                at: self.now(),
                name: account.name.clone(),
                account: account.id,
                status: HelpState::Open,
            });
        }
        self.publish_help();
        Ok(Some(
            ServerMsg::HelpStatus {
                id,
                status: HelpState::Open,
            }
            .to_text(),
        ))
    }

    fn help_update(&self, account: &Account, id: Uuid, status: HelpState) -> Reply {
        let asker = {
            let mut q = self.help.lock().unwrap_or_else(|p| p.into_inner());
            let req = q
                .iter_mut()
                .find(|h| h.id == id)
                .ok_or_else(|| ClientError::not_found("no such help request"))?;
            may_facilitate(account, &req.room)?;
            req.status = status;
            let asker = req.account;
            q.retain(|h| h.status != HelpState::Resolved);
            asker
        };
        self.tell(
            asker,
            Control::Send(ServerMsg::HelpStatus { id, status }.to_text()),
        );
        self.publish_help();
        done(
            if status == HelpState::Resolved {
                "help_resolve"
            } else {
                "help_ack"
            },
            id,
        )
    }

    /// The help queue, as facilitators get it.
    pub fn help_queue_msg(&self) -> Utf8Bytes {
        let q = self.help.lock().unwrap_or_else(|p| p.into_inner()).clone();
        ServerMsg::HelpQueue { requests: &q }.to_text()
    }

    fn publish_help(&self) {
        self.tell_staff(None, self.help_queue_msg());
    }

    async fn report(&self, account: &Account, here: &str, id: Uuid) -> Reply {
        if account.role != Role::Participant {
            return Err(ClientError::forbidden("reports come from participants"));
        }
        self.ensure_open()?;
        let room = self.room_here(id, here)?;
        let secret = self.stores.identity.vote_secret(self.slug()).await?;
        let ballot = Anonymiser::report_ballot(&secret, account.id, id);
        let threshold = self.meeting().report_threshold;
        let (reports, hidden) = match self
            .stores
            .notes
            .report(self.slug(), id, ballot, threshold)
            .await?
        {
            ReportOutcome::Counted(r, h) => (r, h),
            ReportOutcome::AlreadyReported => {
                return Err(ClientError::new(
                    ErrorCode::Conflict,
                    "you have already reported this contribution",
                ));
            }
            ReportOutcome::NotFound => return Err(ClientError::not_found("no such contribution")),
        };
        self.reports.insert(id, reports);
        if hidden {
            room.publish(
                |st| {
                    if let Some(c) = st.visible.remove(&id) {
                        st.hidden.insert(id, c);
                    }
                },
                |seq, _| Some(ServerMsg::Removed { seq, id }.to_text()),
            );
        }
        self.publish_moderation();
        done("report", id)
    }

    /// Reported and hidden contributions across rooms, in random-id order.
    pub fn moderation_msg(&self) -> Utf8Bytes {
        let mut items = Vec::new();
        for room in self.rooms.values() {
            let st = room.lock();
            for (id, c) in st.hidden.iter() {
                let reports = self.reports.get(id).map(|r| *r).unwrap_or(0);
                items.push(ModerationItem {
                    id: *id,
                    room: room.id.clone(),
                    text: c.text.clone(),
                    reports,
                    hidden: true,
                });
            }
            for (id, c) in st.visible.iter() {
                if let Some(r) = self.reports.get(id) {
                    items.push(ModerationItem {
                        id: *id,
                        room: room.id.clone(),
                        text: c.text.clone(),
                        reports: *r,
                        hidden: false,
                    });
                }
            }
        }
        items.sort_by_key(|i| i.id);
        ServerMsg::Moderation { items: &items }.to_text()
    }

    /// Tells facilitators the moderation queue changed.
    pub fn publish_moderation(&self) {
        self.tell_staff(None, self.moderation_msg());
    }

    async fn remove(&self, account: &Account, participant: Uuid) -> Reply {
        let rooms: Vec<String> = self
            .connections
            .iter()
            .filter(|h| h.account == participant)
            .map(|h| h.room.clone())
            .collect();
        let allowed = match account.role {
            Role::Organiser => true,
            Role::Facilitator if account.scope.is_none() => true,
            Role::Facilitator => {
                !rooms.is_empty() && rooms.iter().all(|r| may_facilitate(account, r).is_ok())
            }
            _ => {
                return Err(ClientError::forbidden(
                    "only a facilitator may remove people",
                ));
            }
        };
        if !allowed {
            return Err(ClientError::forbidden("you facilitate another room"));
        }
        let target = self.stores.identity.get(self.slug(), participant).await?;
        if target.is_none_or(|t| t.role != Role::Participant) {
            return Err(ClientError::not_found("no such participant"));
        }
        self.stores
            .identity
            .revoke(self.slug(), participant)
            .await?;
        self.tell(participant, Control::Revoked);
        tracing::info!("a participant was removed");
        done("remove", participant)
    }

    async fn collect(&self, account: &Account, room: &str, on: bool) -> Reply {
        self.room(room)
            .ok_or_else(|| ClientError::invalid("room", "no such room"))?;
        may_facilitate(account, room)?;
        if on {
            self.meeting().collect.insert(room.to_owned());
            self.persist();
            self.announce_meeting();
        } else {
            self.reveal(room).await?;
        }
        Ok(None)
    }

    /// Reveals a room's collected contributions at once, in random-id
    /// order (which gives away nothing about arrival), and ends collecting.
    pub async fn reveal(&self, room: &str) -> Result<(), ClientError> {
        self.stores.notes.reveal(self.slug(), room).await?;
        self.meeting().collect.remove(room);
        self.persist();
        if let Some(r) = self.room(room) {
            // Taken out first, then published in one event; the BTreeMap
            // yields them in random-id order.
            r.lock().hidden_pending.clear();
            let revealed: Vec<Contribution> = std::mem::take(&mut r.lock().pending)
                .into_values()
                .collect();
            if !revealed.is_empty() {
                r.publish(
                    |st| {
                        st.visible
                            .extend(revealed.iter().map(|c| (c.id, c.clone())))
                    },
                    |seq, _| {
                        Some(
                            ServerMsg::Revealed {
                                seq,
                                contributions: &revealed,
                            }
                            .to_text(),
                        )
                    },
                );
            }
        }
        self.announce_meeting();
        Ok(())
    }

    /// The room of a contribution a participant acts on: it must be
    /// visible in the room they are in.
    fn room_here(&self, id: Uuid, here: &str) -> Result<Arc<crate::room::Room>, ClientError> {
        let room = self
            .room(here)
            .ok_or_else(|| ClientError::not_found("no such room"))?;
        if !room.lock().visible.contains_key(&id) {
            return Err(ClientError::not_found("no such contribution in your room"));
        }
        Ok(room)
    }

    async fn vote(&self, account: &Account, here: &str, id: Uuid, up: bool) -> Reply {
        if account.role != Role::Participant {
            return Err(ClientError::forbidden("only participants vote"));
        }
        self.ensure_open()?;
        if self.meeting().votes_sealed {
            return Err(ClientError::new(
                ErrorCode::Conflict,
                "voting ended when the consultation closed",
            ));
        }
        let room = self.room_here(id, here)?;
        let secret = self.stores.identity.vote_secret(self.slug()).await?;
        let ballot = Anonymiser::ballot(&secret, account.id, id);
        match self.stores.notes.vote(self.slug(), id, ballot, up).await? {
            VoteOutcome::Counted(votes) => {
                room.publish(
                    |st| {
                        if let Some(c) = st.find_mut(&id) {
                            c.votes = votes;
                        }
                    },
                    |seq, _| Some(ServerMsg::Votes { seq, id, votes }.to_text()),
                );
                done(if up { "vote" } else { "unvote" }, id)
            }
            VoteOutcome::Unchanged(_) if up => Err(ClientError::new(
                ErrorCode::Conflict,
                "you have already voted for this contribution",
            )),
            VoteOutcome::Unchanged(_) => Err(ClientError::new(
                ErrorCode::Conflict,
                "you have not voted for this contribution",
            )),
            VoteOutcome::NotFound => Err(ClientError::not_found("no such contribution")),
        }
    }

    /// People per room, and for facilitators, who.
    pub(crate) fn presence(&self) -> (BTreeMap<String, usize>, BTreeMap<String, Vec<RosterEntry>>) {
        let mut counts: BTreeMap<String, usize> =
            self.rooms.keys().map(|r| (r.clone(), 0)).collect();
        let mut roster: BTreeMap<String, Vec<RosterEntry>> = BTreeMap::new();
        // The organiser watches; they are not in the meeting.
        for h in self
            .connections
            .iter()
            .filter(|h| h.role != Role::Organiser)
        {
            *counts.entry(h.room.clone()).or_default() += 1;
            roster.entry(h.room.clone()).or_default().push(RosterEntry {
                id: h.account,
                name: h.name.clone(),
                role: h.role,
            });
        }
        for people in roster.values_mut() {
            people.sort();
            people.dedup();
        }
        (counts, roster)
    }
}

/// How often presence may go to everyone: every second up to 1,000
/// connections, then 1 ms more per connection, at most every 5 s. Each
/// update is a write to every connection; while people join, the counts
/// change every second, and at 5,000 connections that would be 5,000
/// writes a second (a tenth of a core here) for a number nobody reads to
/// the second.
pub(crate) fn presence_interval(connections: usize) -> Duration {
    let ms = u64::try_from(connections).unwrap_or(u64::MAX);
    Duration::from_millis(ms.clamp(1_000, 5_000))
}

/// Presence (when it changed, see [`presence_interval`]) and the agenda
/// clock, every second.
async fn background(live: Weak<Live>, mut shutdown: watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last = (String::new(), String::new());
    let mut presence_sent = tokio::time::Instant::now();
    let mut ticks: u64 = 0;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = shutdown.changed() => return,
        }
        let Some(live) = live.upgrade() else { return };
        ticks += 1;
        // Registrations can change outside this process (the CLI import):
        // rebuild the redactor now and then, not only on our own changes.
        if ticks.is_multiple_of(30)
            && let Err(e) = live.refresh_redactor().await
        {
            tracing::warn!(error = %e, "refreshing the redactor failed");
        }
        let (counts, roster) = live.presence();
        let p = ServerMsg::Presence { rooms: &counts }.to_text();
        let r = ServerMsg::Roster { rooms: &roster }.to_text();
        if p.as_str() != last.0
            && presence_sent.elapsed() + Duration::from_millis(50)
                >= presence_interval(live.connections.len())
        {
            live.presence_counts.send_replace(p.clone());
            presence_sent = tokio::time::Instant::now();
            last.0 = p.as_str().to_owned();
        }
        // Staff (a few connections) get the roster every second it changes.
        if r.as_str() != last.1 {
            live.tell_staff(None, r.clone());
            last.1 = r.as_str().to_owned();
        }
        let (scheduled, phase) = {
            let m = live.meeting();
            (m.scheduled, m.phase)
        };
        if scheduled {
            let due = meeting::phase_at(&live.model, live.now());
            if due != phase
                && let Err(e) = live.set_phase(due).await
            {
                tracing::warn!(error = %e, "scheduled phase change failed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::presence_interval;
    use std::time::Duration;

    #[test]
    fn presence_goes_out_every_second_for_a_meeting_and_less_often_for_a_platform() {
        assert_eq!(presence_interval(0), Duration::from_secs(1));
        assert_eq!(presence_interval(300), Duration::from_secs(1));
        assert_eq!(presence_interval(2_000), Duration::from_secs(2));
        assert_eq!(presence_interval(5_000), Duration::from_secs(5));
        assert_eq!(presence_interval(usize::MAX), Duration::from_secs(5));
    }
}
