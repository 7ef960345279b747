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
  const out = write(value, new Set());
  if (out === undefined) throw new AuditError('AUDIT_UNSERIALIZABLE', 'the value has no JSON form');
  return out;
}

/** Canonical JSON of a plain object without some of its top-level members (no copy is made). */
export function canonicalJsonWithout(record: Record<string, unknown>, omit: readonly string[]): string {
  const seen = new Set<object>([record]);
  const keys = sortedKeys(record);
  let out = '{';
  let first = true;
  for (const key of keys) {
    if (omit.includes(key)) continue;
    const item = write(record[key], seen);
    if (item === undefined) continue;
    out += (first ? '' : ',') + quote(key) + ':' + item;
    first = false;
  }
  return out + '}';
}

// Strings that need no escaping (the common case) are quoted without calling JSON.stringify.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** Keys in UTF-16 code-unit order; builders that already emit them sorted skip the sort. */
function sortedKeys(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) return keys.sort();
  }
  return keys;
}

function write(value: unknown, seen: Set<object>): string | undefined {
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
  if (typeof obj.toJSON === 'function') return write(obj.toJSON(), seen);
  if (seen.has(obj)) throw new AuditError('AUDIT_UNSERIALIZABLE', 'the value contains a cycle');
  seen.add(obj);
  let out: string;
  if (Array.isArray(value)) {
    out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      out += write(value[i], seen) ?? 'null';
    }
    out += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = sortedKeys(record);
    out = '{';
    let first = true;
    for (const key of keys) {
      const item = write(record[key], seen);
      if (item === undefined) continue;
      out += (first ? '' : ',') + quote(key) + ':' + item;
      first = false;
    }
    out += '}';
  }
  seen.delete(obj);
  return out;
}
