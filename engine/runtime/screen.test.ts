import { describe, expect, it } from 'vitest';
import { screenableTexts } from './screen.ts';

describe('screenableTexts: every string an action carries is screened, none is skipped', () => {
  it('names each field while there are few, shallow ones', () => {
    expect(screenableTexts({ type: 'send', description: 'hi', params: { to: 'a', body: { text: 'b', tags: ['c', ''] } } })).toEqual([
      { field: 'description', text: 'hi' },
      { field: 'params.to', text: 'a' },
      { field: 'params.body.text', text: 'b' },
      { field: 'params.body.tags[0]', text: 'c' },
    ]);
  });

  const deep = (depth: number): Record<string, unknown> => ({ k: depth > 1 ? deep(depth - 1) : 'deep text' });
  const wide = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`f${i}`, `text ${i}`]));
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['nested deeper than the named levels', deep(40), ['deep text']],
    ['more strings than are screened one by one', wide, ['text 0', 'text 255', 'text 399']],
  ];
  for (const [name, params, expected] of cases) {
    it(name, () => {
      const all = screenableTexts({ type: 'x', params }).map((t) => t.text).join('\n');
      for (const text of expected) expect(all).toContain(text);
    });
  }

  it('screens each string of a cyclic params object once (possible in process, not over JSON)', () => {
    const params: Record<string, unknown> = { text: 'loop' };
    params['self'] = params;
    expect(screenableTexts({ type: 'x', params }).map((t) => t.text)).toEqual(['loop']);
  });
});
