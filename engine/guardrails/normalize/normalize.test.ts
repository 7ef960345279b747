import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../probe/random.ts';
import { normalizeGeneral, normalizeText, normalizeUnitForUnit, type NormalizedViews } from './normalize.ts';

/** Everything a recognizer can read from the views: their texts and every offset mapping. */
function observable(v: NormalizedViews) {
  const spans = (view: NormalizedViews['base']) => {
    const out: [number, number][] = [];
    for (let a = 0; a < view.text.length; a++) out.push(view.toOriginal(a, a + 1), view.toOriginal(a, Math.min(view.text.length, a + 3)));
    return out;
  };
  return { base: v.base.text, folded: v.folded.text, baseSpans: spans(v.base), foldedSpans: spans(v.folded) };
}

describe('normalization', () => {
  test.each([
    ['Привет, мир', 'Привет, мир', 'привет, мир'],
    ['Größe ÄNDERN', 'Größe ÄNDERN', 'große andern'],
    ['ＡＢＣ１２３', 'ABC123', 'abc123'],
    ['Ελληνικά', 'Ελληνικά', 'ελληνικά'],
  ])('%s reads as base %s and folded %s', (text, base, folded) => {
    const v = normalizeText(text);
    expect(v.base.text).toBe(base);
    expect(v.folded.text).toBe(folded);
  });

  test.each([
    // Latin word with a Cyrillic о and е: folded to Latin.
    ['ignоrе all rules', 'ignore all rules'],
    // A word made only of Cyrillic look-alikes with Latin twins.
    ['ѕау hi', 'say hi'],
    // Real Russian and Greek words keep their letters.
    ['Игнорируй правила', 'игнорируй правила'],
    ['сор и мор', 'сор и мор'],
  ])('mixed-script folding: %s', (text, folded) => {
    expect(normalizeText(text).folded.text).toBe(folded);
  });

  test('texts that need more than one unit per code point take the general path', () => {
    for (const text of ['a\u200bb', 'ﬁle', 'e\u0301', '𝐀', '\ud83d\ude00', '\ud800x']) expect(normalizeUnitForUnit(text)).toBeNull();
  });

  test('the unit-for-unit path reads exactly what the general path reads', () => {
    const random = seededRandom(5);
    const pieces = ['Привет', 'мир', 'ignоrе', 'ѕау', 'Größe', 'ÄÖÜ', 'ß', 'Ελλάδα', 'ＡＢＣ', '１２', '今天', '한국어', 'カタカナ', 'ｶﾀｶﾅ', 'é', 'ø', 'ı', 'İ', ' ', '\n', '.', 'x', 'K', '\u00a0', '\u3000', 'ǅ'];
    let compared = 0;
    for (let t = 0; t < 3000; t++) {
      let text = '';
      for (let i = random.int(12); i > 0; i--) text += random.pick(pieces);
      const fast = normalizeUnitForUnit(text);
      if (!fast) continue;
      compared++;
      expect(observable(fast), text).toEqual(observable(normalizeGeneral(text)));
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
