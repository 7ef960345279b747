import { describe, expect, test } from 'vitest';
import { seededRandom } from '../probe/random.ts';
import { LiteralAutomaton } from './literal-automaton.ts';

/**
 * Every (literal id, end) pair, found by trying each literal at each position of the text read
 * with whitespace runs as one space (in literals too). A literal ending in a space also ends at
 * every further unit of the run, where the automaton stays.
 */
function naive(literals: readonly string[], text: string): Map<number, number[]> {
  // The collapsed text and, per collapsed unit, the original [start, end) it stands for.
  let collapsed = '';
  const from: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    if (/[\t\n\v\f\r ]/.test(text[i]!)) {
      let j = i;
      while (j + 1 < text.length && /[\t\n\v\f\r ]/.test(text[j + 1]!)) j++;
      collapsed += ' ';
      from.push([i, j + 1]);
      i = j;
    } else {
      collapsed += text[i];
      from.push([i, i + 1]);
    }
  }
  const out = new Map<number, number[]>();
  literals.forEach((raw, id) => {
    const literal = raw.replace(/[\t\n\v\f\r ]+/g, ' ');
    for (let i = collapsed.indexOf(literal); i >= 0; i = collapsed.indexOf(literal, i + 1)) {
      if (!out.has(id)) out.set(id, []);
      const [start, end] = from[i + literal.length - 1]!;
      const last = literal.endsWith(' ') ? end : start + 1;
      for (let e = start + 1; e <= last; e++) out.get(id)!.push(e);
    }
  });
  return out;
}

function occurrences(a: LiteralAutomaton, text: string): Map<number, number[]> {
  const { ends, start, found } = a.occurrences(text);
  return new Map(found.map((id, k) => [id, Array.from(ends.subarray(start[k]!, start[k + 1]!))]));
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

  test('a run of whitespace reads as one space, in the text and in the literals', () => {
    const literals = ['do as i say', 'as\ti', 'say ', 'ignore  previous'];
    const a = new LiteralAutomaton(literals);
    const text = 'do as\n\ni  say\t\t ignore previous';
    expect(sorted(occurrences(a, text))).toEqual([[0, [13]], [1, [8]], [2, [14, 15, 16]], [3, [31]]]);
    expect(sorted(occurrences(a, text))).toEqual(sorted(naive(literals, text)));
  });

  test('agrees with a naive search on random literal sets and texts (mixed ASCII and not)', () => {
    const random = seededRandom(3);
    const alphabet = ['a', 'b', 'c', 'и', 'г', 'н', 'о', '忽', '略', '之', '무', '시', 'é', ' ', ' ', '\n', '\t'];
    const word = (max: number) => {
      let s = '';
      for (let i = 1 + random.int(max); i > 0; i--) s += random.pick(alphabet);
      return s;
    };
    // Depth 0 and 1 leave most states without an ASCII row: the failure-link path is tested too.
    for (let t = 0; t < 600; t++) {
      const literals = [...new Set(Array.from({ length: 1 + random.int(12) }, () => word(5)))];
      const denseDepth = t % 3 === 0 ? undefined : (t % 3) - 1;
      const a = new LiteralAutomaton(literals, denseDepth);
      for (let k = 0; k < 5; k++) {
        const text = word(60);
        expect(sorted(occurrences(a, text)), `${JSON.stringify(literals)} in ${text} (dense depth ${denseDepth})`).toEqual(sorted(naive(literals, text)));
      }
    }
  });
});
