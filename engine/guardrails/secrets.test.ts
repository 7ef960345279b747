// The secrets detectors: key material grades, provider token rules, secret assignments and the
// fixture filters. Every value here is made up for the test (a seeded generator, or typed), so
// no real credential and no evaluation-data row appears in it.
import { describe, expect, test } from 'vitest';
import { createGuardrails } from './guardrails.ts';
import { gradeKeyMaterial } from './recognizers/pii/key-material.ts';
import { plausibleSecretValue } from './recognizers/pii/secret-assignment.ts';
import { base64OfText, hasRepeatedChunk, keyStructure, longestSequentialRun, looksLikePlaceholder } from './recognizers/pii/secret-shape.ts';
import { seededRandom } from '../probe/random.ts';

const g = createGuardrails();
const gHigh = createGuardrails({ pii: { sensitivity: 'high' } });

/** Deterministic pseudo-random values, so the "random" material is the same each run. */
const prng = (seed: number): (() => number) => seededRandom(seed).next;
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function randomFrom(alphabet: string, n: number, seed: number): string {
  const r = prng(seed);
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}
function randomBytes(n: number, seed: number): number[] {
  const r = prng(seed);
  return Array.from({ length: n }, () => Math.floor(r() * 256));
}
const b64 = (bytes: number[]): string => btoa(String.fromCharCode(...bytes));
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
/** The first PEM line (64 characters) of a body that starts with `header`. */
const firstLine = (header: number[], seed: number): string => b64([...header, ...randomBytes(60, seed)]).slice(0, 64);
/** A middle PEM line: 48 random bytes. */
const middleLine = (seed: number): string => b64(randomBytes(48, seed));

const report = (text: string, gr = g) => gr.checkDetailed(text).guardrails.pii;
const firedBy = (text: string, recognizer: string, gr = g): boolean =>
  report(text, gr).findings.some((f) => f.action !== 'log' && (f.recognizer === recognizer || f.explanation.pattern === recognizer));

const RSA_PKCS1 = [0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02, 0x82, 0x01, 0x01, 0x00];
const PKCS8_RSA = [0x30, 0x82, 0x04, 0xbe, 0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x04, 0x82];
const SEC1_EC = [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20];
const PKCS8_ENCRYPTED = [0x30, 0x82, 0x05, 0x1e, 0x30, 0x40, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d, 0x30, 0x33];
const CERTIFICATE = [0x30, 0x82, 0x03, 0x77, 0x30, 0x82, 0x02, 0x5f, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x04];
const SPKI_RSA = [0x30, 0x82, 0x01, 0x22, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x82];
const opensshHeader = (cipher: string) => [...ascii('openssh-key-v1\0'), 0, 0, 0, cipher.length, ...ascii(cipher), 0, 0, 0, 4, ...ascii('none')];
const SSH_PUBLIC = [0, 0, 0, 11, ...ascii('ssh-ed25519'), 0, 0, 0, 32];

describe('key material: what the bytes say', () => {
  test.each([
    ['PKCS#1 RSA private key', firstLine(RSA_PKCS1, 1), 'plain'],
    ['PKCS#8 private key', firstLine(PKCS8_RSA, 2), 'plain'],
    ['SEC1 EC private key', firstLine(SEC1_EC, 3), 'plain'],
    ['OpenSSH key, cipher none', firstLine(opensshHeader('none'), 4), 'plain'],
    ['RSA exponent then private exponent', b64([...randomBytes(12, 5), 0x02, 0x03, 0x01, 0x00, 0x01, 0x02, 0x81, 0x80, ...randomBytes(28, 6)]), 'plain'],
    ['PKCS#8 EncryptedPrivateKeyInfo (PBES2)', firstLine(PKCS8_ENCRYPTED, 7), 'encrypted'],
    ['OpenSSH key, cipher aes256-ctr', firstLine(opensshHeader('aes256-ctr'), 8), 'encrypted'],
    ['X.509 certificate', firstLine(CERTIFICATE, 9), 'public'],
    ['SubjectPublicKeyInfo', firstLine(SPKI_RSA, 10), 'public'],
    ['SSH public key blob', b64([...SSH_PUBLIC, ...randomBytes(32, 11)]), 'public'],
    ['a middle line of anything', middleLine(12), undefined],
  ])('%s', (_name, line, expected) => {
    expect(keyStructure(line)).toBe(expected);
  });
});

describe('key material grades', () => {
  const bare = middleLine(20);
  test.each([
    ['a bare PEM-width line', bare, 'bare'],
    ['a log-prefixed line', `2031-02-03 04:05:06 ${bare}`, 'bare'],
    ['a line in a string literal', `  + "${bare}\\n"`, 'bare'],
    ['an OpenSSH-width (70) line', b64(randomBytes(52, 21)).slice(0, 70), 'bare'],
    ['a DER private-key header line', firstLine(RSA_PKCS1, 22), 'structural'],
    ['an unwrapped 200-character PKCS#8 body', b64([...PKCS8_RSA, ...randomBytes(140, 23)]).slice(0, 200), 'structural'],
    ['a MIME-width (76) line', b64(randomBytes(57, 24)), 'weak'],
    ['an unwrapped 200-character body without structure', b64(randomBytes(150, 25)), undefined],
    ['an encrypted key header line', firstLine(PKCS8_ENCRYPTED, 26), undefined],
    ['a line under Proc-Type: 4,ENCRYPTED', `Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n${bare}`, undefined],
    ['a certificate line', firstLine(CERTIFICATE, 27), undefined],
    ['a line inside a certificate block', `-----BEGIN CERTIFICATE-----\n${bare}\n-----END CERTIFICATE-----`, undefined],
    ['an SSH public key', `ssh-ed25519 ${b64([...SSH_PUBLIC, ...randomBytes(32, 28)])} me@host`, undefined],
    ['base64 of English text', btoa('The quick brown fox jumps over the lazy dog again and again.'), undefined],
    ['base64 of base64 (shifted)', 'x' + btoa(btoa('some configuration text that was encoded twice')).slice(1, 65), undefined],
    ['gzip data', b64([0x1f, 0x8b, 0x08, 0x08, ...randomBytes(44, 29)]), undefined],
    ['a path', '~/.config/tools/SKILLCUSTOMIZATIONS/ProjectTrendsReport/Weekly/', undefined],
    ['OpenSSL Salted__ data', b64([...ascii('Salted__'), ...randomBytes(40, 60)]), undefined],
    ['a Subresource Integrity digest', `<script integrity="sha384-${b64(randomBytes(48, 61))}">`, undefined],
    ['a lock-file digest', `"integrity": "sha512-${b64(randomBytes(64, 62))}"`, undefined],
    ['a placeholder word inside', bare.slice(0, 20) + 'example' + bare.slice(27), undefined],
    ['a typed run inside', bare.slice(0, 30) + 'abcdefg' + bare.slice(37), undefined],
    ['a repeated chunk', bare.slice(0, 12) + bare.slice(0, 12) + bare.slice(24), undefined],
    ['a disclaimer next to it', `${bare} (not a real key)`, undefined],
    ['a commit URL', 'update [`fdab00e`](https://github.com/acme-js/hasOwn/commit/fdab00e2703e65411424e19bf86a7e72a8f10da9)', undefined],
    ['a run inside a URL', `see https://docs.example.com/document/d/${bare}/edit for the notes`, undefined],
    ['low entropy', 'AbAbAbAbCdCdCdCdEfEfEfEfGhGhGhGhIjIjIjIjKlKlKlKlMnMnMnMnOpOpOpOp', undefined],
  ])('%s', (_name, text, expected) => {
    const run = /[A-Za-z0-9+/]{44,}={0,2}/.exec(text.replace(/^Proc-Type.*$|^DEK-Info.*$|-----[A-Z ]+-----/gm, ''));
    const value = run?.[0] ?? '';
    const start = text.indexOf(value);
    expect(gradeKeyMaterial(value, text, start, start + value.length)).toBe(expected);
  });

  test('bare and structural lines are masked; a MIME-width line is only logged', () => {
    expect(firedBy(`  ${bare}`, 'pii.key_material')).toBe(true);
    const masked = g.check(`key: ${bare}`).text;
    expect(masked).not.toContain(bare.slice(8, 40));
    const mime = b64(randomBytes(57, 30));
    const f = report(mime).findings.find((x) => x.recognizer === 'pii.key_material');
    expect(f?.action).toBe('log');
    expect(f?.score).toBe(0.5);
    expect(firedBy(firstLine(RSA_PKCS1, 31), 'key-material-structural')).toBe(true);
  });
});

describe('private key blocks', () => {
  const body = [firstLine(RSA_PKCS1, 40), middleLine(41), middleLine(42)].join('\n');
  test('a complete unencrypted block is one private_key finding', () => {
    const r = g.check(`-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`);
    expect(r.text).toBe('[REDACTED PRIVATE KEY]');
  });
  test.each([
    ['PEM_FOOTER = "-----END RSA PRIVATE KEY-----"', false],
    ["const header = '-----BEGIN PRIVATE KEY-----';", false],
    ['KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA"', true],
    ['-----END EC PRIVATE KEY-----', true],
    ['   + "-----END RSA PRIVATE KEY-----\\n";', true],
  ])('a lone marker: %s', (text, fires) => {
    expect(firedBy(text, 'private-key-block')).toBe(fires);
  });
  test('an encrypted block is logged at the default sensitivity and reported at high', () => {
    const text = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${firstLine(PKCS8_ENCRYPTED, 43)}\n${middleLine(44)}\n-----END ENCRYPTED PRIVATE KEY-----`;
    expect(report(text).fired).toBe(false);
    expect(report(text).findings.some((f) => f.explanation.pattern === 'encrypted-private-key')).toBe(true);
    expect(report(text, gHigh).fired).toBe(true);
    const legacy = `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,1A2B\n\n${middleLine(45)}\n-----END RSA PRIVATE KEY-----`;
    expect(report(legacy).fired).toBe(false);
  });
});

describe('provider tokens', () => {
  const hex = (n: number, seed: number) => randomFrom('0123456789abcdef', n, seed);
  const alnum = (n: number, seed: number) => randomFrom(ALNUM, n, seed);
  test.each([
    ['aws-mws-key', `MWS_TOKEN=amzn.mws.${hex(8, 1)}-${hex(4, 2)}-${hex(4, 3)}-${hex(4, 4)}-${hex(12, 5)}`],
    ['groq-key', `GROQ_API_KEY=gsk_${alnum(52, 6)}`],
    ['jfrog-key', `X-JFrog-Art-Api: AKCp${alnum(69, 7)}`],
    ['onepassword-service-token', `OP_SERVICE_ACCOUNT_TOKEN=ops_${btoa(JSON.stringify({ signInAddress: 'my.1password.com', userAuth: alnum(40, 8) })).replace(/=+$/, '')}`],
    ['twitter-bearer', `BEARER=${'A'.repeat(22)}${alnum(12, 9)}%2B${alnum(40, 10)}%3D${alnum(30, 11)}`],
    ['nkey-seed', `seed: SU${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 56, 12)}`],
    ['jwk-private-member', `{"kty": "RSA", "d": "${randomFrom(ALNUM + '-_', 86, 13)}"}`],
    ['jwk-private-member', `{"kty": "oct", "k": "${randomFrom(ALNUM + '-_', 22, 14)}"}`],
    ['newrelic-key', `browser key NRJS-${hex(19, 15)}`],
    ['openai-key', `\u001b[32msk-${hex(32, 16)}\u001b[0m`],
    ['bearer-token', `curl --oauth2-bearer "${alnum(30, 17)}" https://api.example.net/`],
    ['jwt', `token ghs_2031_${btoa('{"alg":"HS256"}').replace(/=+$/, '')}.${btoa('{"sub":"1234"}').replace(/=+$/, '')}.${alnum(30, 18)}`],
    ['huggingface-token', `HF_TOKEN=hf_${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', 34, 19)}`],
  ])('%s fires on its format', (rule, text) => {
    expect(firedBy(text, rule)).toBe(true);
  });

  test.each([
    ['aws-mws-key', 'amzn.mws.xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'],
    ['groq-key', `gsk_${alnum(20, 30)}`],
    ['nkey-seed', `SU${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 40, 31)}`],
    ['jwk-private-member', '{"d": "averylongplainidentifier"}'],
    ['jwk-private-member', '{"k": "short1"}'],
    ['jwk-private-member', '{"p": "summer-sale-2031-landing"}'],
    ['jwk-private-member', '{"q": "BlueWidget2031Deluxe"}'],
    ['jwk-private-member', '{"d": "3f2a7c1e-9b4d-4e21-8c55-0a1b2c3d4e5f"}'],
    ['huggingface-token', `hf_${randomFrom('0123456789', 34, 32)}`],
    ['openai-key', `task-${alnum(30, 36)}`],
    ['twitter-bearer', 'A'.repeat(40) + alnum(60, 37)],
  ])('%s stays quiet on a near miss or fixture', (rule, text) => {
    expect(firedBy(text, rule)).toBe(false);
  });

  // A provider-shaped token is masked even when its body has a typed run: masking a sample value
  // costs nothing, leaving a real one raw would (the reference's vectors expect these masked).
  test.each([
    ['linear-key', `lin_api_abcdefg${alnum(33, 33)}`],
    ['brevo-key', `xkeysib-1234567${hex(57, 34)}-${alnum(16, 35)}`],
    ['slack-token', 'xoxb-1234567890-abcdefghijkl'],
  ])('%s is reported even with a typed run in its body', (rule, text) => {
    expect(firedBy(text, rule)).toBe(true);
  });

  test('a fired token never survives masking', () => {
    const token = `gsk_${alnum(52, 40)}`;
    const r = g.check(`export GROQ_API_KEY=${token}`);
    expect(r.text).not.toContain(token.slice(4));
    expect(JSON.stringify(r.findings)).not.toContain(token);
  });
});

describe('secret assignments', () => {
  test.each([
    ['PASWRD:=Zq8vLm2Pt', 'Zq8vLm2Pt'],
    ['def login(passwd: str = "Hn4kQ9wz"):', 'Hn4kQ9wz'],
    ['val password: String = "Rt5nMx8q"', 'Rt5nMx8q'],
    ['if (password === "Kd9#mQ2z") {', 'Kd9#mQ2z'],
    ["CREATE USER app IDENTIFIED WITH caching_sha2_password BY 'Wm3$kP9v';", 'Wm3$kP9v'],
    ['curl_easy_setopt(h, CURLOPT_USERPWD, "alice:Pk7vR2mx");', 'alice:Pk7vR2mx'],
    ['api_token_value="f83Kd0Zm2Qp9Lx7Vb4Nc"', 'f83Kd0Zm2Qp9Lx7Vb4Nc'],
    ['<a href="/x?token=&quot;Tq7mZ2kx9Lp4&quot;">', 'Tq7mZ2kx9Lp4'],
    ['password=abc123456', 'abc123456'],
    ['SECRET_KEY = "m4Kz9Qv2Lp7Xw3Rt"', 'm4Kz9Qv2Lp7Xw3Rt'],
    ['mysql -u admin --password Vq7kL2mZ9x', 'Vq7kL2mZ9x'],
    ['password: Summer', 'Summer'],
    ['password:!Qv7x2Lm9', '!Qv7x2Lm9'],
    ['client_secret: Yh3kP9vQ2mZ8xL4w', 'Yh3kP9vQ2mZ8xL4w'],
    // Keys in other languages; the value ends where the sentence's own script resumes.
    ['비밀번호: Qw3rty!9', 'Qw3rty!9'],
    ['서버 비밀 번호는 Abc12345입니다', 'Abc12345'],
    ['암호: 1q2w3e4r!', '1q2w3e4r!'],
    ['パスワードは Passw0rd99です', 'Passw0rd99'],
    ['密码：xK9#mQ2v', 'xK9#mQ2v'],
    ['數據庫密碼是 Lm7Qx2Kv，請保密', 'Lm7Qx2Kv'],
    ['contraseña: S3gura!2024', 'S3gura!2024'],
    ['mot de passe : Tr0ub4dor&3', 'Tr0ub4dor&3'],
    ['Passwort=Geh31mN1s', 'Geh31mN1s'],
    ['senha: Ab12cd34', 'Ab12cd34'],
    ['пароль: Zx81!kqP', 'Zx81!kqP'],
    ['Пароль: Zx81!kqP', 'Zx81!kqP'],
    ['ПАРОЛЬ=Zx81!kqP', 'Zx81!kqP'],
    ['mật khẩu: Hn4kQ9wz', 'Hn4kQ9wz'],
  ])('%s', (text, secret) => {
    const r = g.checkDetailed(text);
    const f = r.findings.find((x) => x.recognizer === 'pii.secret_assignment' && x.action === 'mask');
    expect(f && text.slice(f.span[0], f.span[1])).toBe(secret);
    expect(r.text).not.toContain(secret);
  });

  test.each([
    'password = "0xDeadBeef1234"',
    '-dbpwd VAL:xxxx',
    'val password: String',
    'password_length = 12',
    'token_type = bearer',
    'password: ${DB_PASSWORD}',
    'secret = os.environ["APP_SECRET"]',
    'password = getPasswordFromVault()',
    'token = request.headers.authToken',
    'password: Map<String, Int>',
    'if token == "Bearer":',
    'if password == confirm_password:',
    'db_secret: !vault |',
    'Create an unlock screen with password verification.',
    '## Token Efficiency',
    'the United States Secret Service',
    'function set(string memory p) external { s_password = newPassword; }',
    '비밀번호를 잊어버렸어요',
    '비밀번호는 8자 이상이어야 합니다',
    '암호화폐 BTC12345 시세',
    '암호학 교재를 추천해 주세요',
    'パスワードを忘れました',
    '密码是什么?',
    'la clave: fundamental',
    'El pasaporte y la clave de acceso',
    'To print every reply as JSON, pass --json to the command.',
    'Sessions do not collide on `default`. Pass `--session=<name>` to override.',
    'Enable it if you cannot pass "systemd.debug-shell" to the boot loader.',
    // From documentation pages read as tool output (our own sentences in their shapes).
    'Pass `parse_all=True` to `run_tests` to get a list.',
    'It is fine to simply pass `v8::Isolate::GetCurrent()` here.',
    '**module**: pass v8::Object to linked module callbacks',
    'An object with `publicKey` and `privateKey` properties.',
    '**Added `oneChangePerToken` option.**',
    '**crypto**: allow zero-length secret KeyObject',
    '**src**: hide node::credentials::HasOnly outside tests',
    '**esm**: bypass CommonJS loader under policy',
    'Fix a regression where passing an empty password and/or salt threw.',
    "env: { PWD: '/Users/maciej', OLDPWD: '/home/ann/project' }",
    "var bar = new ProgressBar(':current: :token1 :token2', { total: 3 })",
    "bar.tick({ 'token2': \"World!\\n\" })",
  ])('no secret in %s', (text) => {
    expect(firedBy(text, 'pii.secret_assignment')).toBe(false);
  });

  test('a long value is masked whole, never in part', () => {
    const long = randomFrom(ALNUM + '+/', 400, 70);
    const r = g.check(`aws_session_token = ${long}`);
    expect(r.text).toBe(`aws_session_token = ${'*'.repeat(400)}`);
    expect(g.check(`password=${randomFrom(ALNUM, 1500, 71)}`).findings.some((f) => f.recognizer === 'pii.secret_assignment')).toBe(false);
  });

  test('value checks', () => {
    expect(plausibleSecretValue('Zq8vLm2Pt')).toBe(true);
    expect(plausibleSecretValue('0xAbCdEf0123')).toBe(false);
    expect(plausibleSecretValue('user:xxxx')).toBe(false);
    expect(plausibleSecretValue('changeme123')).toBe(false);
  });
});

describe('shape helpers', () => {
  test('typed runs, placeholders, repeats and encoded text', () => {
    expect(longestSequentialRun('q1abcdefz')).toBe(6);
    expect(longestSequentialRun('x98765y')).toBe(5);
    expect(longestSequentialRun('aZ9kQ2')).toBe(1);
    expect(looksLikePlaceholder('Qw8ExampleKey')).toBe(true);
    expect(looksLikePlaceholder('my_fake_token_9')).toBe(true);
    expect(looksLikePlaceholder('Z8kTESTq')).toBe(false);
    expect(looksLikePlaceholder(randomFrom(ALNUM, 40, 50))).toBe(false);
    expect(hasRepeatedChunk('ab12CD34ab12CD34')).toBe(true);
    expect(hasRepeatedChunk(randomFrom(ALNUM, 64, 51))).toBe(false);
    expect(base64OfText(btoa('plain words in a row, nothing secret about them at all'))).toBe(true);
    expect(base64OfText(middleLine(52))).toBe(false);
  });
});
