/**
 * Strict reading of an entry line. JSON leaves repeated member names to the reader: `JSON.parse`
 * keeps the last value, other readers keep the first or refuse. The chain hashes the canonical
 * form of the parse (not the line's bytes), so a line could carry a second value of a member that
 * no hash covers, seen by whoever reads the raw line with another rule (a person, grep, a
 * first-wins parser) while the chain still verifies. A member named twice anywhere in a line
 * therefore makes the line invalid, for the verifier and for every reader of stored lines.
 */
import { AuditError } from './errors.ts';

export interface DuplicateKey {
  /** Where the repeated member sits, such as `decision.outcome` or `action.params.items[2].id`. */
  path: string;
  /** 0-based offsets in the line of the first and of the repeated name (their opening quote). */
  firstAt: number;
  at: number;
}

interface Frame {
  /** Member names seen so far, with the offset of each; null for an array. */
  keys: Map<string, number> | null;
  /** The next string in this object is a member name. */
  expectKey: boolean;
  /** The member (object) or index (array) whose value is being read: the path of a repeat. */
  current: string;
  index: number;
}

const QUOTE = 0x22, COMMA = 0x2c, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d, BACKSLASH = 0x5c;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The first member name repeated within one object of `json`, or null. `json` must be valid JSON
 * (parse it first): the scan only follows its structure. Names are compared after unescaping, so
 * `"a"` and `"\u0061"` are the same member. Costs about what `JSON.parse` of the line costs.
 */
export function findDuplicateKey(json: string): DuplicateKey | null {
  const stack: Frame[] = [];
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(json, i);
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const raw = json.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(json.slice(i, end + 1)) as string) : raw;
        const firstAt = top.keys.get(key);
        if (firstAt !== undefined) return { path: pathOf(stack, key), firstAt, at: i };
        top.keys.set(key, i);
        top.current = key;
        top.expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      stack.push({ keys: new Map(), expectKey: true, current: '', index: 0 });
    } else if (c === OPEN_ARRAY) {
      stack.push({ keys: null, expectKey: false, current: '', index: 0 });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1]!;
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return null;
}

/** Offset of the quote that closes the string opened at `start`. */
function stringEnd(json: string, start: number): number {
  let j = start;
  for (;;) {
    j = json.indexOf('"', j + 1);
    if (j < 0) return json.length;
    let backslashes = 0;
    while (json.charCodeAt(j - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

function pathOf(stack: readonly Frame[], key: string): string {
  let path = '';
  for (let d = 0; d < stack.length - 1; d++) {
    const f = stack[d]!;
    path += f.keys ? member(f.current, d === 0) : `[${f.index}]`;
  }
  return path + member(key, stack.length === 1);
}

function member(name: string, first: boolean): string {
  if (!IDENTIFIER.test(name)) return `[${JSON.stringify(name)}]`;
  return first ? name : '.' + name;
}

/** What is wrong with a line that names a member twice, for a person. */
export function describeDuplicate(dup: DuplicateKey): string {
  return `names the member ${dup.path} twice (at characters ${dup.firstAt + 1} and ${dup.at + 1} of the line): `
    + 'readers disagree on which value counts, and the hash covers only the last';
}

/**
 * The object an entry line holds. Throws `AuditError` (`AUDIT_LINE_INVALID`) when the line is not
 * one JSON object or names a member twice.
 */
export function parseEntryLine(line: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw new AuditError('AUDIT_LINE_INVALID', `the line is not JSON: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AuditError('AUDIT_LINE_INVALID', 'the line is not a JSON object');
  const dup = findDuplicateKey(line);
  if (dup) throw new AuditError('AUDIT_LINE_INVALID', `the line ${describeDuplicate(dup)}`);
  return parsed as Record<string, unknown>;
}
