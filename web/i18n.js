// The one message catalogue. Every string a person sees goes through
// `t(key, vars)` (or `tn(key, count, vars)` for plurals), so a translation
// is one more catalogue. `{name}` in a message is replaced by `vars.name`.
// Static text in index.html names its key in `data-i18n`.

/** @type {Record<string, Record<string, string>>} */
const catalogues = {
  en: {
    'app.name': 'Roundtable',
    'app.titleWith': '{title} — Roundtable',
    'app.tagline': 'Closed consultations under the Chatham House Rule',
    'app.skip': 'Skip to main content',
    'app.footer': 'Roundtable: contributions are shown and kept without names, under the Chatham House Rule.',

    'header.leave': 'Leave',

    'role.participant': 'Participant',
    'role.facilitator': 'Facilitator',
    'role.rapporteur': 'Rapporteur',
    'role.organiser': 'Organiser',
    'role.participantLine': 'You are taking part as a participant. Your contributions are shown without your name.',
    'role.facilitatorLine': 'You are the facilitator of {room}.',
    'role.facilitatorAllLine': 'You are a facilitator for every room; you are in the plenary.',
    'role.rapporteurLine': 'You are the rapporteur for {room}.',

    'conn.idle': 'Not connected',
    'conn.connecting': 'Connecting…',
    'conn.connected': 'Connected',
    'conn.reconnecting': 'Reconnecting…',
    'conn.offline': 'Offline',
    'conn.closed': 'Not connected',
    'conn.retryNow': 'Retry now',
    'conn.restored': 'Connection restored.',
    'conn.lostAnnounce': 'Connection lost. Reconnecting; anything you post will be sent when the connection is back.',

    'landing.title': 'Roundtable',
    'landing.intro':
      'Roundtable runs closed multi-stakeholder consultations: an opening plenary, parallel working groups and a closing plenary, where participants post short written contributions that everyone in the room sees as they arrive.',
    'landing.chatham':
      'Consultations follow the Chatham House Rule: what is said may be used, but contributions are shown and kept without the name or affiliation of the person who wrote them.',
    'landing.openTitle': 'Open your personal link',
    'landing.linkLabel': 'Personal link',
    'landing.linkHint': 'Paste the whole link from your invitation. It starts with http and contains “#token=”.',
    'landing.linkError': 'This does not look like a personal link. Paste the whole link from your invitation, including the part after “#token=”.',
    'landing.open': 'Open',
    'landing.consultations': 'Consultations on this server',
    'landing.loading': 'Loading…',
    'landing.none': 'No consultation is loaded on this server.',
    'landing.unreachable': 'The list of consultations could not be loaded. Check your connection and reload the page.',
    'landing.when': '{date}, times in {zone}',

    'joining.title': 'Joining the consultation…',
    'joining.connecting': 'Connecting to the server.',
    'joining.retrying': 'The server cannot be reached yet. Trying again…',

    'consent.eyebrow': 'Before you join',
    'consent.title': 'The Chatham House Rule',
    'consent.explain':
      'In Roundtable, contributions are shown and stored without your name. Do not write names, contact details or your organisation into a contribution.',
    'consent.checkbox': 'I have read the notice above and agree to follow the Chatham House Rule.',
    'consent.agree': 'Agree and join',
    'consent.leave': 'Leave',
    'consent.required': 'Tick the box to confirm that you agree, or leave.',

    'problem.unauthorizedShort': 'Link not valid',
    'problem.protocolShort': 'Reload needed',
    'problem.consultationShort': 'Consultation not found',
    'problem.invalidTitle': 'This link is not valid',
    'problem.invalidBody': 'The personal link you used is not recognised. It may be incomplete, or it may have been revoked by the organiser.',
    'problem.whatToDo': 'What you can do',
    'problem.invalidCheck': 'Check that you opened the whole link from your invitation; links are long and are sometimes cut when copied.',
    'problem.invalidContact':
      'If it still does not work, contact the organiser or secretariat that sent you the invitation and ask for a new personal link. Do not use someone else’s link.',
    'problem.invalidTabs': 'If the organiser has sent you a new link, close this tab and open the new one.',
    'problem.invalidPrivacy': 'For your privacy, the link has been removed from this browser tab.',
    'problem.home': 'Go to the start page',
    'problem.protocolTitle': 'This page needs to be reloaded',
    'problem.protocolBody': 'The server has been updated and this page is out of date. Reload to continue; nothing you posted is lost.',
    'problem.reload': 'Reload',
    'problem.consultationTitle': 'Consultation not found',
    'problem.consultationBody': 'The consultation this link belongs to is not running on this server. Contact the organiser who sent you the link.',

    'agenda.title': 'Agenda',
    'agenda.session': 'Session',
    'agenda.yourTime': 'Your time',
    'agenda.timeIn': '{zone} time',
    'agenda.range': '{start}–{end}',
    'agenda.zoneNote': 'consultation time zone: {zone}',
    'agenda.now': 'Now',

    'objective.label': 'Objective {number}: {title}',
    'objective.number': 'Objective {number}',

    'room.youAreIn': 'You are in',
    'room.loading': 'Loading the room…',
    'room.objectives': 'Objectives discussed here',
    'room.plenary': 'Plenary',
    'room.joined': 'You are in {room}.',
    'room.moved': 'You are now in {room}.',
    'room.present.one': '{n} person connected here.',
    'room.present.other': '{n} people connected here.',

    'phase.now': 'Now:',
    'phase.lobby': 'Before the opening',
    'phase.closed': 'The consultation has closed',

    'timer.left': 'Time left:',
    'timer.paused': 'Timer paused:',
    'timer.warning': 'One minute left.',
    'timer.ended': 'Time is up.',

    'broadcast.title': 'Message from the facilitators',
    'broadcast.dismiss': 'Dismiss',
    'broadcast.announce': 'Message from the facilitators: {text}',

    'help.explain': 'Need a hand? A facilitator will come to your room.',
    'help.ask': 'Ask for help',
    'help.status.open': 'Your request for help has been sent. A facilitator will come soon.',
    'help.status.acknowledged': 'A facilitator is on the way.',
    'help.status.resolved': 'Your help request is closed. Ask again if you still need help.',
    'help.failed': 'Your request for help could not be sent: {reason}',

    'console.title': 'Facilitation',
    'console.agenda': 'Agenda',
    'console.back': 'Previous phase',
    'console.next': 'Next phase',
    'console.closeGroups': 'Close working groups',
    'console.options': 'Meeting options',
    'console.scheduled': 'Follow the agenda clock: phases change at the agenda’s times',
    'console.selfSelect': 'Participants may choose their working group',
    'console.autoReturn': 'Return everyone to the plenary when the working-group timer ends',
    'console.threshold': 'Reports that hide a contribution until reviewed',
    'console.thresholdHint': 'A contribution reported this many times is hidden until a facilitator looks at it.',
    'console.thresholdInvalid': 'Enter a whole number of at least 1.',
    'console.timer': 'Room timer',
    'console.noTimer': 'No timer is running in this room.',
    'console.timerRunning': 'The timer is running.',
    'console.timerPaused': 'The timer is paused.',
    'console.minutes': 'Minutes',
    'console.minutesInvalid': 'Enter a number of minutes greater than zero.',
    'console.startTimer': 'Start timer',
    'console.pause': 'Pause',
    'console.resume': 'Resume',
    'console.extend': 'Add a minute',
    'console.cancelTimer': 'Stop timer',
    'console.broadcast': 'Broadcast a message',
    'console.broadcastText': 'Message',
    'console.broadcastHint': 'Shown prominently to everyone in the rooms you choose; up to {max} characters.',
    'console.broadcastTo': 'Send to',
    'console.everyRoom': 'Every room',
    'console.thisRoom': 'This room only ({room})',
    'console.broadcastSend': 'Send message',
    'console.broadcastInvalid': 'Write a message of 1 to {max} characters.',
    'console.broadcastSent': 'Your message has been broadcast.',
    'console.collect': 'Collect, then reveal',
    'console.collectLabel': 'Collect contributions in this room and reveal them all at once',
    'console.collected.one': '{n} contribution collected, not yet shown.',
    'console.collected.other': '{n} contributions collected, not yet shown.',
    'console.notCollecting': 'Contributions appear as they are posted.',
    'console.reveal': 'Reveal now',
    'console.visit': 'Go to another room',
    'console.visitRoom': 'Room',
    'console.visitGo': 'Go',
    'console.failed': 'Not done: {reason}',

    'queue.help': 'Help requests',
    'queue.helpEmpty': 'No one has asked for help.',
    'queue.helpAnnounce': 'Someone in {room} asks for help.',
    'queue.someone': 'A participant',
    'queue.helpStatus.open': 'waiting',
    'queue.helpStatus.acknowledged': 'a facilitator is on the way',
    'queue.helpStatus.resolved': 'resolved',
    'queue.onMyWay': 'On my way',
    'queue.resolved': 'Resolved',
    'queue.moderation': 'Moderation',
    'queue.moderationEmpty': 'No contribution is reported or hidden.',
    'queue.hidden': 'Hidden',
    'queue.reports': 'Reported {n}×',
    'queue.roster': 'People by room',
    'queue.rosterNote': 'Who is connected where. This list never shows who wrote what.',
    'queue.nobody': 'Nobody is here.',
    'queue.moveLabel': 'Move {who} to',
    'queue.remove': 'Remove',
    'queue.removeConfirm': 'Remove {who} from the meeting? Their link stops working at once.',
    'queue.removed': 'The participant has been removed; their link no longer works.',
    'queue.movedAnnounce': 'The participant has been moved.',

    'switch.label': 'Switch to another working group',
    'switch.go': 'Switch',

    'post.title': 'Add a contribution',
    'post.chathamReminder': 'Chatham House Rule: do not name yourself, other participants or any organisation. Contributions are shown without names.',
    'post.objective': 'Objective',
    'post.question': 'Review question',
    'post.text': 'Your contribution',
    'post.textHint': 'Up to {max} characters.',
    'post.count': '{n} of {max} characters',
    'post.countOver': '{n} of {max} characters: {over} too many',
    'post.overAnnounce': 'Your text is longer than {max} characters.',
    'post.submit': 'Send contribution',
    'post.errorEmpty': 'Write your contribution before sending it.',
    'post.errorTooLong': 'Shorten your contribution to {max} characters or fewer.',
    'post.sendingStatus': 'Sending…',
    'post.queuedStatus': 'You are offline. Your contribution is saved in this browser and will be sent when the connection is back.',
    'post.sentStatus': 'Sent.',
    'post.sent': 'Your contribution has been posted.',
    'post.sentAgain': 'Your contribution had already been received; it is posted once.',
    'post.rejected': 'Your contribution was not accepted: {reason} Its text is back in the form.',
    'post.rejectedMoved': 'You were moved to another room before your contribution could be sent. Its text is back in the form: check the objective and send it again.',
    'post.collecting': 'This room collects contributions: yours is kept and shown to everyone when the facilitator reveals them all together.',
    'post.heldTitle.one': '{n} of your contributions is held for the reveal',
    'post.heldTitle.other': '{n} of your contributions are held for the reveal',
    'post.heldStatus': 'Received. Your contribution will be shown when the facilitator reveals the collected contributions.',
    'post.pendingTitle.one': '{n} contribution waiting to be sent',
    'post.pendingTitle.other': '{n} contributions waiting to be sent',
    'post.sending': 'Sending',
    'post.waiting': 'Waiting for the connection',

    'feed.title': 'Contributions',
    'feed.orderNote':
      'New contributions appear at the top as they arrive. Earlier ones are grouped by objective and question, in no particular order: the order in which they were written is not kept.',
    'feed.filters': 'Filter contributions',
    'feed.filterObjective': 'Objective',
    'feed.filterQuestion': 'Review question',
    'feed.all': 'All',
    'feed.count.one': '{n} contribution.',
    'feed.count.other': '{n} contributions.',
    'feed.showing': 'Showing {shown} of {total} contributions.',
    'feed.empty': 'No contributions yet.',
    'feed.noMatch': 'No contributions match these filters.',
    'feed.announceOne': 'New contribution, {objective}: {text}',
    'feed.announceMany.one': '{n} new contribution.',
    'feed.announceMany.other': '{n} new contributions.',

    'contribution.yours': 'Yours',
    'contribution.edit': 'Edit',
    'contribution.editLabel': 'Edit your contribution',
    'contribution.save': 'Save changes',
    'contribution.saving': 'Saving…',
    'contribution.cancel': 'Cancel',
    'contribution.edited': 'Your contribution has been updated.',
    'contribution.withdraw': 'Withdraw',
    'contribution.withdrawConfirm': 'Withdraw this contribution? It will be removed for everyone.',
    'contribution.keep': 'Keep it',
    'contribution.withdrawn': 'Your contribution has been withdrawn.',
    'contribution.hide': 'Hide',
    'contribution.mute': 'Mute author',
    'contribution.muteConfirm': 'Mute the author of this contribution? They will not be able to post again; nobody, including you, learns who they are.',
    'contribution.muted': 'The author of that contribution is muted.',
    'contribution.vote': 'Vote',
    'contribution.unvote': 'Remove my vote',
    'contribution.voted': 'Your vote has been counted.',
    'contribution.unvoted': 'Your vote has been removed.',
    'contribution.votes.one': '{n} vote',
    'contribution.votes.other': '{n} votes',
    'contribution.report': 'Report',
    'contribution.reported': 'Reported',
    'contribution.reportConfirm': 'Report this contribution to the facilitators as abusive?',
    'contribution.reportedAnnounce': 'Thank you. The facilitators have been told.',
    'contribution.keyPoint': 'Key point',
    'contribution.merged': 'Merged with a similar contribution',
    'contribution.note': 'Rapporteur’s note:',
    'contribution.failed.key_point': 'The key point could not be changed: {reason}',
    'contribution.failed.note': 'The note could not be saved: {reason}',
    'contribution.failed.reassign': 'The objective or question could not be changed: {reason}',
    'contribution.failed.merge': 'The contributions could not be merged: {reason}',
    'contribution.failed.unmerge': 'The merge could not be undone: {reason}',
    'contribution.failed.vote': 'Your vote could not be counted: {reason}',
    'contribution.failed.unvote': 'Your vote could not be removed: {reason}',
    'contribution.failed.report': 'The report could not be sent: {reason}',
    'contribution.failed.mute': 'The author could not be muted: {reason}',
    'contribution.failed.edit': 'The change could not be saved: {reason}',
    'contribution.failed.retract': 'The contribution could not be withdrawn: {reason}',
    'contribution.failed.hide': 'The contribution could not be hidden: {reason}',
    'contribution.failed.restore': 'The contribution could not be restored: {reason}',

    'curation.markKey': 'Mark as key point',
    'curation.unmarkKey': 'Remove key point',
    'curation.addNote': 'Add a note',
    'curation.editNote': 'Edit note',
    'curation.noteLabel': 'Rapporteur’s note',
    'curation.noteHint': 'A clarification shown with the contribution and in exports; up to {max} characters. Names are redacted.',
    'curation.noteTooLong': 'Shorten the note to {max} characters or fewer.',
    'curation.removeNote': 'Remove note',
    'curation.reassign': 'Change objective or question',
    'curation.merge': 'Merge into another',
    'curation.mergeInto': 'Merge this contribution into',
    'curation.mergeHint': 'Both texts are kept; their votes add up. You can undo the merge.',
    'curation.nothingToMerge': 'There is no other contribution to merge into.',
    'curation.unmerge': 'Undo merge',
    'curation.save': 'Save',
    'curation.done.key_point': 'Key point updated.',
    'curation.done.note': 'Note saved.',
    'curation.done.reassign': 'Objective and question updated.',
    'curation.done.merge': 'Contributions merged.',
    'curation.done.unmerge': 'Merge undone.',
    'summary.title': 'Running summaries',
    'summary.explain': 'One summary per objective, for the report-back in the closing plenary and the exports. Someone else may be editing too: if they save first, you will see both texts.',
    'summary.save': 'Save summary',
    'summary.saving': 'Saving…',
    'summary.unsaved': 'Unsaved changes.',
    'summary.none': 'Not saved yet.',
    'summary.version': 'Saved (version {version}).',
    'summary.saved': 'Saved (version {version}).',
    'summary.savedAnnounce': 'Summary saved.',
    'summary.conflict': 'Someone saved this summary before you. Your text is still in the box; compare it with theirs, then save again.',
    'summary.theirs': 'Their saved text:',
    'summary.useTheirs': 'Replace mine with theirs',
    'summary.conflictStatus': 'Not saved: version {version} is newer.',
    'summary.failed': 'The summary could not be saved: {reason}',

    'export.title': 'Exports',
    'export.explain': 'Unattributed notes by working group and objective: no names, no times, no order of speaking.',
    'export.md': 'Markdown',
    'export.csv': 'CSV',
    'export.json': 'JSON',
    'export.docx': 'Word (DOCX)',
    'export.print': 'Print',
    'export.preparing': 'Preparing the file…',
    'export.done': 'Downloaded {name}.',
    'export.failed': 'The export failed: {reason}',

    'report.title': 'Report-back from the working groups',
    'report.noSummary': 'No summary yet.',
    'report.keyPoints': 'Key points:',

    'moderation.restore': 'Restore',
    'moderation.hidden': 'The contribution is hidden for everyone.',
    'moderation.restored': 'The contribution is visible again.',

    'error.notConnected': 'You are not connected right now. Try again when the connection is back.',
    'error.network': 'The server could not be reached. Check your connection and try again.',
    'error.api': 'The server refused: {reason}',

    'form.optional': '(optional)',
    'copy.button': 'Copy',
    'copy.done': 'Copied.',
    'copy.failed': 'Copy failed: select the link and copy it yourself.',

    'org.title': 'Organiser',
    'org.eyebrow': 'Organiser',
    'org.consultation': 'Consultation',
    'org.switch': 'Show',
    'org.onThisPage': 'On this page',
    'org.overview': 'Overview',
    'org.theme': 'Theme:',
    'org.registrationCloses': 'Registration closes:',
    'org.deadline': '{date}, {time} {zone} time',
    'org.endOfDay': '(the end of that day)',
    'org.perOrganisation': 'at most {n} people per organisation',
    'org.groups': 'Working groups',
    'org.group': 'Group',
    'org.groupObjectives': 'Objectives',
    'org.capacity': 'Capacity',
    'org.noCapacity': 'No limit',
    'org.objectives': 'Objectives',
    'org.questions': 'Review questions',
    'org.links': 'Personal links',

    'links.createTitle': 'Create a personal link',
    'links.role': 'Role',
    'links.room': 'Room',
    'links.noGroup': 'No working group yet',
    'links.facilitates': 'Room to facilitate',
    'links.group': 'Working group',
    'links.allRooms': 'All rooms',
    'links.name': 'Name',
    'links.email': 'Email',
    'links.organisation': 'Organisation',
    'links.identityNote': 'Names, emails and organisations are kept in the identity store only, never with contributions.',
    'links.create': 'Create link',
    'links.createdFor': 'New link for {who}',
    'links.linkFor': 'Personal link for {who}',
    'links.shownOnce': 'The server shows a link only when it is created. Copy it now, or download the links of this session as CSV below.',
    'links.createdAnnounce': 'Link created for {who}.',
    'links.allTitle': 'All links',
    'links.total.one': '{n} link,',
    'links.total.other': '{n} links,',
    'links.active.one': '{n} active.',
    'links.active.other': '{n} active.',
    'links.csvNote': 'The CSV lists every link; the URL column is filled for links created in this browser tab, because the server does not show a link again.',
    'links.download': 'Download links (CSV)',
    'links.downloaded': 'The CSV file has been downloaded.',
    'links.colName': 'Name',
    'links.colRole': 'Role',
    'links.colGroup': 'Group or room',
    'links.colStatus': 'Status',
    'links.colLink': 'Link',
    'links.colActions': 'Actions',
    'links.unknownName': 'Not known in this tab',
    'links.statusActive': 'Active',
    'links.statusRevoked': 'Revoked',
    'links.notShown': 'Shown only when created',
    'links.revoke': 'Revoke',
    'links.revokeConfirm': 'Revoke the link of {who}? It stops working at once.',
    'links.keep': 'Keep',
    'links.revoked': 'The link of {who} has been revoked.',
    'links.move': 'Move now',
    'links.moveLabel': 'Room for {who}, from now until the next phase',
    'links.moved': '{who} has been moved to {room}.',
  },
};

const lang = 'en';
const messages = catalogues[lang];
const plurals = new Intl.PluralRules(lang);
const numbers = new Intl.NumberFormat(lang);

/**
 * The message for `key`, with `{name}` placeholders filled from `vars`.
 * @param {string} key
 * @param {Record<string, string | number | null | undefined>} [vars]
 */
export function t(key, vars) {
  const template = messages[key];
  if (template === undefined) {
    console.warn(`i18n: missing message ${key}`);
    return key;
  }
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name) => (vars[name] === undefined || vars[name] === null ? m : String(vars[name])));
}

/**
 * A plural message: `key.one`, `key.other` (per Intl.PluralRules), with
 * `{n}` set to the formatted count.
 * @param {string} key
 * @param {number} count
 * @param {Record<string, string | number>} [vars]
 */
export function tn(key, count, vars = {}) {
  const form = plurals.select(count);
  const k = messages[`${key}.${form}`] !== undefined ? `${key}.${form}` : `${key}.other`;
  return t(k, { n: numbers.format(count), ...vars });
}

/** @param {number} n */
export function fmtNumber(n) {
  return numbers.format(n);
}

/** Fills elements marked `data-i18n="key"` in the static page. */
export function applyStatic() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = t(/** @type {string} */ (el.getAttribute('data-i18n')));
  }
}

/** Every key, for checks. */
export const KEYS = Object.freeze(Object.keys(messages));
