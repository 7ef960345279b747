/**
 * Deterministic audit events for tests and benchmarks (no public export).
 */
import { decisionEvent, type AgefEvent } from './event.ts';
import type { Decision } from '../types.ts';

const DECISIONS: Decision[] = [
  { riskLevel: 'low', approval: 'auto', allowed: true, matchedRule: 'reads_are_fine' },
  { riskLevel: 'critical', approval: 'block', allowed: false, matchedRule: 'no_deletes' },
  { riskLevel: 'high', approval: 'approve', allowed: true, matchedRule: 'big_payments' },
];
const TYPES = ['read_file', 'delete_user', 'pay_invoice'];

/** The `i`-th sample decision event: varied types, risks, agents and sessions, fixed time. */
export function sampleEvent(i: number, base = Date.UTC(2026, 0, 1)): AgefEvent {
  const k = i % 3;
  return decisionEvent(
    { type: TYPES[k]!, target: `crm/${i % 17}`, params: { amount: i * 7, note: `é ${i}` }, agentId: `agent-${i % 5}` },
    DECISIONS[k]!,
    { eventId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`, time: base + i * 1000, sessionId: `s${i % 2}` },
  );
}
