import { describe, expect, it } from 'vitest';
import { confirmApproval, describeApproval, type ApprovalRequest } from './approval.ts';
import { hmacSha256Hex } from './hmac.ts';
import { webhookApproval } from './webhook-approval.ts';

const request: ApprovalRequest = {
  id: 'req-1', sessionId: 's1', requestedAt: Date.UTC(2026, 0, 1),
  action: { type: 'write', target: 'crm', params: { n: 1 }, agentId: 'bot' },
  decision: { riskLevel: 'high', approval: 'approve', allowed: true, matchedRule: 'writes' },
};

describe('webhookApproval', () => {
  it('posts a signed request and follows the answer', async () => {
    let seen: { url: string; headers: Record<string, string>; body: string } | undefined;
    const handler = webhookApproval({
      url: 'https://hooks.example/approve', secret: 's3cret', now: () => 1700000000,
      fetch: async (url, init) => {
        seen = { url: String(url), headers: init!.headers as Record<string, string>, body: String(init!.body) };
        return new Response(JSON.stringify({ approved: true, approver: 'alice' }), { status: 200 });
      },
    });
    expect(await handler(request)).toEqual({ approved: true, approver: 'alice' });
    const body = JSON.parse(seen!.body);
    expect(body).toMatchObject({ type: 'approval.request', request_id: 'req-1', action: { action_type: 'write', target: 'crm', agent_id: 'bot' }, decision: { risk_level: 'HIGH', approval: 'approve', matched_rule: 'writes' } });
    expect(seen!.headers['X-Aegis-Timestamp']).toBe('1700000000');
    expect(seen!.headers['X-Aegis-Signature']).toBe(`sha256=${await hmacSha256Hex('s3cret', `1700000000.${seen!.body}`)}`);
  });

  it('denies on a non-2xx answer, a bad body, a network error or a timeout', async () => {
    const answers: (() => Promise<Response>)[] = [
      async () => new Response('nope', { status: 500 }),
      async () => new Response('not json', { status: 200 }),
      async () => { throw new TypeError('connection refused'); },
    ];
    for (const answer of answers) {
      const verdict = (await webhookApproval({ url: 'http://x', fetch: answer })(request)) as { approved: boolean; reason?: string };
      expect(verdict.approved).toBe(false);
      expect(verdict.reason).toBeTruthy();
    }
    const slow = webhookApproval({
      url: 'http://x', timeoutMs: 10,
      fetch: (_u, init) => new Promise((_r, reject) => init!.signal!.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    expect(await slow(request)).toMatchObject({ approved: false, reason: 'webhook did not answer within 10 ms' });
  });
});

describe('hmacSha256Hex', () => {
  it('matches RFC 4231 test case 2', async () => {
    expect(await hmacSha256Hex('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

describe('confirmApproval', () => {
  it('asks a confirm function with a readable question', async () => {
    const asked: string[] = [];
    const handler = confirmApproval((message) => { asked.push(message); return false; });
    expect(await handler(request)).toEqual({ approved: false, approver: 'user' });
    expect(asked).toEqual([describeApproval(request)]);
    expect(asked[0]).toBe('Allow "write" on "crm" by agent "bot"? (risk high, rule writes)');
  });
});
