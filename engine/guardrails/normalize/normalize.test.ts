import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../probe/random.ts';
import confusables from './confusables.json' with { type: 'json' };
import { foldMixedScript, normalizeGeneral, normalizeText, normalizeUnitForUnit, type NormalizedViews } from './normalize.ts';
import { TextView } from './text-view.ts';

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

describe('mixed-script folding reads only the words around Cyrillic and Greek letters', () => {
  // The earlier form of foldMixedScript, which walked every word of the text: the reference.
  const letterOrMark = /^[\p{L}\p{M}]$/u;
  const width = (t: string, i: number): number => {
    const c = t.charCodeAt(i);
    if (c < 0x80) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? 1 : 0;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < t.length) {
      const d = t.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return letterOrMark.test(t.slice(i, i + 2)) ? 2 : 0;
    }
    return c >= 0xd800 && c <= 0xdfff ? 0 : letterOrMark.test(t[i]!) ? 1 : 0;
  };
  const twins = (map: Record<string, string>) => new Map(Object.entries(map));
  const mixed = twins(confusables.mixedScript);
  const strict = twins(confusables.strict);
  function everyWord(t: string): string {
    let out = '';
    let i = 0;
    while (i < t.length) {
      if (width(t, i) === 0) {
        out += t[i];
        i++;
        continue;
      }
      let j = i;
      let cyrillicOrGreek = false;
      let latin = false;
      let allTwins = true;
      for (let w = width(t, j); w > 0; w = j < t.length ? width(t, j) : 0) {
        const c = t.charCodeAt(j);
        if (c >= 0x370 && c <= 0x52f) cyrillicOrGreek = true;
        else if (c >= 97 && c <= 122) latin = true;
        if (w === 2 || !strict.has(t[j]!)) allTwins = false;
        j += w;
      }
      const word = t.slice(i, j);
      out += cyrillicOrGreek && (latin || allTwins) ? [...word].map((ch) => (latin ? mixed : strict).get(ch) ?? ch).join('') : word;
      i = j;
    }
    return out;
  }

  test('same text as folding every word, on random mixes of scripts, marks and pairs', () => {
    const random = seededRandom(23);
    const pieces = ['a', 'e', 'o', 'x', 'Z', 'о', 'е', 'р', 'с', 'ж', 'ο', 'α', 'λ', ';', '\u037e', '\u0301', '한', '字', '😀', '𝐀', '\ud800', '\udc00', ' ', '-', '1', '\n'];
    for (let n = 0; n < 3000; n++) {
      let t = '';
      for (let k = random.int(24); k > 0; k--) t += random.pick(pieces);
      expect(foldMixedScript(TextView.identity(t, t.length)).text, JSON.stringify(t)).toBe(everyWord(t));
    }
  });
});
