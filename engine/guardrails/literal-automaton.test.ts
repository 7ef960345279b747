import { describe, expect, test } from 'vitest';
import { seededRandom } from '../probe/random.ts';
import { LiteralAutomaton } from './literal-automaton.ts';

/** Every (literal id, end) pair, found by trying each literal at each position. */
function naive(literals: readonly string[], text: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  literals.forEach((literal, id) => {
    for (let i = text.indexOf(literal); i >= 0; i = text.indexOf(literal, i + 1)) {
      if (!out.has(id)) out.set(id, []);
      out.get(id)!.push(i + literal.length);
    }
  });
  return out;
}

function occurrences(a: LiteralAutomaton, text: string): Map<number, number[]> {
  const { ends, found } = a.occurrences(text);
  return new Map(found.map((id) => [id, [...ends[id]!]]));
}

const sorted = (m: Map<number, number[]>) => [...m.entries()].sort((x, y) => x[0] - y[0]);

describe('literal automaton', () => {
  test('finds overlapping literals across scripts, each at every end', () => {
    const literals = ['игнор', 'гнор', 'ignore', 'gnor', '忽略', '略之', '무시', '시해', 'ab', 'b'];
    const a = new LiteralAutomaton(literals);
    const text = 'Игнор игнорируй ignore 忽略之前 무시해 abb';
    expect(sorted(occurrences(a, text))).toEqual(sorted(naive(literals, text)));
    expect([...a.findAll(text)].sort((x, y) => x - y)).toEqual([...naive(literals, text).keys()].sort((x, y) => x - y));
  });

  test('agrees with a naive search on random literal sets and texts (mixed ASCII and not)', () => {
    const random = seededRandom(3);
    const alphabet = ['a', 'b', 'c', 'и', 'г', 'н', 'о', '忽', '略', '之', '무', '시', 'é', ' '];
    const word = (max: number) => {
      let s = '';
      for (let i = 1 + random.int(max); i > 0; i--) s += random.pick(alphabet);
      return s;
    };
    for (let t = 0; t < 400; t++) {
      const literals = [...new Set(Array.from({ length: 1 + random.int(12) }, () => word(5)))];
      const a = new LiteralAutomaton(literals);
      for (let k = 0; k < 5; k++) {
        const text = word(60);
        expect(sorted(occurrences(a, text)), `${JSON.stringify(literals)} in ${text}`).toEqual(sorted(naive(literals, text)));
      }
    }
  });
});
