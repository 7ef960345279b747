import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJsonWithout } from './canonical-json.ts';
import { CHAIN_FIELDS, GENESIS, sealEvents } from './chain.ts';
import { readSealedLine } from './sealed-line.ts';
import { sampleEvent } from './test-events.ts';
import { verifyLines } from './verify.ts';

const KEY = new TextEncoder().encode('k');
const sealedLine = (params: Record<string, unknown>, key?: Uint8Array) => {
  const e = sampleEvent(3);
  return sealEvents([{ ...e, action: { ...e.action!, params } }], GENESIS, { key }).entries[0]!.line;
};

/**
 * What the general path computes from a line. Whenever the fast reader accepts a line, it must
 * give exactly this; that is what makes both paths reach the same verdict.
 */
function generalPath(line: string) {
  const entry = JSON.parse(line) as Record<string, unknown>;
  return {
    body: canonicalJsonWithout(entry, CHAIN_FIELDS),
    previousHash: entry['previous_hash'],
    entryHash: entry['entry_hash'],
    mac: entry['mac'],
    sequenceNumber: (entry['evidence'] as { sequence_number?: unknown } | undefined)?.sequence_number,
  };
}

/** Every member name in a JSON value, at any depth. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
}

function agrees(line: string): void {
  const fast = readSealedLine(line);
  if (fast === null) return;
  expect(fast).toEqual(generalPath(line));
}

describe('readSealedLine', () => {
  test('reads lines as sealEvent writes them, keyed or not', () => {
    for (const key of [undefined, KEY]) {
      const line = sealedLine({ amount: 12.5, note: 'tab\there "quoted" \\ back, café 😀', list: [1, -2, 1e21, true, null, {}] }, key);
      const fast = readSealedLine(line);
      expect(fast).not.toBeNull();
      expect(fast).toEqual(generalPath(line));
      expect(fast!.mac === undefined).toBe(key === undefined);
    }
  });

  // Each edit leaves a line not in sealed form (all but the leading zero still valid JSON); the
  // general path must handle it.
  const base = sealedLine({ amount: 7, note: 'x' });
  test.each([
    ['a space after a colon', base.replace('"amount":7', '"amount": 7')],
    ['members out of order', base.replace('"amount":7,"note":"x"', '"note":"x","amount":7')],
    ['a duplicated member', base.replace('"amount":7', '"amount":7,"amount":7')],
    ['a number with a trailing zero', base.replace('"amount":7', '"amount":7.0')],
    ['a number with a leading zero', base.replace('"amount":7', '"amount":07')],
    ['negative zero', base.replace('"amount":7', '"amount":-0')],
    ['an exponent not in shortest form', base.replace('"amount":7', '"amount":7e0')],
    ['an escaped slash', base.replace('"note":"x"', '"note":"\\/"')],
    ['an escape of a printable character', base.replace('"note":"x"', '"note":"\\u0078"')],
    ['an upper-case hex escape', base.replace('"note":"x"', '"note":"\\u001F"')],
    ['a long escape for a short-form control', base.replace('"note":"x"', '"note":"\\u000a"')],
    ['an escaped lone surrogate', base.replace('"note":"x"', '"note":"\\ud800"')],
    ['an escaped member name', base.replace('"note":"x"', '"no\\u0074e":"x"')],
    ['a chain member inside the body', base.replace('"action"', '"mac":"0","action"')],
    ['a string sequence number', base.replace(/"sequence_number":\d+/, '"sequence_number":"0"')],
    ['an upper-case hash', base.replace(/"entry_hash":"([0-9a-f]{64})"/, (_m, h: string) => `"entry_hash":"${h.toUpperCase()}"`)],
    ['chain fields in another order', base.replace(/,"previous_hash":("[0-9a-f]{64}"),"entry_hash":("[0-9a-f]{64}")\}$/, ',"entry_hash":$2,"previous_hash":$1}')],
  ])('leaves %s to the general path', (_what, line) => {
    expect(line).not.toBe(base);
    expect(readSealedLine(line)).toBeNull();
  });

  test('agrees with the general path on any sealed event (property)', () => {
    const params = fc.dictionary(fc.string({ maxLength: 6, unit: 'binary' }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
    fc.assert(fc.property(params, fc.boolean(), (p, keyed) => {
      const line = sealedLine(p as Record<string, unknown>, keyed ? KEY : undefined);
      agrees(line);
      // Without lone surrogates or escaped names every sealed line takes the fast path.
      if (!keysOf(p).some((k) => /[\u0000-\u001f"\\\ud800-\udfff]/.test(k)) && !/\\ud[89a-f]/.test(line)) {
        expect(readSealedLine(line)).not.toBeNull();
      }
    }), { numRuns: 500 });
  });

  test('never accepts an edited line the general path would read differently (property)', () => {
    const lines = [sealedLine({ a: 1, b: 'two', c: [3.5, null, { d: false }] }), sealedLine({ z: 'é\n' }, KEY)];
    const edit = fc.tuple(fc.constantFrom(...lines), fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(' ', '"', '\\', ',', '}', '{', ']', '0', '9', '-', 'e', '.', 'a', 'u', '\u00e9', ':'));
    fc.assert(fc.property(edit, ([line, at, op, ch]) => {
      const i = at % line.length;
      const edited = op === 'insert' ? line.slice(0, i) + ch + line.slice(i) : op === 'delete' ? line.slice(0, i) + line.slice(i + 1) : line.slice(0, i) + ch + line.slice(i + 1);
      let parses = true;
      try {
        JSON.parse(edited);
      } catch {
        parses = false;
      }
      if (!parses) expect(readSealedLine(edited)).toBeNull();
      else agrees(edited);
    }), { numRuns: 3000 });
  });

  test('verification verdicts are unchanged: a tampered fast-path line still fails with its code', () => {
    const { entries } = sealEvents(Array.from({ length: 4 }, (_, i) => sampleEvent(i)), GENESIS);
    const lines = entries.map((e) => e.line);
    expect(verifyLines(lines).valid).toBe(true);
    const tampered = [...lines];
    tampered[2] = tampered[2]!.replace('"amount":14', '"amount":15');
    expect(readSealedLine(tampered[2]!)).not.toBeNull();
    expect(verifyLines(tampered)).toMatchObject({ valid: false, firstBrokenAt: 2, error: { code: 'AUDIT_HASH_MISMATCH' } });
    const spaced = [...lines];
    spaced[1] = spaced[1]!.replace('"amount":7', '"amount": 7');
    expect(verifyLines(spaced)).toMatchObject({ valid: true });
  });
});
