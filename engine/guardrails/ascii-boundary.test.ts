import { describe, expect, test } from 'vitest';
import { asciiBoundaryNextToNonAscii } from './ascii-boundary.ts';
import { loadPack } from './pattern-pack.ts';
import { foldLiteral } from './normalize/normalize.ts';

describe('ASCII-only word escapes next to other scripts', () => {
  test.each([
    ['\\bпароль\\b', '\\b', 'п'],
    ['системн\\w{0,4} промпт', '\\w', 'н'],
    ['\\b(?:you must|ты должен)\\b', '\\b', 'т'],
    ['(?:a|б)\\b', '\\b', 'б'],
    ['[а-я]+\\b', '\\b', 'а'],
    ['ab(?:c|д)?\\b', '\\b', 'д'],
    ['(?:x|(?:y|щ))\\b', '\\b', 'щ'],
    ['\\B말', '\\B', '말'],
  ])('%s is flagged', (source, escape, neighbour) => {
    expect(asciiBoundaryNextToNonAscii(source)).toEqual({ escape, neighbour });
  });

  test.each([
    '\\b(?:ich|je)\\b',
    '[^.!?]{0,40}?\\bfoo',
    '(?<![а-я])\\bfoo',
    '(?<![\\p{L}\\p{N}])пароль(?![\\p{L}\\p{N}])',
    'a\\\\b',
    '[\\wй]',
    'x\\b',
  ])('%s is not flagged', (source) => {
    expect(asciiBoundaryNextToNonAscii(source)).toBeNull();
  });

  test('a folded-view rule reads accents as the text will', () => {
    expect(asciiBoundaryNextToNonAscii('\\bétat')).not.toBeNull();
    expect(asciiBoundaryNextToNonAscii('\\bétat', foldLiteral)).toBeNull();
  });

  test('the loader warns and keeps the rule', () => {
    const { pack, diagnostics } = loadPack({ id: 'x', guardrail: 'injection', rules: [
      { id: 'ru', category: 'c', score: 0.5, pattern: '\\b(?:password|пароль)\\b', triggers: ['password', 'пароль'] },
    ] });
    expect(diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([['pack.ascii-boundary', 'warning', ['rules', 0, 'pattern']]]);
    expect(diagnostics[0]?.message).toContain('"п"');
    expect(pack?.rules.map((r) => r.id)).toEqual(['ru']);
  });
});
