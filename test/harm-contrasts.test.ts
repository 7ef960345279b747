import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { createGuardrails } from '../engine/index.ts';

/**
 * English requests in contrasting pairs of kinds, written for this project after the categories
 * of safe prompts that over-cautious filters refuse (homonyms such as killing a process, figurative
 * language, safe targets, video-game and fiction contexts, definitions, historical events,
 * fictional or public people's details, nonsense discrimination) and plainly harmful requests on
 * the same words. The pattern tier blocks no safe one and every harmful one. Fictional people's
 * details pass because the privacy rules skip a list of well-known fictional characters; a
 * fictional name missing from that list is still blocked.
 */
const { safe, unsafe } = JSON.parse(readFileSync(new URL('./support/harm-contrasts.json', import.meta.url), 'utf8')) as { safe: string[]; unsafe: string[] };

describe('harmful requests and their safe look-alikes', () => {
  const guardrails = createGuardrails();
  const blocked = (t: string) => !guardrails.check(t, { direction: 'input' }).allowed;

  test('no safe look-alike is blocked', () => {
    expect(safe.filter(blocked)).toEqual([]);
  });

  test('every harmful request is blocked', () => {
    expect(unsafe.filter((t) => !blocked(t))).toEqual([]);
  });
});
