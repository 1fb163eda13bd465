// The registration deadline in words: as the consultation file writes it
// (on the consultation's wall clock, where "24:00" is the end of the day),
// and the same instant in the viewer's own time zone.

import { t } from '../i18n.js';
import * as time from '../time.js';

/**
 * The deadline as written ("2021-01-31 24:00"), in the consultation's zone:
 * "31 January 2021, 24:00 Bangkok time (the end of that day)".
 * @param {string} deadlineLocal
 * @param {string} zone
 */
export function deadlineText(deadlineLocal, zone) {
  const [date, clock] = String(deadlineLocal).split(' ');
  const city = time.zoneCity(zone);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date ?? '')) return `${deadlineLocal} (${city})`;
  const text = t('org.deadline', { date: time.civilDate(date), time: clock ?? '', zone: city });
  return clock === '24:00' ? `${text} ${t('org.endOfDay')}` : text;
}

/**
 * The same instant in the viewer's zone, or null when the viewer's clock
 * shows the same as the consultation's.
 * @param {string} iso the deadline instant (UTC)
 * @param {string} zone the consultation's zone
 */
export function deadlineYourTime(iso, zone) {
  const local = time.localZone();
  if (!iso || time.sameClock(local, zone, iso)) return null;
  return t('deadline.yourTime', { when: time.dateTime(iso, local), zone: time.zoneCity(local) });
}
