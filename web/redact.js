// Redaction ranges as the server gives them, made usable in JavaScript.
//
// The server gives ranges as UTF-8 byte offsets: redactions in the text as
// sent (after trimming), flags in the redacted text. JavaScript strings
// index UTF-16 code units, so every range is converted first
// (`toIndices`); a range that does not fall on character boundaries is
// dropped rather than shown wrong. Replaying the redactions on the
// author's text must give the server's text (`placeholderRanges`): that
// also tells which of several texts sent for a preview an answer is for.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Converts UTF-8 byte ranges in `text` to string index ranges.
 * @template {{start: number, end: number}} R
 * @param {string} text
 * @param {R[]} ranges
 * @returns {Array<R & {from: number, to: number}>}
 */
export function toIndices(text, ranges) {
  const bytes = encoder.encode(text);
  /** @param {number} offset */
  const index = (offset) => {
    if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) return -1;
    try {
      return decoder.decode(bytes.subarray(0, offset)).length;
    } catch {
      return -1; // not on a character boundary
    }
  };
  return ranges
    .map((r) => ({ ...r, from: index(r.start), to: index(r.end) }))
    .filter((r) => r.from >= 0 && r.to > r.from)
    .sort((a, b) => a.from - b.from);
}

/**
 * The placeholders' ranges in the stored text, found by replaying the
 * redactions on the author's text; null when the replay does not give the
 * server's text (then the stored text is shown without marks).
 * @param {string} original the text as sent (trimmed)
 * @param {Array<{from: number, to: number, placeholder: string}>} redactions
 * @param {string} stored
 */
export function placeholderRanges(original, redactions, stored) {
  let built = '';
  let at = 0;
  /** @type {Array<{from: number, to: number, cls: string}>} */
  const ranges = [];
  for (const r of redactions) {
    if (r.from < at) return null;
    built += original.slice(at, r.from);
    ranges.push({ from: built.length, to: built.length + r.placeholder.length, cls: 'mark-placeholder' });
    built += r.placeholder;
    at = r.to;
  }
  built += original.slice(at);
  return built === stored ? ranges : null;
}

/**
 * True when a preview answer (`{text, redactions}`) is for `sent`.
 * @param {string} sent
 * @param {{text: string, redactions: Array<{start: number, end: number, placeholder: string}>}} answer
 */
export function answers(sent, answer) {
  return placeholderRanges(sent, toIndices(sent, answer.redactions ?? []), answer.text) !== null;
}
