// The key-value pattern runs only at the starts `assignmentStarts` lists (name characters before
// each keyword head); that must find exactly what trying it at every position finds.
import { describe, expect, it } from 'vitest';
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { seededRandom } from '../../../probe/random.ts';
import { ScanContext } from '../../scan-context.ts';
import { testScanOptions } from '../../test-scan-options.ts';
import { rawMatches as matchesOf } from '../../test-anchored-matches.ts';
import { secretAssignmentRecognizer } from './secret-assignment.ts';

const options = testScanOptions();
const anchored = secretAssignmentRecognizer();
const keyValue = anchored.patterns.find((p) => p.name === 'key-value')!;
const rawMatches = (text: string, useStarts: boolean) => matchesOf(keyValue, text, new ScanContext(text, options), useStarts);
const everywhere = new PatternRecognizer({ id: 'pii.secret_assignment', category: 'password', patterns: anchored.patterns.map(({ starts: _unused, ...p }) => p) });

describe('secret assignment candidates', () => {
  it.each([
    'password=Zq8vLm2Pt', 'db_password: "Hn4kQ9wz"', 'x.y-z_PASSWORD2 = Abc12345!', 'a'.repeat(29) + 'token=Tq7mZ2kx9Lp4', 'a'.repeat(31) + 'token=Tq7mZ2kx9Lp4',
    'apipwd=Kd9#mQ2z', 'passpassword=Wm3$kP9v', 'IDENTIFIED WITH caching_sha2_password BY \'Wm3$kP9v\'', 'my-client_secret: Yh3kP9vQ2mZ8xL4w',
    '9token=Tq7mZ2kx9Lp4', 'é_token=Tq7mZ2kx9Lp4', 'PaSsWoRd:!Qv7x2Lm9 and again secret=Lm7Qx2Kvv',
  ])('%s', (text) => {
    expect(rawMatches(text, true)).toEqual(rawMatches(text, false));
    const ctx = new ScanContext(text, options);
    expect(anchored.scan(ctx)).toEqual(everywhere.scan(ctx));
  });

  it('agrees on random texts', () => {
    const random = seededRandom(7);
    const pieces = ['pa', 'ss', 'word', 'PW', 'd', 'token', 'secret', 'api', '_key', 'credential', 's', 'identified', ' by ', '=', ':', ' ', '"', '-', '_', '.', 'x', 'Z9', 'Qv7x2Lm9!', 'é', '\n', 'a'.repeat(12)];
    for (let t = 0; t < 4000; t++) {
      let s = '';
      for (let i = random.int(30); i > 0; i--) s += random.pick(pieces);
      expect(rawMatches(s, true)).toEqual(rawMatches(s, false));
    }
  });
});

describe('local-language key candidates', () => {
  const local = anchored.patterns.find((p) => p.name === 'key-value-local')!;
  const localMatches = (text: string, useStarts: boolean) => matchesOf(local, text, new ScanContext(text, options), useStarts);

  it('agree with a scan of every position, in any case, with and without shared view offsets', () => {
    const random = seededRandom(11);
    // Keys in several cases and scripts, the letters folding changes (ñ, ş, İ, ł, ö, ậ), and
    // pieces that make the base and folded views differ (a zero-width space, a stray accent).
    const pieces = ['contraseña', 'CONTRASEÑA', 'Şifre', 'ŞİFRE', 'HASŁO', 'hasło', 'Mật Khẩu', 'MẬT KHẨU', 'LÖSENORD', 'Passwort', 'ПАРОЛЬ', 'пароль',
      '비밀번호', '비밀 번호', '비번', '密码', '密碼', 'パスワード', ':', '=', '：', '는', 'は', '是', ' ', 'Qv7x2Lm9!', 'abc123XYZ', 'é', 'a', '1', '\u200b', 'x\u0301', '\n'];
    let unaligned = 0;
    for (let t = 0; t < 4000; t++) {
      let s = '';
      for (let i = random.int(14); i > 0; i--) s += random.pick(pieces);
      if (!new ScanContext(s, options).viewsAligned) unaligned++;
      expect(localMatches(s, true), s).toEqual(localMatches(s, false));
    }
    expect(unaligned).toBeGreaterThan(500);
  });
});
