/**
 * Cuts a text into windows scored independently; the strongest window decides. This is what
 * keeps length from carrying signal: a 20-page benign document is judged one ~300-character
 * stretch at a time, and an instruction injected into it is not diluted by the rest.
 *
 * Windows do not overlap and cover the whole text. Each is at most `maxLength` UTF-16 units and
 * ends, when possible, at a sentence end (`. ! ? 。 ！ ？` or a line break), otherwise at the last
 * space, otherwise hard at the limit (never between the halves of a surrogate pair).
 */

/** A window as [start, end) UTF-16 offsets into the original text. */
export type WindowSpan = [number, number];

/**
 * Default window size: long enough for an instruction sentence, short enough that one planted in
 * a document is not diluted by the text around it. Heads that want more context score two
 * consecutive windows together (`windowSpan` 2, score.ts).
 */
export const WINDOW_LENGTH = 160;

function isSentenceEnd(code: number): boolean {
  // . ! ? newline 。 ！ ？ ｡
  return code === 46 || code === 33 || code === 63 || code === 10 || code === 0x3002 || code === 0xff01 ||
    code === 0xff1f || code === 0xff61;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 0x3000;
}

/** Splits `text` into windows; whitespace-only stretches are skipped. */
export function splitWindows(text: string, maxLength: number = WINDOW_LENGTH): WindowSpan[] {
  const windows: WindowSpan[] = [];
  const n = text.length;
  let start = 0;
  while (start < n) {
    while (start < n && isSpace(text.charCodeAt(start))) start++;
    if (start >= n) break;
    let end = Math.min(n, start + maxLength);
    if (end < n) {
      let cut = -1;
      let space = -1;
      for (let i = end - 1; i > start; i--) {
        const c = text.charCodeAt(i);
        if (isSentenceEnd(c)) {
          cut = i + 1;
          break;
        }
        if (space < 0 && isSpace(c)) space = i + 1;
      }
      // A sentence end too close to the start would leave a sliver; prefer a space then.
      if (cut > start + (maxLength >> 2)) end = cut;
      else if (space > start + (maxLength >> 1)) end = space;
      else if (cut > start) end = cut;
      const last = text.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff && end - 1 > start) end--;
    }
    windows.push([start, end]);
    start = end;
  }
  return windows;
}
