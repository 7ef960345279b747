import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findDuplicateKey, parseEntryLine } from './entry-line.ts';

describe('findDuplicateKey', () => {
  test.each([
    ['at the top level', '{"a":1,"b":2,"a":3}', 'a', 1, 13],
    ['in a nested object', '{"decision":{"outcome":"allowed","rule":"r","outcome":"blocked"}}', 'decision.outcome', 13, 44],
    ['in an object inside an array', '{"a":{"b":[1,{"c":1,"d":"x","c":2}]}}', 'a.b[1].c', 14, 28],
    ['written once escaped and once not', '{"agent":1,"\\u0061gent":2}', 'agent', 1, 11],
    ['with a name that is no identifier', '{"x y":1,"x y":2}', '["x y"]', 1, 9],
    ['with whitespace around the structure', '{ "a" : [ { "k" : 1 , "k" : 2 } ] }', 'a[0].k', 12, 22],
  ])('finds a member named twice %s, with its path and both places', (_name, json, path, firstAt, at) => {
    expect(findDuplicateKey(json)).toEqual({ path, firstAt, at });
  });

  test.each([
    ['the same name in sibling objects', '{"a":{"x":1},"b":{"x":1}}'],
    ['the same name at two depths', '{"x":{"x":{"x":1}}}'],
    ['a value equal to a member name', '{"a":"a","b":["a","a"]}'],
    ['strings holding quotes, colons, commas and braces', '{"a":"\\",\\"a\\":{","b":"\\\\","c":"]}"}'],
    ['names that differ only by an escape of another character', '{"a\\n":1,"a":2,"a\\\\n":3}'],
  ])('finds nothing in %s', (_name, json) => {
    JSON.parse(json); // the scan expects valid JSON
    expect(findDuplicateKey(json)).toBeNull();
  });

  test('finds nothing in anything JSON.stringify writes, and finds any member written again (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 6 }), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (obj, pick, extra) => {
      const json = JSON.stringify(obj);
      expect(findDuplicateKey(json)).toBeNull();
      const keys = Object.keys(obj);
      const name = keys[pick % keys.length]!;
      const repeated = `{${JSON.stringify(name)}:${JSON.stringify(extra)},${json.slice(1)}`;
      expect(findDuplicateKey(repeated)).toMatchObject({ firstAt: 1 });
    }), { numRuns: 300 });
  });
});

describe('parseEntryLine', () => {
  test('returns the object of a line', () => {
    expect(parseEntryLine('{"a":{"b":1}}')).toEqual({ a: { b: 1 } });
  });

  test.each([
    ['not JSON', '{"a":', /not JSON/],
    ['not an object', '[1,2]', /not a JSON object/],
    ['a member named twice', '{"a":1,"a":2}', /names the member a twice/],
  ])('refuses %s with AUDIT_LINE_INVALID', (_name, line, message) => {
    expect(() => parseEntryLine(line)).toThrow(expect.objectContaining({ code: 'AUDIT_LINE_INVALID', message: expect.stringMatching(message) }));
  });
});
