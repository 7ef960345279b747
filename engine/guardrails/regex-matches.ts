/**
 * Matching with long-lived regexes. In V8 (Node 20, Chromium) a RegExp object made during a
 * scan ran 20–60× slower over a 10 KB text than one made once, as soon as the packs' thousands
 * of regexes had been compiled: `/\d{4}/.test(text)` inside a prefilter took ~200 µs where the
 * same regex kept in a module constant took ~4 µs. A regex literal inside a function makes a
 * new object at every call, and so do `matchAll` and `split`, which clone the regex they are
 * given. Code on the scanning path therefore keeps its regexes in module constants and walks
 * matches with `allMatches`. `npm run lint` rejects the usual slips in engine/guardrails: a regex
 * literal in a `prefilter` or `when` gate, and `matchAll` or `split` with a regex. It cannot see
 * every literal inside a function; short-lived ones on short strings (validators) cost little.
 */

/**
 * Every match of global `re` in `text`, as `text.matchAll(re)` yields them (after an empty
 * match the search moves on by one code point, one unit without the `u`/`v` flag), run on `re`
 * itself: its `lastIndex` is reset before and after. Collected before returning, so a caller
 * may use `re` again while it reads them.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  if (!re.global) throw new TypeError(`allMatches needs a global regex: /${re.source}/${re.flags}`);
  const out: RegExpExecArray[] = [];
  const unicode = re.unicode || re.flags.includes('v');
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push(m);
    if (m[0] === '') re.lastIndex = advance(text, re.lastIndex, unicode);
  }
  re.lastIndex = 0;
  return out;
}

/**
 * The parts of `text` between the matches of global `re`: what `text.split(re)` gives for a
 * regex without groups that never matches the empty string.
 */
export function splitBy(re: RegExp, text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of allMatches(re, text)) {
    if (m[0] === '') continue;
    out.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  out.push(text.slice(from));
  return out;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  if (c < 0xd800 || c > 0xdbff) return index + 1;
  const d = text.charCodeAt(index + 1);
  return d >= 0xdc00 && d <= 0xdfff ? index + 2 : index + 1;
}
