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
let oneUnit: Uint16Array | undefined;

/**
 * For U+3000–U+30FF and U+FF00–U+FFEF: the single unit a code point normalizes to when its base
 * form is one unit and its folded form is that unit lower-cased (fullwidth ASCII, ideographic
 * space, CJK punctuation, halfwidth kana), else 0.
 */
function oneUnitForm(c: number): number {
  const off = c >= 0x3000 && c < 0x3100 ? c - 0x3000 : c >= 0xff00 && c < 0xfff0 ? c - 0xff00 + 0x100 : -1;
  if (off < 0) return 0;
  if (!oneUnit) {
    oneUnit = new Uint16Array(0x100 + 0xf0);
    for (let k = 0; k < oneUnit.length; k++) {
      const cp = k < 0x100 ? 0x3000 + k : 0xff00 + k - 0x100;
      const f = formsOf(cp);
      if (f.base.length === 1 && f.folded === f.base.toLowerCase() && f.folded.length === 1) oneUnit[k] = f.base.charCodeAt(0);
    }
  }
  return oneUnit[off]!;
}

/** Runs the pre-pass. Pure ASCII takes a fast path with identity offset maps. */
export function normalizeText(original: string): NormalizedViews {
  const escapes = original.includes('\x1b');
  if (!escapes && !NON_ASCII.test(original)) {
    const base = TextView.identity(original);
    return { original, base, folded: TextView.identity(original.toLowerCase(), original.length) };
  }
  // Only ASCII, stable CJK/Hangul/kana and one-unit NFKC mappings (fullwidth ASCII, CJK
  // punctuation, halfwidth kana): both views are unit for unit, so their offset maps are identities.
  let allStable = !escapes;
  let mapped = false;
  for (let k = 0; allStable && k < original.length; k++) {
    const c = original.charCodeAt(k);
    if (c < 0x80 || isStable(c)) continue;
    if (oneUnitForm(c) !== 0) {
      mapped = true;
      continue;
    }
    allStable = false;
    break;
  }
  if (allStable) {
    let base = original;
    if (mapped) {
      const units = new Uint16Array(original.length);
      for (let k = 0; k < original.length; k++) {
        const c = original.charCodeAt(k);
        units[k] = c < 0x80 || isStable(c) ? c : oneUnitForm(c);
      }
      base = utf16.decode(units);
    }
    return { original, base: TextView.identity(base, original.length), folded: TextView.identity(base.toLowerCase(), original.length) };
  }
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
const WORD = /[\p{L}\p{M}]+/gu;
const LATIN_LETTER = /[a-z]/;
const ANY_CHAR = /./gu;

/**
 * Folds Cyrillic/Greek look-alikes inside words that mix them with Latin letters ("ignоre" with
 * a Cyrillic о), and words made only of near-identical look-alikes ("іgnоrе" typed in Cyrillic
 * would need letters without twins, so real Russian or Greek words keep their letters). The
 * substitution is one unit for one unit, so the offset map is unchanged.
 */
function foldMixedScript(view: TextView): TextView {
  const text = view.text;
  if (!CYRILLIC_OR_GREEK.test(text)) return view;
  const out = text.replace(WORD, (word) => {
    if (!CYRILLIC_OR_GREEK.test(word)) return word;
    if (LATIN_LETTER.test(word)) return word.replace(ANY_CHAR, (ch) => MIXED[ch] ?? ch);
    for (const ch of word) if (STRICT[ch] === undefined) return word;
    return word.replace(ANY_CHAR, (ch) => STRICT[ch] ?? ch);
  });
  return new DerivedView(out, view);
}

export { DerivedView };
