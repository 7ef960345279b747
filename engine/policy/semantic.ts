import type { ActionInput } from '../types.ts';

/** A pluggable judge for `semantic:` conditions (e.g. backed by a model the user supplies). */
export interface SemanticEvaluator {
  evaluate(condition: string, action: ActionInput): boolean;
}

/** Keyword categories of the built-in matcher (the reference's five, for identical decisions). */
export const SEMANTIC_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  destructive: ['delete', 'drop', 'remove', 'destroy', 'kill', 'terminate', 'truncate', 'purge'],
  data_exposure: ['export', 'download', 'share', 'send', 'email', 'upload', 'transfer', 'leak', 'expose'],
  privileged: ['admin', 'root', 'sudo', 'superuser', 'escalate', 'override', 'bypass'],
  financial: ['payment', 'transfer', 'refund', 'charge', 'invoice', 'billing', 'withdraw'],
  pii: ['name', 'email', 'phone', 'address', 'ssn', 'passport', 'credit_card', 'dob'],
};

const STOP_WORDS = new Set(['or', 'and', 'the', 'a', 'an', 'of', 'in', 'to', 'for', 'is', 'with']);
const TOKEN = /[a-z0-9_]+/g;

/** The keywords a condition string stands for: a category name, or its words with categories expanded. */
export function semanticKeywords(condition: string): Set<string> {
  const lowered = condition.trim().toLowerCase();
  const whole = SEMANTIC_CATEGORIES[lowered];
  if (whole && Object.prototype.hasOwnProperty.call(SEMANTIC_CATEGORIES, lowered)) return new Set(whole);
  const out = new Set<string>();
  for (const token of lowered.match(TOKEN) ?? []) {
    const category = Object.prototype.hasOwnProperty.call(SEMANTIC_CATEGORIES, token) ? SEMANTIC_CATEGORIES[token] : undefined;
    if (category) category.forEach((w) => out.add(w));
    else if (!STOP_WORDS.has(token)) out.add(token);
  }
  return out;
}

/** Whole-word, ASCII keyword match over type, target, description, param keys and string values. */
export function keywordMatch(keywords: ReadonlySet<string>, action: ActionInput): boolean {
  if (!keywords.size) return false;
  const parts = [action.type, action.target ?? '', action.description ?? ''];
  for (const [key, value] of Object.entries(action.params ?? {})) {
    parts.push(key);
    if (typeof value === 'string') parts.push(value);
  }
  for (const token of parts.join(' ').toLowerCase().match(TOKEN) ?? []) {
    if (keywords.has(token)) return true;
    if (token.includes('_') && token.split('_').some((t) => keywords.has(t))) return true;
  }
  return false;
}

export const keywordSemanticEvaluator: SemanticEvaluator = {
  evaluate: (condition, action) => keywordMatch(semanticKeywords(condition), action),
};
