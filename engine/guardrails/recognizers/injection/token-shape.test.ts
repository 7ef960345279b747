// tokenShape answers in one pass what the adversarial-suffix recognizer used to ask with a regex
// each: these regexes are the definition, compared on random tokens and on a table.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ASCII_LETTER, BACKSLASH, bracketsOf, CAMEL_HUMP, GLUED_DOTS, LEADING_PUNCT, ONLY_PUNCT, PAREN, PLAIN_WORD, SENTENCE_END, SYMBOL,
  SYMBOL_OR_UNDERSCORE, TITLE_WORD, tokenShape, UNDERSCORES, isPlainWord,
} from './token-shape.ts';

const DEFINITIONS: [string, number, RegExp][] = [
  ['ASCII_LETTER', ASCII_LETTER, /[A-Za-z]/],
  ['CAMEL_HUMP', CAMEL_HUMP, /[a-z][A-Z]/],
  ['SYMBOL', SYMBOL, /[{}[\]()<>|\\^$~=`@*%]/],
  ['SYMBOL_OR_UNDERSCORE', SYMBOL_OR_UNDERSCORE, /[{}[\]()<>|\\^$~=`@*%_]/],
  ['ONLY_PUNCT', ONLY_PUNCT, /^[^\p{L}\p{N}]+$/u],
  ['PLAIN_WORD', PLAIN_WORD, /^[A-Za-z][a-z'’]*[,.;:!?]?$/],
  ['LEADING_PUNCT', LEADING_PUNCT, /^[!?.,;:]+[A-Za-z]/],
  ['GLUED_DOTS', GLUED_DOTS, /[A-Za-z]\.{3,}[^\s]|\.{4,}/],
  ['TITLE_WORD', TITLE_WORD, /^[A-Z][a-z]+$/],
  ['UNDERSCORES', UNDERSCORES, /___/],
  ['SENTENCE_END', SENTENCE_END, /[.!?:"]$/],
  ['PAREN', PAREN, /[()]/],
  ['BACKSLASH', BACKSLASH, /\\/],
];
const BRACKETS = /[{}[\]()<>|\\^]/g;

function expectLikeDefinitions(tok: string): void {
  const shape = tokenShape(tok);
  for (const [name, bit, regex] of DEFINITIONS) expect([name, (shape & bit) !== 0], JSON.stringify(tok)).toEqual([name, regex.test(tok)]);
  expect(bracketsOf(shape), JSON.stringify(tok)).toBe(tok.match(BRACKETS)?.length ?? 0);
  expect(isPlainWord(tok), JSON.stringify(tok)).toBe(/^[A-Za-z][a-z'’]*[,.;:!?]?$/.test(tok));
}

// Units that tell the definitions apart: each class edge, dots and underscores in runs, curly
// apostrophes, letters and digits outside ASCII (é, 中, 한, ², Arabic-Indic 5), a combining mark,
// an astral letter and an emoji (surrogate pairs), lone surrogates, symbols that are not letters.
const UNITS = [
  'a', 'z', 'A', 'Z', 'm', 'Q', '0', '9', '.', '.', '.', '_', '_', '_', "'", '’', ',', ';', ':', '!', '?', '"', '-', '–', '…',
  '(', ')', '[', ']', '{', '}', '<', '>', '|', '\\', '^', '$', '~', '=', '`', '@', '*', '%', '#', '/', '+', '&',
  'é', 'É', '中', '한', '²', '٥', '\u0301', '𝐀', '😀', '\ud800', '\udc00', '→', '·', '¿', 'ß',
];

describe('tokenShape', () => {
  test('answers as the regexes do on random tokens (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...UNITS), { minLength: 1, maxLength: 12 }), (units) => expectLikeDefinitions(units.join(''))), { numRuns: 20000, seed: 23 });
  });

  test.each([
    'Hello', 'hello,', "don't", 'don’t.', 'Sure]', '({[HTMLsvg', 'shortlyPlease', 'CVToStringDB', '=>', '...', 'a...b', 'a...', '....', 'x....',
    '!!Hello', ',word', '___init', '__', 'Title', 'T', 'Ab1', '(for', 'example),', ')', 'é', 'éa', '中文', '²', '😀', '😀a', 'a😀B', '\ud800',
    'path\\to', 'Ü...x', 'a.b.c', '"quoted"', 'end:', '(?:', '|x|', '^caret', 'snake_case_name',
  ])('%j', (tok) => expectLikeDefinitions(tok));
});
