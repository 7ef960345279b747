/**
 * `param_matches` patterns are written in Python's regex dialect and run on JavaScript's
 * backtracking engine. We translate the Python-only syntax whose meaning is clear and refuse
 * patterns whose shape can backtrack catastrophically (nested or alternating quantified groups,
 * back-references, very many quantifiers), so a policy can never hang the engine.
 */

export const MAX_REGEX_LENGTH = 1000;
const MAX_QUANTIFIERS = 64;

export interface RegexResult {
  regex?: RegExp;
  /** The JavaScript source after translation. */
  source?: string;
  error?: { code: 'condition.regex-invalid' | 'condition.regex-unsafe'; message: string };
  /** Notes about translations applied (`(?i)` → flag, `(?P<name>` → `(?<name>`). */
  notes: string[];
}

export function compilePythonRegex(pattern: string): RegexResult {
  const notes: string[] = [];
  if (pattern.length > MAX_REGEX_LENGTH) {
    return { notes, error: { code: 'condition.regex-unsafe', message: `the pattern is ${pattern.length} characters long; the limit is ${MAX_REGEX_LENGTH}` } };
  }
  let src = pattern;
  let flags = '';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    const letters = inline[1]!;
    if (letters.includes('x')) {
      return { notes, error: { code: 'condition.regex-invalid', message: 'the verbose flag (?x) is not supported; remove it and the whitespace it allowed' } };
    }
    for (const f of 'ims') if (letters.includes(f)) flags += f;
    src = src.slice(inline[0].length);
    notes.push(`inline flags (?${letters}) became JavaScript flags "${flags}"`);
  }
  if (src.includes('(?P<')) {
    src = src.replaceAll('(?P<', '(?<');
    notes.push('named groups (?P<name>…) became (?<name>…)');
  }
  if (/\(\?P=/.test(src) || /\\[1-9]/.test(src.replace(/\\\\/g, '')) || src.includes('\\k<')) {
    return { notes, error: { code: 'condition.regex-unsafe', message: 'back-references can backtrack exponentially and are not allowed' } };
  }
  if (/\(\?[aiLmsux-]+[:)]/.test(src)) {
    return { notes, error: { code: 'condition.regex-invalid', message: 'inline flags are only supported at the very start of the pattern, e.g. (?i)' } };
  }
  src = src.replace(/\\A/g, '^').replace(/\\Z/g, '$');
  const unsafe = backtrackingHazard(src);
  if (unsafe) return { notes, error: { code: 'condition.regex-unsafe', message: unsafe } };
  try {
    return { regex: new RegExp(src, flags), source: src, notes };
  } catch (err) {
    return { notes, error: { code: 'condition.regex-invalid', message: `invalid regular expression: ${(err as Error).message}` } };
  }
}

interface Frame {
  hasQuantifier: boolean;
  hasAlternation: boolean;
}

/** A short reason if the pattern's shape can backtrack super-linearly, else undefined. */
export function backtrackingHazard(src: string): string | undefined {
  const stack: Frame[] = [{ hasQuantifier: false, hasAlternation: false }];
  let quantifiers = 0;
  let lastGroup: Frame | undefined;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '\\') {
      i++;
      lastGroup = undefined;
      continue;
    }
    if (c === '[') {
      // Skip the class body.
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') i++;
        i++;
      }
      lastGroup = undefined;
      continue;
    }
    if (c === '(') {
      stack.push({ hasQuantifier: false, hasAlternation: false });
      lastGroup = undefined;
      continue;
    }
    if (c === ')') {
      const closed = stack.length > 1 ? stack.pop()! : top;
      const parent = stack[stack.length - 1]!;
      parent.hasQuantifier ||= closed.hasQuantifier;
      lastGroup = closed;
      continue;
    }
    if (c === '|') {
      top.hasAlternation = true;
      lastGroup = undefined;
      continue;
    }
    const quant = /^(\*|\+|\?|\{\d*,?\d*\})/.exec(src.slice(i, i + 12));
    if (quant && (c !== '{' || /^\{\d+(,\d*)?\}$/.test(quant[0]))) {
      quantifiers++;
      const repeats = quant[0] !== '?' && quant[0] !== '{0,1}' && quant[0] !== '{1}';
      if (lastGroup && repeats && (lastGroup.hasQuantifier || lastGroup.hasAlternation)) {
        return 'a repeated group contains a quantifier or an alternation (e.g. (a+)+ or (a|b)*), which can backtrack exponentially';
      }
      top.hasQuantifier = true;
      i += quant[0].length - 1;
      if (src[i + 1] === '?' || src[i + 1] === '+') i++;
      lastGroup = undefined;
      if (quantifiers > MAX_QUANTIFIERS) return `more than ${MAX_QUANTIFIERS} quantifiers`;
      continue;
    }
    lastGroup = undefined;
  }
  return undefined;
}
