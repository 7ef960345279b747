import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createGuardrails } from '../engine/index.ts';

/**
 * Everyday questions in eleven languages that share words with requests for harm (killing
 * bacteria or time, kitchen knives, glue guns, a film about a kidnapping, fireworks, first aid,
 * reporting a scam). Written for this project to check the per-language harmful-request rules:
 * the first run of these 258 found 10 blocked (since excluded). The pattern tier blocks none.
 */
const questions = JSON.parse(readFileSync(new URL('./support/everyday-questions.json', import.meta.url), 'utf8')) as Record<string, string[]>;

describe('everyday questions', () => {
  const guardrails = createGuardrails();
  test.each(Object.entries(questions))('%s: none is blocked', (_lang, texts) => {
    expect(texts.filter((t) => !guardrails.check(t, { direction: 'input' }).allowed)).toEqual([]);
  });

  test('there are questions in every language with harmful-request rules', () => {
    expect(Object.keys(questions).sort()).toEqual(['ar', 'bn', 'en', 'id', 'it', 'ja', 'ko', 'sw', 'th', 'vi', 'zh']);
  });
});
