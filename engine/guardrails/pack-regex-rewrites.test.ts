// Pack patterns rewritten into faster, equivalent forms: each rewritten pattern is compared with
// the form it replaced on many generated strings (every match: index and text, in order).
//
// secret-tokens: the token boundary `(?:(?<!C)|(?<=E))` ("no token character before, or an ANSI
// colour code") became `(?<!C(?<!E))` ("not a token character that is itself not preceded by a
// colour code"). At a position p the old form holds when ¬C(p-1) ∨ E(p), the new one when
// ¬(C(p-1) ∧ ¬E(p)): the same condition. V8 matches the single lookbehind many times faster than
// the alternation of two (e.g. 65 → 4 µs per 10 KB for twilio-key).
//
// secret-tokens/mailgun-key-v2 went one step further: no literal leads its key, so the rule reads
// every text with a hyphen, and the boundary before every position cost more than the key. It now
// checks the start after the key's first character, `[a-f0-9](?<=(?:^|[^A-Za-z0-9]|E)[a-f0-9])`:
// the same condition on the character before the match (64 → 38 µs per 10 KB).
//
// injection/user-attribute-transform: adjacent alternatives with a common first letter share it
// (`del …|do …` → `d(?:el …|o …)`). Alternatives are tried in the same order with the same
// continuation, so every match is the same; V8 tries fewer alternatives per position (84 → 54 µs
// per 10 KB).
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../probe/random.ts';
import injection from './packs/injection.json' with { type: 'json' };
import secretTokens from './packs/secret-tokens.json' with { type: 'json' };
import { expandPattern, type PackSource } from './pattern-pack.ts';

const NEW_BOUNDARY = /^\(\?<!(\[[^\]]*\])\(\?<!(\\u001b\\\[\[0-9;\]\{1,12\}m)\)\)/;

function allMatches(re: RegExp, text: string): [number, string][] {
  const out: [number, string][] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    out.push([m.index, m[0]]);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

describe('secret-tokens token boundary rewrite', () => {
  const pack = secretTokens as unknown as PackSource;
  const rewritten = pack.rules.filter((r) => NEW_BOUNDARY.test(r.pattern));

  test('the rewritten rules are the 36 that had the two-lookbehind boundary (with mailgun-key-v2, 37)', () => {
    expect(rewritten.length).toBe(36);
    for (const r of pack.rules) expect(r.pattern).not.toMatch(/\(\?:\(\?<!\[[^\]]*\]\)\|\(\?<=/);
  });

  test('old and new forms find the same matches on generated strings', () => {
    const random = seededRandom(20261122).next;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    // Pieces around the boundary: token characters, separators, colour codes (complete and
    // broken), non-ASCII and astral characters, line breaks.
    const around = ['a', 'Z', '0', '9', '_', '-', ' ', '.', '/', '=', '"', '\n', '\u001b[32m', '\u001b[0m', '\u001b[1;31m', '\u001b[m', '\u001b32m', '[32m', 'm', ';', 'é', 'K', '\u212a', '\u017f', '😀', '\u001b[' + '1;'.repeat(7) + 'm'];
    const body = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    const hex = '0123456789abcdef';
    let compared = 0;
    let matched = 0;
    for (const r of rewritten) {
      const fold = (r.view ?? 'folded') === 'folded';
      const flags = r.view === 'base' && r.caseInsensitive ? 'giu' : 'gu';
      const oldSource = r.pattern.replace(NEW_BOUNDARY, (_, c: string, e: string) => `(?:(?<!${c})|(?<=${e}))`);
      expect(oldSource).not.toBe(r.pattern);
      const oldRe = new RegExp(expandPattern(oldSource, fold), flags);
      const newRe = new RegExp(expandPattern(r.pattern, fold), flags);
      const starts = r.triggers && r.triggers.length > 0 ? r.triggers : ['', 'AKIA', 'eyJ'];
      for (let i = 0; i < 300; i++) {
        let text = '';
        const pieces = 1 + Math.floor(random() * 4);
        for (let k = 0; k < pieces; k++) {
          for (let j = Math.floor(random() * 3); j > 0; j--) text += pick(around);
          text += pick(starts);
          const alphabet = random() < 0.5 ? hex : body;
          for (let j = Math.floor(random() * 90); j > 0; j--) text += alphabet[Math.floor(random() * alphabet.length)];
          for (let j = Math.floor(random() * 3); j > 0; j--) text += pick(around);
        }
        const expected = allMatches(oldRe, text);
        expect(allMatches(newRe, text)).toEqual(expected);
        compared++;
        if (expected.length > 0) matched++;
      }
    }
    expect(compared).toBe(36 * 300);
    // The strings exercise matches, not only misses.
    expect(matched).toBeGreaterThan(1000);
  });
});

test('secret-tokens mailgun-key-v2: the start checked after the first character finds what the boundary before it found', () => {
  const rule = (secretTokens as unknown as PackSource).rules.find((r) => r.id === 'mailgun-key-v2')!;
  const oldRe = new RegExp('(?<![A-Za-z0-9](?<!\\u001b\\[[0-9;]{1,12}m))[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8}(?![A-Za-z0-9])', 'gu');
  const newRe = new RegExp(expandPattern(rule.pattern, false), 'gu');
  expect(newRe.source).not.toBe(oldRe.source);
  const random = seededRandom(20261123).next;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const around = ['a', 'Z', '0', 'f', 'g', '-', ' ', '.', '_', '\n', '\u001b[32m', '\u001b[m', '\u001b32m', '[1m', 'm', 'é', '😀'];
  const hex = '0123456789abcdef';
  const run = (n: number): string => Array.from({ length: n }, () => hex[Math.floor(random() * 16)]).join('');
  let matched = 0;
  for (let i = 0; i < 3000; i++) {
    let text = '';
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      for (let j = Math.floor(random() * 3); j > 0; j--) text += pick(around);
      // Keys of the right shape and near misses (a group one short or one long).
      text += `${run(31 + Math.floor(random() * 3))}-${run(7 + Math.floor(random() * 3))}-${run(7 + Math.floor(random() * 3))}`;
      for (let j = Math.floor(random() * 3); j > 0; j--) text += pick(around);
    }
    const expected = allMatches(oldRe, text);
    expect(allMatches(newRe, text)).toEqual(expected);
    if (expected.length > 0) matched++;
  }
  // The strings exercise keys found, not only misses.
  expect(matched).toBeGreaterThan(50);
});

/** Old and new forms of a folded-view injection rule agree on strings made of the old pattern's words. */
function sameAsOld(id: string, old: string, seed: number, extraSeps: string[] = [], minMatched = 300): void {
  const rule = (injection as unknown as PackSource).rules.find((r) => r.id === id)!;
  expect(rule.pattern).not.toBe(old);
  const oldRe = new RegExp(expandPattern(old, true), 'gu');
  const newRe = new RegExp(expandPattern(rule.pattern, true), 'gu');
  // Words and phrases of the pattern (the text is folded, as the view is), with separators.
  const phrases = old.replace(/\\[bw]|\\n|\[\^[^\]]*\]\{[0-9,]*\}\??|\\w\{[0-9,]*\}|\(\?:|[()?|]/g, '\n').split('\n').map((w) => w.trim()).filter((w) => w.length > 0);
  const fold = (t: string): string => t.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const seps = [' ', '  ', '', "'", '-', ', ', '. ', '\n', ' the ', ' your ', ' of the user', ' user ', ' x ', '?', '!', 'é', '😀', ...extraSeps];
  const random = seededRandom(seed).next;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  let matched = 0;
  for (let i = 0; i < 6000; i++) {
    let text = '';
    for (let k = 1 + Math.floor(random() * 6); k > 0; k--) {
      const w = pick(phrases);
      text += (random() < 0.5 ? fold(w) : w) + pick(seps);
      if (random() < 0.3) text = text.slice(0, Math.max(0, text.length - Math.floor(random() * 4)));
    }
    const expected = allMatches(oldRe, text);
    expect(allMatches(newRe, text)).toEqual(expected);
    if (expected.length > 0) matched++;
  }
  for (const t of [...(rule.examples?.match ?? []), ...(rule.examples?.noMatch ?? [])]) expect(allMatches(newRe, fold(t))).toEqual(allMatches(oldRe, fold(t)));
  expect(matched).toBeGreaterThan(minMatched);
}

// Leading alternations of literal words grouped by first letter: two alternatives with different
// first letters never both match at one position, so only the order within a letter matters,
// and that is kept (`muestra|…|montre|…` → `m(?:uestra|ontre|…)|…`). A repeated word (`revele`)
// stays: a second copy can only fail where the first failed.
describe('injection rules with factored alternatives', () => {
  test('user-attribute-transform', () => sameAsOld('user-attribute-transform', "(?:(?:the )?user'?s|del usuario|do usuário|dell'utente|de l'utilisateur|des (?:benutzers|nutzers)|пользователя|उपयोगकर्ता (?:के|की|का)|ব্যবহারকারীর|ของผู้ใช้|của người dùng|kullanıcının|pengguna|ng gumagamit|المستخدم)[^.!?।\\n]{0,12}?(?:favou?rite colou?r|birth ?(?:year|month|date|day)|birthday|date of birth|color favorito|cor favorita|colore preferito|couleur préférée|lieblingsfarbe|любимый цвет|дня рождения|дата рождения|год рождения|पसंदीदा रंग|जन्म (?:वर्ष|तिथि|दिवस|दिन)|วันเกิด|màu (?:sắc )?yêu thích|năm sinh|ngày sinh|doğum (?:ayı|ayını|yılı|yılını|tarihi|tarihini|günü)|en sevdiği renk|warna favorit|tanggal lahir|tahun lahir|paboritong kulay|taon ng kapanganakan|تاريخ ميلاد|سنة ميلاد|اللون المفضل)|(?:favou?rite colou?r|birth ?(?:year|month|date|day)|birthday|color favorito|cor favorita|colore preferito|couleur préférée|lieblingsfarbe|любимый цвет|дня рождения|дата рождения|год рождения|วันเกิด|màu (?:sắc )?yêu thích|năm sinh|ngày sinh|warna favorit|tanggal lahir|tahun lahir|paboritong kulay|taon ng kapanganakan|ano de nascimento|año de nacimiento|anno di nascita|année de naissance|geburtsjahr|سنة ميلاد|تاريخ ميلاد|اللون المفضل)[^.!?।\\n]{0,12}?(?:of the user|del usuario|do usuário|dell'utente|de l'utilisateur|des (?:benutzers|nutzers)|пользователя|ของผู้ใช้|của người dùng|pengguna|ng gumagamit|المستخدم)", 7));
  test('system-prompt-eu', () => sameAsOld('system-prompt-eu', "(?:muestra|muestrame|revela|dime|imprime|montre|montre-moi|revele|affiche|dis-moi|zeig|zeige|verrate|gib|mostra|mostrami|rivela|dimmi|stampa|mostre|revele|diga|покажи|выведи|раскрой|скажи)[^.!?\\n]{0,25}?(?:(?:prompt|instrucciones|instructions|anweisungen|istruzioni|instrucoes) (?:del |de |du |des |di |do )?(?:sistema|systeme|system|iniciales|initiales|originales|originali)|(?:system|sistema|systeme)[ -]?(?:prompt|anweisungen|instrucciones|instructions|istruzioni)|(?:ursprunglich|anfanglich|versteckt|geheim|intern|erst)\\p{L}{0,3} (?:anweisungen|instruktionen|vorgaben|befehle|regeln)|(?:исходн|первоначальн|скрыт|секретн|внутренн)\\p{L}{0,4} (?:инструкци|указани|правил)|системн\\p{L}{0,4} (?:промпт|инструкци|подсказк))", 11, [' system ', ' del sistema', ' prompt ', ' systeme', ' de ', ' instrucciones ', ' промпт', ' системные ']));
  test('reveal-system-prompt', () => sameAsOld('reveal-system-prompt', "\\b(?:reveal|show|print|tell|give|display|output|repeat|disclose|share|leak|dump|recite|spell out|write out|paste|copy|return|provide|list|what (?:is|are|were|was))\\b(?: me| us)?(?: all| exactly| verbatim)?(?: of)? (?:your|the|this|my) (?:full |entire |exact |complete |original |initial |hidden |secret |internal |underlying |first |very first )?(?:system|initial|original|hidden|secret|pre|internal|developer|base|starting|confidential)[ -]?(?:prompts?|instructions?|messages?|directives?|guidelines|rules|configuration|context)\\b", 13, [' me your system prompt', ' us the initial instructions', ' all of your hidden system-rules', ' exactly the developer configuration', ' verbatim my system prompts.', ' your secret prompt', ' is your system prompt', ' were the original instructions', ' me all of the very first internal guidelines']));
  test('ignore-previous-instructions', () => sameAsOld('ignore-previous-instructions', "\\b(?:ignore|disregard|forget|skip|set aside|neglect|abandon|throw out)(?<!(?:(?:\\bnot|\\bnever|n't|\\bcannot)(?:[\\s,;:'\"\\-]{0,4}(?:ever|just|simply|completely|totally|accidentally))?[\\s,;:'\"\\-]{0,4})(?:ignore|disregard|forget|skip|set aside|neglect|abandon|throw out))\\b[^.!?\\n]{0,40}?\\b(?:previous|prior|above|earlier|preceding|former|original|initial|old|existing|given|system|developer|default|current|all) (?:instructions?|prompts?|rules|directives?|guidelines|commands?|guidance|constraints|programming|orders|restrictions|policies|context|conversation|messages?|tasks?|assignments?|inputs?|directions|training)\\b|\\b(?:override|bypass|discard|drop|dismiss|delete|erase|clear)(?<!(?:(?:\\bnot|\\bnever|n't|\\bcannot)(?:[\\s,;:'\"\\-]{0,4}(?:ever|just|simply|completely|totally|accidentally))?[\\s,;:'\"\\-]{0,4})(?:override|bypass|discard|drop|dismiss|delete|erase|clear))\\b[^.!?\\n]{0,40}?\\b(?:previous|prior|above|earlier|preceding|former|original|initial|old|system|developer|all) (?:instructions?|prompts?|rules|directives?|guidelines|guidance|constraints|programming|restrictions|policies|training)\\b", 17, [' all previous instructions', ' the above prompts', ' your earlier rules', ' any system guidelines.', ' my prior context'], 300));
  test('display-system-config', () => sameAsOld('display-system-config', "\\b(?:display|show|print|dump|list|reveal|output|expose|disclose)(?: me)? (?:the |your |all |all of your |all the )?(?:current )?(?:system|internal|hidden|full|complete|secret|underlying|initial)(?: system)? (?:configuration|config|settings|parameters|instructions)\\b", 19, [' me the system configuration', ' your hidden settings', ' all of your internal system parameters', ' the full instructions'], 150));
  test('user-data-request', () => sameAsOld('user-data-request', "\\b(?:share|tell|reveal|give|disclose|confirm|send|provide|list|what(?:'s| is| are)|where (?:does|do)|need to know|know)\\b[^.?!\\n]{0,30}?\\b(?:the |this |that |a |our |other |another |all )?users?(?:'s|'|s)? (?:current |home |personal |private |full )?(?:address(?:es)?|e-?mail(?: address(?:es)?)?|phone(?: numbers?)?|password|location|city|birthday|date of birth|social security(?: number)?|ssn|credit card(?: numbers?)?|bank account|salary|medical (?:records|history)|personal (?:data|information|details)|account (?:balance|details))", 21, [" the user's email address", " our users home address", " all users medical records", " this user's salary"], 300));
  test('ignore-and-state-multi', () => sameAsOld('ignore-and-state-multi', "\\b(?:ignoriere|ignorieren sie|ignoriert|vergiss|ignora|ignore|ignorez|ignorar|oublie|oubliez|olvida|dimentica|esqueça|esqueca|abaikan|bỏ qua|huwag pansinin)\\b[^.\\n:]{1,40}?\\b(?:und|et|y|e|dan|và|at)\\ (?:(?:gib|geben) (?:sie )?an|sag|sage|sagen sie|antworte|dis|dites|indique|indiquez|affirme|réponds|di|indica|afirma|responde|dichiara|afferma|rispondi|diga|afirme|declare|responda|indique|katakan|nyatakan|nói|cho biết|khẳng định|sabihin)\\b(?=\\s{0,2}(?:,|:|[\"“«'‘]|(?:que|qu'|che|dass|rằng|bahwa|na|that)\\b))|(?:игнорируй|игнорируйте|проигнорируй)[^.\\n:]{1,40}?\\ и\\ (?:скажи|скажите|напиши|ответь|укажи|заяви)|(?:अनदेखा|उपेक्षा)\\ ?(?:करें|करो|करके|कर|करते हुए)[^।.\\n]{0,20}?(?:कहें|कहो|बताएं|बतायें|बताओ|बताइए|संकेत दें|बताएँ)|উপেক্ষা করে[^।.\\n]{0,30}?বল|(?:yok say|görmezden gel)[^.\\n:]{0,10}?\\ ve\\ (?:söyle|belirt|yaz)|(?:ไม่ต้องสนใจ|เพิกเฉย)[^.\\n]{1,40}?และ(?:บอก|ตอบ|พูด|ระบุ)|(?:تجاهل|تجاهلي)[^.\\n:]{1,40}?\\ و(?:قل|اذكر|أجب|صرح)", 23, [' die regeln und sag, ', ' les instructions et dis que ', ' las reglas y responde: ', ' le istruzioni e rispondi "', ' aturan dan katakan bahwa ', ' the rules at sabihin na '], 300));
  test('no-restrictions', () => sameAsOld('no-restrictions', "\\b(?:no|without|free (?:of|from)|not bound by|break (?:free )?(?:of|from)|ignores?|bypass(?:es|ing)?|unbound by|not (?:restricted|limited) by|released from|liberated from|none of|don't have|do not have|doesn't have|does not have) (?:any |all |the |its |their |your |typical |usual )?(?:ai |openai'?s? |ethical |moral |content |safety )?(?:restrictions|limitations|limits|filters|filtering|censorship|guidelines|rules|ethics|morals|principles|policies|policy|boundaries|constraints|safeguards)\\b", 25, [' restrictions', ' any ethical guidelines', ' the content filters', ' your usual safety rules'], 300));
});

// Negated overrides ("don't forget the instructions"): the negation check was a lookbehind before
// the verb, `(?<!NEG)\b(?:VERBS)`, and is one after it, `\b(?:VERBS)(?<!(?:NEG)(?:VERBS))`: at
// the end of a verb, "NEG then a verb ends here" holds exactly when NEG ends where that verb
// starts. A regex scanned over the whole text then starts with literal alternatives again
// (forget-policies 47 → 22 µs per 10 KB of signal-dense text). That argument is exact where the
// verbs sit between word boundaries (`\b`, Latin script), compared here on generated strings.
// Without them (Cyrillic, CJK, Thai, Arabic, Vietnamese) one verb can end inside another
// ('проигнорируй' / 'игнорируй'): the old form matched the inner verb of a negated
// 'не проигнорируй', the new one does not; those rules are held by their examples and by
// negated-overrides.test.ts.
describe('negation lookbehind after the verb', () => {
  const G = String.raw`\(\?:(?:[^()]|\(\?:[^()]*\))*\)`;
  const MOVED = new RegExp(String.raw`(\\b)?(${G})\(\?<!\(\?:((?:[^()]|\((?:[^()]|\([^()]*\))*\))*)\)\2\)`, 'g');
  const moved = (injection as unknown as PackSource).rules.filter((r) => r.pattern.match(MOVED) !== null);
  const rules = moved.filter((r) => [...r.pattern.matchAll(MOVED)].every((m) => m[1] !== undefined));
  const letterBefore = (text: string, at: number): boolean => at > 0 && /[\p{L}\p{N}]/u.test(text[at - 1]!);

  test('the moved rules are the 20 negation-aware override rules, 15 of them between word boundaries', () => {
    expect(moved.length).toBe(20);
    expect(rules.length).toBe(15);
  });

  test.each(rules.map((r) => [r.id, r] as const))('%s: both forms find the same matches', (_id, rule) => {
    const old = rule.pattern.replace(MOVED, (_m, b: string | undefined, verbs: string, neg: string) => `(?<!${neg})${b ?? ''}${verbs}`);
    expect(old).not.toBe(rule.pattern);
    const oldRe = new RegExp(expandPattern(old, true), 'gu');
    const newRe = new RegExp(expandPattern(rule.pattern, true), 'gu');
    const negations = ['not ', 'never ', "don't ", 'cannot ', 'ne ', 'pas ', "n'", 'no ', 'non ', 'nao ', 'nicht ', 'не ', 'đừng ', 'jangan ', 'لا ', 'لا ت', 'อย่า', '不要', '不', 'niet ', 'nie ', 'just ', 'ever '];
    const fold = (t: string): string => t.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const examples = [...(rule.examples?.match ?? []), ...(rule.examples?.noMatch ?? [])].map(fold);
    const words = [...rule.pattern.matchAll(/[\p{L}']{2,}/gu)].map((m) => m[0].toLowerCase());
    const random = seededRandom(rule.id.length * 7919).next;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const texts: string[] = [];
    // Each example with a negation (or a filler) put before one of its words.
    for (const ex of examples) {
      const cuts = [0, ...[...ex.matchAll(/ /g)].map((m) => m.index! + 1)];
      for (const cut of cuts) for (const neg of negations) texts.push(ex.slice(0, cut) + neg + ex.slice(cut));
    }
    for (let i = 0; i < 1000; i++) {
      let text = '';
      for (let k = 1 + Math.floor(random() * 6); k > 0; k--) text += (random() < 0.35 ? pick(negations) : pick(words)) + pick([' ', '', ', ', '. ', ' the ', ' all ']);
      texts.push(text);
    }
    let matched = 0;
    for (const text of texts) {
      const before = allMatches(oldRe, text);
      const after = allMatches(newRe, text);
      // New ⊆ old, and equal but for old matches that start inside a word.
      for (const m of after) expect(before).toContainEqual(m);
      expect(after).toEqual(expect.arrayContaining(before.filter(([at]) => !letterBefore(text, at))));
      if (before.length > 0) matched++;
    }
    expect(matched).toBeGreaterThan(10);
  });
});
