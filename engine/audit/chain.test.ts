import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { anchorMac, GENESIS, GENESIS_HASH, sealEvents } from './chain.ts';
import { canonicalJson } from './canonical-json.ts';
import { describeStart, verifyChain, verifyLines } from './verify.ts';
import { sampleEvent } from './test-events.ts';

const jsonl = (lines: string[]) => lines.map((l) => l + '\n').join('');
const chainOf = (n: number, key?: Uint8Array) => sealEvents(Array.from({ length: n }, (_, i) => sampleEvent(i)), GENESIS, { key });

describe('canonicalJson', () => {
  test('sorts keys by UTF-16 code units and writes RFC 8785 numbers', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, -0, 1e-7], '\u20ac': 'x', '\ud83d\ude00': 'y', é: 'z' }))
      .toBe('{"a":[1e+21,0.1,0,1e-7],"b":1,"é":"z","\u20ac":"x","\ud83d\ude00":"y"}');
  });

  test('drops undefined members and honours toJSON, like JSON', () => {
    expect(canonicalJson({ a: undefined, d: new Date(0), l: [undefined] })).toBe('{"d":"1970-01-01T00:00:00.000Z","l":[null]}');
  });

  test.each([[NaN], [Infinity], [10n]])('refuses %s with a code', (v) => {
    expect(() => canonicalJson({ v })).toThrow(expect.objectContaining({ code: 'AUDIT_UNSERIALIZABLE' }));
  });

  test('is idempotent and agrees with JSON.parse (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const once = canonicalJson(v);
      expect(canonicalJson(JSON.parse(once))).toBe(once);
    }));
  });
});

describe('sealEvents', () => {
  test('links the first entry to genesis and each next one to its predecessor', () => {
    const { entries, head } = chainOf(3);
    const parsed = entries.map((e) => JSON.parse(e.line));
    expect(parsed[0].previous_hash).toBe(GENESIS_HASH);
    expect(Object.keys(parsed[0]).slice(-2)).toEqual(["previous_hash", "entry_hash"]);
    expect(parsed[1].previous_hash).toBe(parsed[0].entry_hash);
    expect(parsed.map((p) => p.evidence.sequence_number)).toEqual([0, 1, 2]);
    expect(head).toEqual({ length: 3, hash: parsed[2].entry_hash });
  });

  test('is deterministic', () => {
    expect(chainOf(5).entries).toEqual(chainOf(5).entries);
  });
});

describe('sealing arbitrary events (property)', () => {
  test('any chain of events with JSON parameters verifies, and its head is the last hash', () => {
    const params = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 });
    fc.assert(fc.property(fc.array(fc.tuple(fc.string({ maxLength: 12 }), params, fc.option(fc.string({ maxLength: 6 }), { nil: undefined })), { maxLength: 12 }), (specs) => {
      const events = specs.map(([type, p, agent], i) => {
        const e = sampleEvent(i);
        return { ...e, action: { type, target: '', params: p as Record<string, unknown> }, ...(agent ? { agent: { id: agent } } : {}) };
      });
      const { entries, head } = sealEvents(events, GENESIS);
      const result = verifyLines(entries.map((e) => e.line));
      expect(result).toMatchObject({ valid: true, length: events.length, head });
    }), { numRuns: 200 });
  });
});

describe('verifyChain', () => {
  const { entries, head } = chainOf(20);
  const lines = entries.map((e) => e.line);

  test('accepts an untouched export, empty or not', async () => {
    await expect(verifyChain(jsonl(lines))).resolves.toMatchObject({ valid: true, length: 20, firstBrokenAt: null, head });
    await expect(verifyChain('')).resolves.toMatchObject({ valid: true, length: 0, firstBrokenAt: null });
  });

  test('accepts an export whose lines were re-serialized (pretty keys order, spacing)', async () => {
    const reordered = lines.map((l) => JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(l)).reverse()), null, 0));
    await expect(verifyChain(jsonl(reordered))).resolves.toMatchObject({ valid: true });
  });

  test('reports an edited entry at its index', async () => {
    const edited = [...lines];
    edited[7] = edited[7]!.replace('"LOW"', '"HIGH"').replace('"CRITICAL"', '"LOW"').replace('"HIGH"', '"LOW"');
    await expect(verifyChain(jsonl(edited))).resolves.toMatchObject({ valid: false, firstBrokenAt: 7, error: { code: 'AUDIT_HASH_MISMATCH' } });
  });

  test('reports a deleted middle entry where the link breaks', async () => {
    const cut = lines.filter((_, i) => i !== 9);
    await expect(verifyChain(jsonl(cut))).resolves.toMatchObject({ valid: false, firstBrokenAt: 9, error: { code: 'AUDIT_LINK_BROKEN' } });
  });

  test('reports a deleted first entry', async () => {
    await expect(verifyChain(jsonl(lines.slice(1)))).resolves.toMatchObject({ firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING' } });
    await expect(verifyChain(jsonl(lines.slice(1)), { allowTrimmedStart: true })).resolves.toMatchObject({ valid: true });
  });

  test('says where a chain starts, and never that a chain without its first entries starts at genesis', async () => {
    await expect(verifyChain(jsonl(lines))).resolves.toMatchObject({ start: { sequence: 0, basis: 'genesis' } });
    const tail = await verifyChain(jsonl(lines.slice(3)), { allowTrimmedStart: true });
    expect(tail).toMatchObject({ valid: true, start: { sequence: 3, basis: 'none' } });
    expect(describeStart(tail.start!)).toBe('the chain starts at entry 3: entries 0 to 2 are not present, and nothing records that they were removed on purpose (an export carries no anchor)');
    expect(describeStart({ sequence: 1, basis: 'anchor' })).toMatch(/^the chain starts at entry 1: entry 0 is not present; .* rests only on its anchor/);
  });

  describe('with an anchor (the stored start of a trimmed log)', () => {
    const anchorOf = (i: number) => ({ seq: i, previousHash: JSON.parse(lines[i]!).previous_hash as string });

    test('the first entry must be the one the anchor names', () => {
      expect(verifyLines(lines.slice(5), { anchor: anchorOf(5) })).toMatchObject({ valid: true, start: { sequence: 5, basis: 'anchor' }, head });
      expect(verifyLines(lines.slice(7), { anchor: anchorOf(5) })).toMatchObject({
        valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING', message: expect.stringContaining('entries 5 to 6 are missing') },
      });
      expect(verifyLines(lines.slice(4), { anchor: anchorOf(5) })).toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING' } });
      expect(verifyLines(lines, { anchor: anchorOf(5) })).toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING' } });
      // A caller's allowTrimmedStart does not loosen a stored anchor.
      expect(verifyLines(lines.slice(7), { anchor: anchorOf(5), allowTrimmedStart: true })).toMatchObject({ valid: false, error: { code: 'AUDIT_GENESIS_MISSING' } });
    });

    test('an anchor with no entry after it is an empty chain that starts there', () => {
      const a = anchorOf(5);
      expect(verifyLines([], { anchor: a, head: { length: 5, hash: a.previousHash } })).toMatchObject({ valid: true, length: 0, start: { sequence: 5, basis: 'anchor' } });
    });

    test('keyed: the anchor needs the MAC only the key holder can write', () => {
      const key = new TextEncoder().encode('secret');
      const keyedLines = chainOf(10, key).entries.map((e) => e.line);
      const previousHash = JSON.parse(keyedLines[4]!).previous_hash as string;
      const written = { seq: 4, previousHash, mac: anchorMac(key, 4, previousHash) };
      expect(verifyLines(keyedLines.slice(4), { key, anchor: written })).toMatchObject({ valid: true, start: { sequence: 4, basis: 'keyed-anchor' } });
      // Entries deleted by hand and an anchor written to match: every entry's MAC still holds, the anchor's cannot.
      expect(verifyLines(keyedLines.slice(4), { key, anchor: { seq: 4, previousHash } })).toMatchObject({
        valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_MAC_INVALID', message: expect.stringContaining('no MAC') },
      });
      expect(verifyLines(keyedLines.slice(4), { key, anchor: { ...written, mac: anchorMac(new TextEncoder().encode('guess'), 4, previousHash) } })).toMatchObject({
        valid: false, error: { code: 'AUDIT_MAC_INVALID', message: expect.stringContaining('a wrong MAC') },
      });
      // An anchor's MAC is bound to its place: moved to a later start, it no longer holds.
      const later = JSON.parse(keyedLines[6]!).previous_hash as string;
      expect(verifyLines(keyedLines.slice(6), { key, anchor: { seq: 6, previousHash: later, mac: written.mac } })).toMatchObject({ valid: false, error: { code: 'AUDIT_MAC_INVALID' } });
      // Without the key there is nothing to check the anchor with: it is taken at its word, and the result says so.
      expect(verifyLines(keyedLines.slice(4), { anchor: { seq: 4, previousHash } })).toMatchObject({ valid: true, start: { basis: 'anchor' } });
    });
  });

  test('reports a truncated export: cut mid-line, or cut at a line end against a known head', async () => {
    const text = jsonl(lines);
    await expect(verifyChain(text.slice(0, text.length - 40))).resolves.toMatchObject({ firstBrokenAt: 19, error: { code: 'AUDIT_TRUNCATED' } });
    await expect(verifyChain(jsonl(lines.slice(0, 15)), { head })).resolves.toMatchObject({ valid: false, firstBrokenAt: 15, error: { code: 'AUDIT_TRUNCATED' } });
  });

  test('reports an appended entry with a forged hash', async () => {
    const last = JSON.parse(lines[19]!);
    const forged = { ...last, evidence: { ...last.evidence, sequence_number: 20 }, previous_hash: last.entry_hash, entry_hash: 'f'.repeat(64) };
    await expect(verifyChain(jsonl([...lines, JSON.stringify(forged)]))).resolves.toMatchObject({ firstBrokenAt: 20, error: { code: 'AUDIT_HASH_MISMATCH' } });
  });

  test('with a key, an appended entry with a correctly recomputed hash is still caught', async () => {
    const key = new TextEncoder().encode('secret');
    const keyed = chainOf(5, key);
    const extra = sealEvents([sampleEvent(5)], keyed.head).entries[0]!; // sealed without the key
    const text = jsonl([...keyed.entries.map((e) => e.line), extra.line]);
    await expect(verifyChain(text, { key })).resolves.toMatchObject({ firstBrokenAt: 5, error: { code: 'AUDIT_MAC_INVALID' } });
    await expect(verifyChain(text, { key: 'other' })).resolves.toMatchObject({ firstBrokenAt: 0, error: { code: 'AUDIT_MAC_INVALID' } });
    await expect(verifyChain(text)).resolves.toMatchObject({ valid: true });
  });

  test('a garbled line is reported as invalid, not thrown', async () => {
    const bad = [...lines];
    bad[3] = '{"not": "an entry"}';
    bad[4] = 'garbage';
    await expect(verifyChain(jsonl(bad))).resolves.toMatchObject({ firstBrokenAt: 3, error: { code: 'AUDIT_LINE_INVALID' } });
  });

  // The hash covers the parse of a line, and JSON.parse keeps the last of repeated members: a
  // value written before the hashed one was covered by no hash, yet a person or a first-wins
  // reader of the line sees it.
  test.each([
    ['a top-level member', (l: string) => '{"agent":{"id":"someone-else"},' + l.slice(1), 'agent'],
    ['a nested member', (l: string) => l.replace('"decision":{', '"decision":{"outcome":"allowed",'), 'decision.outcome'],
    ['a member written with an escape', (l: string) => '{"\\u0061gent":{"id":"someone-else"},' + l.slice(1), 'agent'],
    ['a chain field', (l: string) => l.replace(',"entry_hash":', `,"entry_hash":"${'f'.repeat(64)}","entry_hash":`), 'entry_hash'],
  ])('refuses a line that names %s twice, though its last value is what was hashed', async (_name, repeat, path) => {
    const copy = [...lines];
    copy[4] = repeat(lines[4]!);
    expect(JSON.parse(copy[4]!)).toEqual(JSON.parse(lines[4]!));
    const result = await verifyChain(jsonl(copy));
    expect(result).toMatchObject({ valid: false, firstBrokenAt: 4, error: { code: 'AUDIT_LINE_INVALID', message: expect.stringContaining(`names the member ${path} twice`) } });
  });

  test('corrupting any one character of any line is caught at that line or the next (property)', () => {
    fc.assert(fc.property(fc.nat(19), fc.nat(10_000), fc.integer({ min: 32, max: 126 }), (index, pos, code) => {
      const line = lines[index]!;
      const at = pos % line.length;
      const ch = String.fromCharCode(code);
      fc.pre(line[at] !== ch);
      const copy = [...lines];
      copy[index] = line.slice(0, at) + ch + line.slice(at + 1);
      const result = verifyLines(copy);
      // A change that leaves an equivalent JSON document (e.g. a space inserted) is not an edit.
      let same = false;
      try { same = canonicalJson(JSON.parse(copy[index]!)) === canonicalJson(JSON.parse(line)); } catch { /* not JSON */ }
      if (same) return;
      expect(result.valid).toBe(false);
      expect(result.firstBrokenAt).toBe(index);
    }), { numRuns: 500 });
  });
});
