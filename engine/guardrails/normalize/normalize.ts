/**
 * The shared normalization pre-pass. From the original text it derives:
 * - `base`: invisible/bidi characters and terminal escape sequences (ANSI colours, cursor moves,
 *   OSC titles and links) removed, each code point NFKC-normalized (fullwidth
 *   digits, ligatures, mathematical letters become plain), lone surrogates become U+FFFD.
 *   PII and secrets are matched here (case and script preserved).
 * - `folded`: `base` lower-cased, Latin diacritics and stray combining marks dropped, and
 *   Cyrillic/Greek look-alikes folded to Latin inside mixed-script words. Injection, toxicity
 *   and leak patterns are matched here.
 * Both keep an offset map to the original. Normalization is per code point (cached), so it is
 * linear and composition across code points (e.g. `e` + U+0301) is not performed; the folded
 * view drops the combining mark instead, which is what matching needs.
 */
import confusables from './confusables.json' with { type: 'json' };
import { isInvisible } from './invisible.ts';
import { DerivedView, TextView, ViewBuilder } from './text-view.ts';
import { unitClass } from './unit-class.ts';

const MIXED: Record<string, string> = confusables.mixedScript;
const ALWAYS: Record<string, string> = confusables.always;
const STRICT: Record<string, string> = confusables.strict;

const NON_ASCII = /[^\x00-\x7f]/;
const ESC = 0x1b;

/**
 * Units taken by the terminal escape sequence at `i` (ESC is at `i`): CSI `ESC [ params final`
 * (colours such as `ESC[31m`, cursor moves), OSC `ESC ] … BEL` or `ESC ] … ESC \\` (titles,
 * hyperlinks), or a two-unit `ESC x`. A lone ESC at the end is one unit. They are dropped from
 * the views: `ig␛[0mnore` is read as "ignore".
 */
function escapeSequenceLength(text: string, i: number): number {
  const next = text.charCodeAt(i + 1);
  if (next === 0x5b) {
    // CSI: parameter bytes 0x30–0x3f, intermediate bytes 0x20–0x2f, one final byte 0x40–0x7e.
    let j = i + 2;
    const limit = Math.min(text.length, i + 40);
    while (j < limit && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x3f) j++;
    while (j < limit && text.charCodeAt(j) >= 0x20 && text.charCodeAt(j) <= 0x2f) j++;
    const f = text.charCodeAt(j);
    return j < limit && f >= 0x40 && f <= 0x7e ? j + 1 - i : 1;
  }
  if (next === 0x5d) {
    // OSC, ended by BEL or ST (ESC \\); an unended one is left as text after its ESC.
    const limit = Math.min(text.length, i + 2_048);
    for (let j = i + 2; j < limit; j++) {
      const c = text.charCodeAt(j);
      if (c === 0x07) return j + 1 - i;
      if (c === ESC) return text.charCodeAt(j + 1) === 0x5c ? j + 2 - i : 1;
    }
    return 1;
  }
  return next >= 0x40 && next <= 0x5f ? 2 : 1;
}

interface CodePointForms {
  base: string;
  folded: string;
}

const cache = new Map<number, CodePointForms>();
const CACHE_LIMIT = 50_000;

function formsOf(cp: number): CodePointForms {
  const hit = cache.get(cp);
  if (hit) return hit;
  let forms: CodePointForms;
  if (isInvisible(cp)) {
    forms = { base: '', folded: '' };
  } else if (cp >= 0xd800 && cp <= 0xdfff) {
    forms = { base: '\ufffd', folded: '\ufffd' };
  } else {
    const base = String.fromCodePoint(cp).normalize('NFKC');
    forms = { base, folded: foldString(base) };
  }
  if (cache.size < CACHE_LIMIT) cache.set(cp, forms);
  return forms;
}

function foldString(s: string): string {
  let out = '';
  for (const ch of s.toLowerCase()) {
    const code = ch.codePointAt(0)!;
    // Stray combining marks (zalgo, or a diacritic on its own) carry no letter identity.
    if (code >= 0x300 && code <= 0x36f) continue;
    const always = ALWAYS[ch];
    if (always !== undefined) {
      out += always;
      continue;
    }
    if (code >= 0xc0 && code < 0x250) {
      // Latin letters with diacritics: keep the base letter (ï → i, ø stays ø).
      const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += stripped.length > 0 ? stripped : ch;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Folds one literal character the way the folded view folds text (for patterns and triggers). */
export function foldLiteral(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return ch.toLowerCase();
  if (code >= 0xd800 && code <= 0xdfff) return ch;
  return formsOf(code).folded;
}

export interface NormalizedViews {
  original: string;
  base: TextView;
  folded: TextView;
}

/**
 * BMP letters that NFKC, lower-casing and folding all leave alone: CJK unified ideographs
 * (incl. extension A), Hangul syllables, hiragana and katakana. They skip the per-code-point
 * lookup, which keeps CJK prose as cheap as ASCII.
 */
function isStable(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa);
}

const utf16 = new TextDecoder('utf-16le');

/**
 * Per BMP unit outside ASCII: whether its base and folded forms are one unit each (state 1, with
 * the units kept), or not (2: expands, vanishes, or is a surrogate); 0 until first seen. Most
 * letters of European scripts, Cyrillic, Greek and fullwidth forms are one unit each way.
 */
const unitState = new Uint8Array(0x10000);
const unitBase = new Uint16Array(0x10000);
const unitFolded = new Uint16Array(0x10000);

function oneUnitForms(c: number): boolean {
  let state = unitState[c]!;
  if (state === 0) {
    const forms = c >= 0xd800 && c <= 0xdfff ? null : formsOf(c);
    state = forms && forms.base.length === 1 && forms.folded.length === 1 ? 1 : 2;
    if (state === 1) {
      unitBase[c] = forms!.base.charCodeAt(0);
      unitFolded[c] = forms!.folded.charCodeAt(0);
    }
    unitState[c] = state;
  }
  return state === 1;
}

/** Runs the pre-pass. Pure ASCII takes a fast path with identity offset maps. */
export function normalizeText(original: string): NormalizedViews {
  const escapes = original.includes('\x1b');
  if (!escapes && !NON_ASCII.test(original)) {
    const base = TextView.identity(original);
    return { original, base, folded: TextView.identity(original.toLowerCase(), original.length) };
  }
  return (escapes ? null : normalizeUnitForUnit(original)) ?? normalizeGeneral(original);
}

/**
 * The views when every code point maps to one unit in each (ASCII, stable CJK/Hangul/kana, and
 * the one-unit forms above): their offset maps are identities. Null when some code point does
 * not (a surrogate pair, an invisible character, an expanding ligature): see normalizeGeneral.
 * Exported for the tests, which check it against normalizeGeneral.
 */
export function normalizeUnitForUnit(original: string): NormalizedViews | null {
  const n = original.length;
  const folded = new Uint16Array(n);
  let base: Uint16Array | null = null;
  for (let k = 0; k < n; k++) {
    const c = original.charCodeAt(k);
    if (c < 0x80) {
      folded[k] = c >= 65 && c <= 90 ? c + 32 : c;
      if (base !== null) base[k] = c;
      continue;
    }
    // The table answers for every unit seen before (stable CJK letters included).
    if (unitState[c] !== 1 && (unitState[c] !== 0 || !oneUnitForms(c))) return null;
    const b = unitBase[c]!;
    if (b !== c && base === null) {
      base = new Uint16Array(n);
      for (let j = 0; j < k; j++) base[j] = original.charCodeAt(j);
    }
    folded[k] = unitFolded[c]!;
    if (base !== null) base[k] = b;
  }
  const baseText = base === null ? original : utf16.decode(base);
  return {
    original,
    base: TextView.identity(baseText, n),
    folded: foldMixedScript(TextView.identity(utf16.decode(folded), n)),
  };
}

/** The views in general: code point by code point, with offset maps. Exported for the tests. */
export function normalizeGeneral(original: string): NormalizedViews {
  const base = new ViewBuilder(original.length + 16);
  const folded = new ViewBuilder(original.length + 16);
  let i = 0;
  const n = original.length;
  while (i < n) {
    const code = original.charCodeAt(i);
    if (code === ESC) {
      i += escapeSequenceLength(original, i);
      continue;
    }
    if (code < 0x80 || isStable(code)) {
      base.pushUnit(code, i, i + 1);
      folded.pushUnit(code >= 65 && code <= 90 ? code + 32 : code, i, i + 1);
      i++;
      continue;
    }
    // A unit with one-unit forms (CJK punctuation, most letters) skips the per-code-point lookup.
    if ((code < 0xd800 || code > 0xdfff) && (unitState[code] === 1 || (unitState[code] === 0 && oneUnitForms(code)))) {
      base.pushUnit(unitBase[code]!, i, i + 1);
      folded.pushUnit(unitFolded[code]!, i, i + 1);
      i++;
      continue;
    }
    const cp = original.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const forms = formsOf(cp);
    if (forms.base.length > 0) base.push(forms.base, i, i + width);
    if (forms.folded.length > 0) folded.push(forms.folded, i, i + width);
    i += width;
  }
  const foldedView = folded.build(n);
  return { original, base: base.build(n), folded: foldMixedScript(foldedView) };
}

const CYRILLIC_OR_GREEK = /[\u0370-\u03ff\u0400-\u052f]/;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** Look-alike tables by unit (every key and value is one unit below U+0530); 0: no twin. */
function twinTable(map: Record<string, string>): Uint16Array {
  const table = new Uint16Array(0x530);
  for (const [from, to] of Object.entries(map)) table[from.charCodeAt(0)] = to.charCodeAt(0);
  return table;
}
const MIXED_TWIN = twinTable(MIXED);
const STRICT_TWIN = twinTable(STRICT);

const isLetterOrMark = unitClass(LETTER_OR_MARK);

/** Units of the word character at `i` (a letter or mark: 1, or 2 for a pair), or 0. */
function wordCharWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return LETTER_OR_MARK.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  return isLetterOrMark(c) ? 1 : 0;
}

/**
 * Folds Cyrillic/Greek look-alikes inside words that mix them with Latin letters ("ignоre" with
 * a Cyrillic о), and words made only of near-identical look-alikes ("іgnоrе" typed in Cyrillic
 * would need letters without twins, so real Russian or Greek words keep their letters). A word
 * is a run of letters and marks. The substitution is one unit for one unit, so the offset map
 * is unchanged. Only the words around a Cyrillic or Greek unit are read: walking every word of
 * a Korean text with one Greek letter in it cost ~20 µs/KB. Exported for the tests.
 */
export function foldMixedScript(view: TextView): TextView {
  const text = view.text;
  if (!CYRILLIC_OR_GREEK.test(text)) return view;
  let out: string | null = null;
  let copied = 0;
  const n = text.length;
  // Where the next word may start (the end of the last word read).
  let from = 0;
  for (let at = nextCyrillicOrGreek(text, 0); at < n; at = nextCyrillicOrGreek(text, Math.max(at + 1, from))) {
    if (wordCharWidth(text, at) === 0) continue;
    const i = wordStart(text, at, from);
    let j = i;
    let cyrillicOrGreek = false;
    let latin = false;
    let allTwins = true;
    for (let w = wordCharWidth(text, j); w > 0; w = j < n ? wordCharWidth(text, j) : 0) {
      const c = text.charCodeAt(j);
      if (c >= 0x370 && c <= 0x52f) cyrillicOrGreek = true;
      else if (c >= 97 && c <= 122) latin = true;
      if (w === 2 || c >= 0x530 || STRICT_TWIN[c] === 0) allTwins = false;
      j += w;
    }
    from = j;
    if (cyrillicOrGreek && (latin || allTwins)) {
      const twins = latin ? MIXED_TWIN : STRICT_TWIN;
      let word = '';
      for (let k = i; k < j; k++) {
        const c = text.charCodeAt(k);
        word += String.fromCharCode(c < 0x530 && twins[c] !== 0 ? twins[c]! : c);
      }
      out = (out ?? '') + text.slice(copied, i) + word;
      copied = j;
    }
  }
  if (out === null) return view;
  return new DerivedView(out + text.slice(copied), view);
}

/** The offset of the first Cyrillic or Greek unit at or after `from` (the length if none). */
function nextCyrillicOrGreek(text: string, from: number): number {
  let i = from;
  for (const n = text.length; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x370 && c <= 0x52f) break;
  }
  return i;
}

/**
 * The start of the word holding the word character at `at`: back over letters and marks (a
 * letter outside the BMP as its pair), not before `from`.
 */
function wordStart(text: string, at: number, from: number): number {
  let i = at;
  while (i > from) {
    const c = text.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && i - 2 >= from && wordCharWidth(text, i - 2) === 2) i -= 2;
    else if (wordCharWidth(text, i - 1) === 1) i -= 1;
    else break;
  }
  return i;
}

export { DerivedView };
