/**
 * E-mail addresses, including non-ASCII local parts and internationalized domains (RFC 6531
 * style). Deliberately left out: quoted local parts and IP-literal domains, which are rare in
 * text and make the pattern ambiguous.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

/** The local-part characters of the pattern below (its look-behind class). */
const LOCAL_CHAR = /^[\p{L}\p{N}._%+\-]$/u;
const MAX_LOCAL = 64;
/**
 * Chinese, Japanese and Korean write no space before an address ('邮箱是zhang.wei@example.cn',
 * 'メールはtaro@example.jp'): a run of Han, kana or Hangul right before an ASCII local part is
 * the sentence, not the address, and is matched but left out of the entity (capture group 1).
 * A local part written wholly in those scripts ('用户@例子.广告') stays whole. Likewise an ASCII
 * top-level domain ends where such text follows it ('taro@example.jpです').
 */
const MAX_CJK_PREFIX = 64;
const CJK = String.raw`[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]`;
const EMAIL = new RegExp(
  String.raw`(?<![\p{L}\p{N}._%+\-])(?:${CJK}{1,${MAX_CJK_PREFIX}}(?=[A-Za-z0-9_%+\-]))?` +
    String.raw`([\p{L}\p{N}_%+\-](?:[\p{L}\p{N}._%+\-]{0,63})@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.){1,8}` +
    String.raw`(?:[A-Za-z]{2,24}(?=${CJK})|\p{L}{2,24}(?![\p{L}\p{N}])))`,
  'gu',
);
const ASCII_LOCAL = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_LOCAL[c] = LOCAL_CHAR.test(String.fromCharCode(c)) ? 1 : 0;

/**
 * Where a match can start: a local part is a run of local-part characters that no such
 * character precedes and that ends at an `@`, so each `@` has one candidate, the start of the
 * run before it (when it is at most 64 code points long). Walking back by code points keeps
 * astral letters whole, as the `u` pattern sees them.
 */
function* localPartStarts(text: string): Generator<number> {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    let length = 0;
    while (start > 0 && length <= MAX_LOCAL + MAX_CJK_PREFIX) {
      let prev = start - 1;
      const c = text.charCodeAt(prev);
      let local: boolean;
      if (c < 128) local = ASCII_LOCAL[c] === 1;
      else {
        if (c >= 0xdc00 && c <= 0xdfff && prev > 0) {
          const high = text.charCodeAt(prev - 1);
          if (high >= 0xd800 && high <= 0xdbff) prev--;
        }
        local = LOCAL_CHAR.test(text.slice(prev, start));
      }
      if (!local) break;
      start = prev;
      length++;
    }
    if (length > 0 && length <= MAX_LOCAL + MAX_CJK_PREFIX) yield start;
  }
}

export function emailRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.email',
    category: 'email',
    prefilter: (t) => t.includes('@'),
    patterns: [{
      name: 'email',
      // Starts only where a local part can start, so the scan stays linear on long runs.
      regex: EMAIL,
      group: 1,
      score: 0.9,
      starts: localPartStarts,
    }],
  });
}
