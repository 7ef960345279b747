/**
 * Secrets written as assignments or options: `password=…`, `PWD: …`, `--password …`,
 * `api_key = "…"`, `passwd: str = "…"` (a typed parameter), `if (password === "…")`,
 * `IDENTIFIED [WITH plugin] BY '…'`, `curl_easy_setopt(h, CURLOPT_USERPWD, "user:pass")`.
 * The span is the value only, so masking keeps the key name. Values that are placeholders,
 * references to variables, hex literals, `xxxx` stand-ins or plain words are ignored.
 */
import { foldLiteral } from '../../normalize/normalize.ts';
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import type { ScanContext } from '../../scan-context.ts';

// A superset gate for KEY (and CURL_OPTION): every key contains one of these. `pass` and `pw` with
// no boundary after them: the key may go on with a suffix (`pass2`, `pass_str`, `pwvalue`).
const KEYWORDS = /pa{1,2}s+w|passphrase|pwd|pw|pass|secret|token|api.?key|access.?key|private.?key|credential|identified|auth|curlopt_/i;
// Password in other languages (Korean, Chinese, Japanese, Spanish, French, German, Portuguese,
// Russian, Italian/Turkish, Dutch, Polish, Vietnamese, Indonesian, Swedish, Danish/Norwegian,
// Finnish). Korean 암호 is also "cipher", so it needs a separator right after it like the rest.
// Kept by script: the quick test below needs the `i` flag for Latin words only.
const CASELESS_WORDS = [String.raw`비밀[ \t]?번호`, '비번', '패스워드', '암호', '密码', '密碼', '口令', 'パスワード', '暗証番号'];
const LATIN_WORDS = ['contraseña', 'contrasena', 'clave', String.raw`mot[ \t]de[ \t]passe`, 'mdp', 'passwort', 'kennwort', 'senha', 'parola', 'şifre', 'sifre', 'wachtwoord', 'hasło', 'haslo', String.raw`mật[ \t]khẩu`, String.raw`mat[ \t]khau`, String.raw`kata[ \t]?sandi`, 'lösenord', 'losenord', 'adgangskode', 'salasana'];
const CYRILLIC_WORDS = ['пароль'];
const LOCAL_KEY = `(?:${[...CASELESS_WORDS, ...LATIN_WORDS, ...CYRILLIC_WORDS].join('|')})`;
// The quick test for a local key, in three regexes: one `i` flag over the whole list read
// Cyrillic and CJK text several times slower. Cyrillic words are tested in either case by classes.
const CASELESS_KEYS = new RegExp(CASELESS_WORDS.join('|'));
const LATIN_KEYS = new RegExp(LATIN_WORDS.join('|'), 'i');
const CYRILLIC_KEYS = new RegExp(CYRILLIC_WORDS.map((w) => [...w].map((ch) => `[${ch}${ch.toUpperCase()}]`).join('')).join('|'));
const hasLocalKeyword = (text: string): boolean => CASELESS_KEYS.test(text) || LATIN_KEYS.test(text) || CYRILLIC_KEYS.test(text);
const PLACEHOLDER = /^(?:null|none|nil|true|false|undefined|password|passwd|secret|changeme|example|sample|test|dummy|string|value|your[_\-]|xxx|\*{3}|<|\$|\{|%|os\.|env|process\.|getenv|config|settings|self\.|this\.|required|optional|hidden)/i;

// The key: a keyword (password and its common misspellings, pass/pwd/pw, secret, token, API and
// access keys, credentials, SQL's IDENTIFIED [WITH plugin] BY) with an optional name before it
// and a suffix that still names the secret itself (`token_value`, `password2`).
const KEY = String.raw`(?:pa{1,2}s{1,2}w(?:or|o|r)?ds?|passphrase|pwd|pw|pass|secret|token|api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|private[_\-]?key|client[_\-]?secret|credentials?|identified(?:[ \t]{1,3}with[ \t]{1,3}[A-Za-z0-9_]{1,40})?[ \t]{1,3}by)`;
const SUFFIX = String.raw`(?:[_\-.]?(?:value|val|str|string|plain|text|b64|base64|hex|raw|data|[0-9]{1,2}))?`;
const QUOTE = String.raw`(?:["'\x60]|&quot;|&#39;)?`;
// A type annotation before `=` (`passwd: str = …`, `val password: String = …`).
const ANNOTATION = String.raw`(?:[ \t]{0,3}:[ \t]{0,3}[A-Za-z][A-Za-z0-9_.]{0,30}(?=[ \t]{0,3}=))?`;
const SEPARATOR = String.raw`(?:===?|!==?|=>|:=|[:=]|[ \t])`;
// Up to 1024 characters; a longer run is dropped whole rather than masked in part.
const MAX_VALUE = 1024;
const VALUE = String.raw`((?:[^\s"'\x60,;()<>\[\]{}&]|&(?!quot;|#39;)){6,${MAX_VALUE}})`;

const ASSIGNMENT = new RegExp(
  String.raw`(?<![A-Za-z0-9])[A-Za-z0-9_.\-]{0,30}?${KEY}${SUFFIX}${QUOTE}${ANNOTATION}[ \t]{0,3}${SEPARATOR}[ \t]{0,3}${QUOTE}${VALUE}`,
  'gi',
);
// A non-English key, then `:`/`=` (full-width too) or a topic particle (`비밀번호는`, `パスワードは`,
// `密码是`). Chinese and Japanese write words without spaces (`數據庫密碼是`), so only a Latin or
// Cyrillic letter or a digit right before the key means it is part of another word. The value
// is ASCII and ends at the first other character, so a Korean or Japanese sentence around it
// (`비밀번호는 Abc12345입니다`) stays out of the mask.
const LOCAL_ASSIGNMENT = new RegExp(
  String.raw`(?<![\p{Script=Latin}\p{Script=Cyrillic}\p{N}])${LOCAL_KEY}[ \t]{0,3}(?:[:=：]|는|은|이|가|は|が|是|为|為)[ \t]{0,3}${QUOTE}((?:[!#-&*+\-./0-9:=?-Z\\^_a-z|~]){6,${MAX_VALUE}})`,
  'giu',
);
// Every alternative of KEY begins with one of these, so a match starts at most 30 name
// characters before one of them. Each head is as long as KEY's alternatives allow (`pas`, not
// `pa`; `api_k`, not `api`): English text has a `pa` or an `api` every few lines (part, space,
// rapid, capital), and each hit costs an anchored try of ASSIGNMENT at every word start before it.
const KEY_HEAD = /pa{1,2}s|pw|secret|token|api[_\-]?k|access[_\-]?k|private[_\-]?k|client[_\-]?s|credential|identified/gi;
const NAME_CHAR = new Uint8Array(128);
const ALNUM_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  NAME_CHAR[c] = /[A-Za-z0-9_.\-]/.test(ch) ? 1 : 0;
  ALNUM_CHAR[c] = /[A-Za-z0-9]/.test(ch) ? 1 : 0;
}

/**
 * Where ASSIGNMENT can start, in increasing order: for each keyword head, the positions up to
 * 30 name characters before it that no letter or digit precedes (its look-behind). The pattern
 * then runs anchored there instead of trying its lazy name prefix at every position.
 */
function assignmentStarts(text: string): number[] {
  const out: number[] = [];
  KEY_HEAD.lastIndex = 0;
  for (let m = KEY_HEAD.exec(text); m !== null; m = KEY_HEAD.exec(text)) {
    const k = m.index;
    KEY_HEAD.lastIndex = k + 1;
    for (let s = k; s >= 0 && s >= k - 30; s--) {
      if (s < k) {
        const c = text.charCodeAt(s);
        if (c >= 128 || NAME_CHAR[c] === 0) break;
      }
      const prev = s > 0 ? text.charCodeAt(s - 1) : 128;
      if (prev >= 128 || ALNUM_CHAR[prev] === 0) out.push(s);
    }
  }
  return sortedUnique(out);
}

// The local keys found on their own, with LOCAL_ASSIGNMENT's case rules; split by script as
// above. LOCAL_ASSIGNMENT's look-behind is tried at every position of a text when it runs
// unanchored (~20 µs/KB on Korean or Chinese prose); anchored, only where a key starts.
const CASELESS_KEY_FINDER = new RegExp(CASELESS_WORDS.join('|'), 'gu');
const LATIN_KEY_FINDER = new RegExp(LATIN_WORDS.join('|'), 'giu');
const CYRILLIC_KEY_FINDER = new RegExp(CYRILLIC_WORDS.join('|'), 'giu');
/**
 * The Latin keys folded as the folded view folds text, for a search without the `i` flag there
 * (~1 µs/KB instead of ~3.5 on English prompts). A key in any case in the base view is its folded
 * form in the folded view, at the same offset when the two views share offsets; the search may
 * find more (the anchored pattern decides).
 */
const FOLDED_LATIN_FINDER = new RegExp(LATIN_WORDS.map((w) => w.replace(/\p{L}/gu, foldLiteral)).join('|'), 'gu');

/** Where LOCAL_ASSIGNMENT can start, in increasing order: wherever one of its keys starts. */
function localAssignmentStarts(text: string, ctx: ScanContext): number[] {
  const out: number[] = [];
  const find = (finder: RegExp, where: string): void => {
    finder.lastIndex = 0;
    for (let m = finder.exec(where); m !== null; m = finder.exec(where)) {
      out.push(m.index);
      // Keys may overlap ('비밀번호' and '비번' do not, but a list can grow).
      finder.lastIndex = m.index + 1;
    }
  };
  find(CASELESS_KEY_FINDER, text);
  if (ctx.viewsAligned && ctx.base.text === text) find(FOLDED_LATIN_FINDER, ctx.folded.text);
  else find(LATIN_KEY_FINDER, text);
  find(CYRILLIC_KEY_FINDER, text);
  return sortedUnique(out);
}

function sortedUnique(out: number[]): number[] {
  out.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[n - 1]) out[n++] = out[i]!;
  out.length = n;
  return out;
}

// libcurl options that carry a credential (`CURLOPT_USERPWD` is "user:password").
const CURL_OPTION = /CURLOPT_(?:PROXY)?(?:USERPWD|PASSWORD|KEYPASSWD|XOAUTH2_BEARER|TLSAUTH_PASSWORD)[ \t]{0,3},[ \t]{0,3}"([^"\s]{4,200})"/g;

function entropyClasses(v: string): number {
  let classes = 0;
  if (/[a-z]/.test(v)) classes++;
  if (/[A-Z]/.test(v)) classes++;
  if (/\d/.test(v)) classes++;
  if (/[^A-Za-z0-9]/.test(v)) classes++;
  return classes;
}

/** Whether a value after a secret keyword can be a secret (exported for tests). */
export function plausibleSecretValue(value: string): boolean {
  if (PLACEHOLDER.test(value) || /^(.)\1+$/.test(value) || /^(?:bearer|basic|digest|token)$/i.test(value)) return false;
  // A C++ scope (`node::credentials::HasOnly`), the next key of a list (`:token1 :token2`), or a
  // word ending a line of printed text (`"World!\\n"`).
  if (value.startsWith(':') || /^(?:token|key|pass|pwd)[_\-]?\d{0,2}$/i.test(value)) return false;
  if (/(?:\\[nrt])+$/.test(value) && /^[A-Za-z]+[.!?,;:]*$/.test(value.replace(/(?:\\[nrt])+$/, ''))) return false;
  // Stand-ins: `xxxx`, `****`, a hex literal (`0xAb19…` is a number in code). Typed runs
  // (`abc123456`) stay: people choose passwords like that, unlike generated tokens.
  if (/x{4}|X{4}|\*{3}/.test(value) || /^0x[0-9a-f]+$/i.test(value)) return false;
  if (entropyClasses(value) < 2 && value.length < 20) return false;
  if (/^[a-z]+(?:[_\-][a-z]+)*$/.test(value)) return false;
  return true;
}

/**
 * An unquoted value that is code, not a literal: a call (`getPassword()`), an index or generic
 * (`secrets[…]`, `Optional<…>`), a member path (`settings.db.password`, `req.body.token`), the
 * other side of a comparison, or a YAML tag.
 */
function codeReference(value: string, text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 6), start);
  if (/(?:["'\x60]|&quot;|&#39;)$/.test(before)) return false;
  // A comparison with something unquoted compares two variables (`password == confirm`).
  if (/[=!]=[ \t]*$/.test(before)) return true;
  // A YAML tag (`!vault |`, `!Ref DbPassword`) introduces a value that is elsewhere.
  if (/^![A-Za-z]+$/.test(value)) return true;
  const next = text[end];
  if (next === '(' || next === '[' || next === '<') return true;
  // A bare identifier ended by `;`, `,` or `)` is a variable (`s_password = newPassword;`).
  if ((next === ';' || next === ',' || next === ')') && /^[A-Za-z_$][A-Za-z_$]*$/.test(value)) return true;
  return /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value);
}

/**
 * After a bare space (`password verification.`, `Token Efficiency`, `Secret Service`, `pass
 * --json`) the keyword is more often prose than a label, so the value must not read as a word
 * (one word in lower, title or upper case, with trailing punctuation or markdown, is prose) nor
 * a command-line option; after the verb "pass" it must mix three kinds of character.
 */
function proseAfterSpace(value: string, text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 10), start);
  // The verb "pass" with code after it: `pass \`nodePath: false\``, "pass v8::Object to …".
  if (/\bpass[ \t]+\x60$/i.test(before)) return true;
  if (/\bpass[ \t]+$/i.test(before) && /^\x60?[ \t]+to\b/.test(text.slice(start + value.length, start + value.length + 6))) return true;
  // The key named in a code span, then prose: "\`privateKey\` properties", "\`oneChangePerToken\` option".
  if (/\x60[ \t]+$/.test(before) && /\x60[A-Za-z0-9_.\-]{1,40}\x60[ \t]+$/.test(text.slice(Math.max(0, start - 50), start))) return true;
  if (!/[^\s:=>"'\x60;][ \t]+(?:["'\x60]|&quot;|&#39;)?$/.test(before)) return false;
  // Letters only (an identifier such as `KeyObject` or `CommonJS`) or words joined by slashes
  // ("password and/or salt") read as prose after a bare space.
  if (/^[A-Za-z]+[.,:;!?]?$/.test(value) || /^[a-z]+(?:\/[a-z]+)+[.,:;!?]?$/.test(value)) return true;
  // An option after the keyword is the next flag (`--password --stdin`, `pass --json`); after the
  // verb "pass", a value of fewer than three kinds of character is what gets passed
  // (`pass "systemd.debug-shell" to the boot loader`).
  if (value.startsWith('-')) return true;
  if (/\bpass[ \t]+(?:["'\x60]|&quot;|&#39;)?$/i.test(before) && entropyClasses(value) < 3) return true;
  const word = value.replace(/[.,:;!?*)\]]+$/, '');
  return /^(?:[A-Z]?[a-z]+|[A-Z]+)(?:[-'’][A-Za-z]+)*$/.test(word);
}

/** `PWD` and `OLDPWD` are the shell's working directories, not passwords: `PWD: '/Users/ann'`. */
function workingDirectory(value: string, text: string, start: number): boolean {
  return (value.startsWith('/') || value.startsWith('~')) && /(?:^|[^A-Za-z])(?:OLD)?PWD["'\x60]?[ \t]*[:=][ \t]*["'\x60]?$/.test(text.slice(Math.max(0, start - 16), start));
}

export function secretAssignmentRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.secret_assignment',
    category: 'password',
    prefilter: (t) => KEYWORDS.test(t) || hasLocalKeyword(t),
    patterns: [
      { name: 'key-value', regex: ASSIGNMENT, score: 0.7, group: 1, starts: assignmentStarts },
      // No key, no start: the starts are the gate too.
      { name: 'key-value-local', regex: LOCAL_ASSIGNMENT, score: 0.7, group: 1, starts: localAssignmentStarts },
      { name: 'curl-option', regex: CURL_OPTION, score: 0.8, group: 1 },
    ],
    validate: (value, text, start, end) =>
      value.length < MAX_VALUE && plausibleSecretValue(value) && !codeReference(value, text, start, end) && !proseAfterSpace(value, text, start) && !workingDirectory(value, text, start)
        ? undefined
        : 'invalid',
  });
}
