// The e-mail pattern runs only at the local-part starts before each `@`; that must find exactly
// what trying the pattern at every position finds, astral letters and long runs included.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../probe/random.ts';
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { ScanContext } from '../../scan-context.ts';
import { testScanOptions } from '../../test-scan-options.ts';
import { emailRecognizer } from './email.ts';

const options = testScanOptions();
const anchored = emailRecognizer();
const everywhere = new PatternRecognizer({ id: 'pii.email', category: 'email', patterns: anchored.patterns.map(({ starts: _unused, ...p }) => p) });
const same = (text: string): void => {
  const ctx = new ScanContext(text, options);
  expect(anchored.scan(ctx)).toEqual(everywhere.scan(ctx));
};

describe('e-mail candidates', () => {
  it.each([
    'ann.lee@example.com', 'a@b.co', '.a@b.co', 'x..y@b.co', '@b.co', 'a@@b.co', 'a@b@c.de', 'München@example.de wrote',
    '𝐚𝐛𝐜@example.com', '😀a@example.com', 'a'.repeat(64) + '@example.com', 'a'.repeat(65) + '@example.com',
    'b'.repeat(63) + '𝐚@example.com', 'x'.repeat(200) + ' y@z.org', 'mail: 用户@例子.广告', 'a@b.co@c.de', 'a@b.c.d.e.f.g.h.i.j.com',
    '邮箱是zhang.wei@example.cn', 'メールはtaro@example.jp', '메일kim@example.com', '用'.repeat(64) + 'a@b.co', '用'.repeat(65) + 'a@b.co',
    '用'.repeat(30) + 'a'.repeat(64) + '@b.co', '用户x@例子.广告', 'é用a@b.co',
  ])('%s', (text) => same(text));

  it('agrees on random texts', () => {
    const random = seededRandom(99);
    const pieces = ['a', 'Z', '7', '.', '-', '_', '+', '%', '@', ' ', 'é', '用', '箱是', 'メール', '메일', '𝐚', '😀', '\ud835', 'com', '.org', 'x'.repeat(30)];
    for (let t = 0; t < 3000; t++) {
      let s = '';
      for (let i = random.int(40); i > 0; i--) s += random.pick(pieces);
      same(s);
    }
  });

  it('leaves a CJK sentence before an ASCII address out of the entity', () => {
    const spans = (text: string) => anchored.scan(new ScanContext(text, options)).map((d) => text.slice(...d.span));
    expect(spans('我的邮箱是zhang.wei@example.cn，谢谢')).toEqual(['zhang.wei@example.cn']);
    expect(spans('メールはtaro@example.jpです')).toEqual(['taro@example.jp']);
    expect(spans('mail: 用户@例子.广告')).toEqual(['用户@例子.广告']);
  });
});
