/**
 * Canonical JSON (RFC 8785, JCS): object keys sorted by UTF-16 code units, no whitespace,
 * numbers in ECMAScript shortest round-trip form, strings with the minimal JSON escapes. The
 * audit chain hashes this form, so any implementation that canonicalizes the same entry gets
 * the same bytes.
 *
 * Values follow `JSON.stringify`'s data model (`toJSON` is honoured, `undefined` and functions are
 * dropped from objects and become `null` in arrays), with two deliberate differences: non-finite
 * numbers and bigints are errors rather than silent `null`s or throws of another kind, because a
 * hash over silently altered data would certify something that was never recorded.
 */
import { AuditError } from './errors.ts';

/** The canonical JSON text of `value`. Throws `AuditError` (`AUDIT_UNSERIALIZABLE`) on values JSON cannot represent faithfully. */
export function canonicalJson(value: unknown): string {
  const out = write(value, 0);
  if (out === undefined) throw new AuditError('AUDIT_UNSERIALIZABLE', 'the value has no JSON form');
  return out;
}

/** Canonical JSON of a plain object without some of its top-level members (no copy is made). */
export function canonicalJsonWithout(record: Record<string, unknown>, omit: readonly string[]): string {
  const keys = sortedKeys(record);
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (omit.includes(key)) continue;
    const item = write(record[key], 1);
    if (item === undefined) continue;
    out += (first ? '' : ',') + quote(key) + ':' + item;
    first = false;
  }
  return out + '}';
}

/** Deeper nesting is taken for a cycle (JSON data that deep is not an audit record). */
const MAX_DEPTH = 256;

// Strings that need no escaping (the common case) are quoted without calling JSON.stringify.
function quote(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return '"' + s + '"';
}

/** Keys in UTF-16 code-unit order; builders that already emit them sorted skip the sort. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort();
  }
  return keys;
}

function write(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      // JSON.stringify's escaping is exactly RFC 8785 §3.2.2.2 for well-formed strings.
      return quote(value);
    case 'number':
      if (!Number.isFinite(value)) throw new AuditError('AUDIT_UNSERIALIZABLE', `the number \`${value}\` has no JSON form`);
      // ECMAScript Number-to-String is the form RFC 8785 §3.2.2.3 prescribes (and gives "0" for -0).
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new AuditError('AUDIT_UNSERIALIZABLE', 'a bigint has no JSON form; convert it to a string or number');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  const obj = value as { toJSON?: () => unknown };
  if (typeof obj.toJSON === 'function') return write(obj.toJSON(), depth);
  if (depth >= MAX_DEPTH) throw new AuditError('AUDIT_UNSERIALIZABLE', `the value is nested deeper than ${MAX_DEPTH} levels (or contains a cycle)`);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      out += write(value[i], depth + 1) ?? 'null';
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = sortedKeys(record);
    out = '{';
    let first = true;
    for (const key of keys) {
      const item = write(record[key], depth + 1);
      if (item === undefined) continue;
      out += (first ? '' : ',') + quote(key) + ':' + item;
      first = false;
    }
    out += '}';
  }
  return out;
}
