/**
 * What the adversarial-suffix recognizer asks of each whitespace token, read in one pass over its
 * code units. It used to ask with a dozen small regexes per token (a plain word? a camel hump? a
 * symbol glued to letters? only punctuation? …): ~4,000 regex calls per 10 KB of English prompts.
 * `token-shape.test.ts` holds those regexes as the definition and compares on random tokens.
 */
import { unitClass } from '../../normalize/unit-class.ts';

/** Some ASCII letter: `[A-Za-z]`. */
export const ASCII_LETTER = 1;
/** A lower-case letter followed by a capital: `[a-z][A-Z]`. */
export const CAMEL_HUMP = 2;
/** A symbol that glues to letters in machine text: `[{}[\]()<>|\\^$~=`@*%]`. */
export const SYMBOL = 4;
/** The same or an underscore: `[{}[\]()<>|\\^$~=`@*%_]`. */
export const SYMBOL_OR_UNDERSCORE = 8;
/** No letter or digit in any script: `^[^\p{L}\p{N}]+$` (with the `u` flag). */
export const ONLY_PUNCT = 16;
/** `^[A-Za-z][a-z'’]*[,.;:!?]?$`. */
export const PLAIN_WORD = 32;
/** `^[!?.,;:]+[A-Za-z]`. */
export const LEADING_PUNCT = 64;
/** `[A-Za-z]\.{3,}[^\s]|\.{4,}` (a token holds no white space). */
export const GLUED_DOTS = 128;
/** `^[A-Z][a-z]+$`. */
export const TITLE_WORD = 256;
/** Holds `___`. */
export const UNDERSCORES = 512;
/** `[.!?:"]$`. */
export const SENTENCE_END = 1024;
/** Holds `(` or `)`. */
export const PAREN = 2048;
/** Holds a backslash. */
export const BACKSLASH = 4096;
/** The count of `[{}[\]()<>|\\^]` in the token is the shape divided by this. */
export const BRACKET_UNIT = 8192;

const isLetterOrDigit = unitClass(/[\p{L}\p{N}]/u);
const LETTER_OR_DIGIT_PAIR = /^[\p{L}\p{N}]$/u;

// Per ASCII unit: 1 bracket, 2 symbol, 4 underscore-or-symbol, 8 sentence end.
const ASCII = new Uint8Array(128);
for (const ch of '{}[]()<>|\\^') ASCII[ch.charCodeAt(0)]! |= 1;
for (const ch of '{}[]()<>|\\^$~=`@*%') ASCII[ch.charCodeAt(0)]! |= 2 | 4;
ASCII[95]! |= 4; // _
for (const ch of '.!?:"') ASCII[ch.charCodeAt(0)]! |= 8;

const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isLeadingPunct = (c: number): boolean => c === 33 || c === 63 || c === 46 || c === 44 || c === 59 || c === 58;
const isWordEnd = (c: number): boolean => c === 44 || c === 46 || c === 59 || c === 58 || c === 33 || c === 63;

/** The shape of a non-empty token without white space: the flags above plus brackets × BRACKET_UNIT. */
export function tokenShape(tok: string): number {
  const n = tok.length;
  let shape = 0;
  let brackets = 0;
  let letterOrDigit = false;
  let dots = 0;
  let underscores = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const c = tok.charCodeAt(i);
    if (c < 128) {
      const k = ASCII[c]!;
      if (k & 1) brackets++;
      if (k & 2) shape |= SYMBOL;
      if (k & 4) shape |= SYMBOL_OR_UNDERSCORE;
      if (isUpper(c)) {
        shape |= ASCII_LETTER;
        if (isLower(prev)) shape |= CAMEL_HUMP;
        letterOrDigit = true;
      } else if (isLower(c)) {
        shape |= ASCII_LETTER;
        letterOrDigit = true;
      } else if (c >= 48 && c <= 57) letterOrDigit = true;
      else if (c === 40 || c === 41) shape |= PAREN;
      else if (c === 92) shape |= BACKSLASH;
      // A run of dots: four, or three after a letter and before anything, glue.
      if (c === 46) {
        dots++;
        if (dots >= 4) shape |= GLUED_DOTS;
      } else {
        if (dots >= 3 && i - dots - 1 >= 0 && isAsciiLetter(tok.charCodeAt(i - dots - 1))) shape |= GLUED_DOTS;
        dots = 0;
      }
      if (c === 95) {
        underscores++;
        if (underscores >= 3) shape |= UNDERSCORES;
      } else underscores = 0;
    } else {
      if (dots >= 3 && i - dots - 1 >= 0 && isAsciiLetter(tok.charCodeAt(i - dots - 1))) shape |= GLUED_DOTS;
      dots = 0;
      underscores = 0;
      if (!letterOrDigit) {
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && tok.charCodeAt(i + 1) >= 0xdc00 && tok.charCodeAt(i + 1) <= 0xdfff) {
          if (LETTER_OR_DIGIT_PAIR.test(tok.slice(i, i + 2))) letterOrDigit = true;
          prev = tok.charCodeAt(++i);
          continue;
        }
        if (isLetterOrDigit(c)) letterOrDigit = true;
      }
    }
    prev = c;
  }
  if (n > 0 && !letterOrDigit) shape |= ONLY_PUNCT;
  if (n > 0 && isPlainWord(tok)) shape |= PLAIN_WORD;
  if (n > 1 && isLeadingPunct(tok.charCodeAt(0))) {
    let i = 1;
    while (i < n && isLeadingPunct(tok.charCodeAt(i))) i++;
    if (i < n && isAsciiLetter(tok.charCodeAt(i))) shape |= LEADING_PUNCT;
  }
  if (n > 1 && isUpper(tok.charCodeAt(0))) {
    let i = 1;
    while (i < n && isLower(tok.charCodeAt(i))) i++;
    if (i === n) shape |= TITLE_WORD;
  }
  if (n > 0) {
    const last = tok.charCodeAt(n - 1);
    if (last < 128 && ASCII[last]! & 8) shape |= SENTENCE_END;
  }
  return shape + brackets * BRACKET_UNIT;
}

function isAsciiLetter(c: number): boolean {
  return isUpper(c) || isLower(c);
}

/** `^[A-Za-z][a-z'’]*[,.;:!?]?$` (the `PLAIN_WORD` flag alone). */
export function isPlainWord(tok: string): boolean {
  if (!isAsciiLetter(tok.charCodeAt(0))) return false;
  let i = 1;
  for (; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (!(isLower(c) || c === 39 || c === 0x2019)) break;
  }
  return i === tok.length || (i === tok.length - 1 && isWordEnd(tok.charCodeAt(i)));
}

/** The brackets counted in a shape. */
export function bracketsOf(shape: number): number {
  return Math.floor(shape / BRACKET_UNIT);
}
