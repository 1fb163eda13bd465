// Times and dates. The consultation's agenda comes as instants (UTC) plus
// the consultation's IANA zone; people see their own local time with the
// consultation's time alongside. Formats follow the browser's locale.

/** The viewer's IANA time zone. */
export function localZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Asia/Bangkok" -> "Bangkok"; "America/Port_of_Spain" -> "Port of Spain". */
export function zoneCity(zone) {
  return String(zone).split('/').pop().replace(/_/g, ' ');
}

/**
 * @param {string} iso
 * @param {string} zone
 */
export function time(iso, zone) {
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', timeZone: zone }).format(new Date(iso));
}

/**
 * @param {string} iso
 * @param {string} zone
 */
export function longDate(iso, zone) {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: zone,
  }).format(new Date(iso));
}

/**
 * @param {string} iso
 * @param {string} zone
 */
export function shortDate(iso, zone) {
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: zone }).format(
    new Date(iso),
  );
}

/** The calendar day of an instant in a zone, as YYYY-MM-DD. */
export function day(iso, zone) {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone }).format(
    new Date(iso),
  );
}

/**
 * A civil date ("2021-02-03") written out, without any zone shift.
 * @param {string} date
 */
export function civilDate(date) {
  return new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T12:00:00Z`),
  );
}

/**
 * True when two zones show the same wall-clock time at this instant.
 * @param {string} a @param {string} b @param {string} iso
 */
export function sameClock(a, b, iso) {
  return time(iso, a) === time(iso, b) && day(iso, a) === day(iso, b);
}

/**
 * Day and time of an instant in a zone: "Sunday 31 January 2021, 18:00".
 * @param {string} iso
 * @param {string} zone
 */
export function dateTime(iso, zone) {
  return `${longDate(iso, zone)}, ${time(iso, zone)}`;
}
