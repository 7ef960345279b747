/**
 * Python value semantics for `param_*` conditions, so that decisions match the reference:
 * `1 == 1.0 == True`, strings order by code point, lists order lexicographically, and mixing
 * kinds in an ordering is a type error (which the engine turns into a fail-closed decision).
 */

export class PyTypeError {
  constructor(readonly message: string) {}
}

type Kind = 'none' | 'number' | 'string' | 'list' | 'dict' | 'other';

function kindOf(v: unknown): Kind {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return 'number';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  return 'other';
}

export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return typeof v === 'object' ? 'dict' : typeof v;
}

const num = (v: unknown): number => (typeof v === 'boolean' ? (v ? 1 : 0) : Number(v));

export function pyEq(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  switch (ka) {
    case 'none':
      return true;
    case 'number':
      return num(a) === num(b);
    case 'string':
      return a === b;
    case 'list': {
      const x = a as unknown[];
      const y = b as unknown[];
      return x.length === y.length && x.every((v, i) => pyEq(v, y[i]));
    }
    case 'dict': {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      const kx = Object.keys(x);
      if (kx.length !== Object.keys(y).length) return false;
      return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && pyEq(x[k], y[k]));
    }
    default:
      return a === b;
  }
}

function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
}

/**
 * Python's ordering: -1, 0 or 1, NaN when a NaN makes the values unordered (so every `c > 0`,
 * `c <= 0`… test on the result is false, as every comparison with NaN is in Python), or a
 * PyTypeError for kinds Python refuses to order.
 */
export function pyCompare(a: unknown, b: unknown, op = '<'): number | PyTypeError {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb || ka === 'none' || ka === 'dict' || ka === 'other') {
    return new PyTypeError(`'${op}' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
  }
  if (ka === 'number') {
    const x = num(a);
    const y = num(b);
    return x === y ? 0 : x < y ? -1 : x > y ? 1 : NaN;
  }
  if (ka === 'string') return compareCodePoints(a as string, b as string);
  const x = a as unknown[];
  const y = b as unknown[];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (pyEq(x[i], y[i])) continue;
    return pyCompare(x[i], y[i], op);
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** Python's `item in container`. */
export function pyContains(container: unknown, item: unknown): boolean | PyTypeError {
  if (typeof container === 'string') {
    if (typeof item !== 'string') return new PyTypeError(`'in <string>' requires string as left operand, not ${pyTypeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((v) => pyEq(v, item));
  if (container !== null && typeof container === 'object') {
    if (Array.isArray(item) || (item !== null && typeof item === 'object')) return new PyTypeError(`unhashable type: '${pyTypeName(item)}'`);
    return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
  }
  return new PyTypeError(`argument of type '${pyTypeName(container)}' is not iterable`);
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
    let out = '';
    for (const ch of v) {
      if (ch === '\\') out += '\\\\';
      else if (ch === quote) out += `\\${quote}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch.codePointAt(0)! < 0x20 || ch.codePointAt(0) === 0x7f) out += `\\x${ch.codePointAt(0)!.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return quote + out + quote;
  }
  return pyStr(v);
}

/** Python's `str(value)` for JSON-like values. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'nan';
    if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, val]) => `${pyRepr(k)}: ${pyRepr(val)}`).join(', ')}}`;
  }
  return String(v);
}
