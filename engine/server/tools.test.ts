import { describe, expect, it } from 'vitest';
import { createApp } from './app.ts';

const post = (app: ReturnType<typeof createApp>, path: string, body: unknown) =>
  app.fetch(new Request(`http://localhost${path}`, { method: 'POST', body: JSON.stringify(body) }));

describe('createApp: engine tools', () => {
  const app = createApp({ policy: 'defaults: {approval: auto}\nrules: []\n', guardrails: false });

  it('turns text into a policy', async () => {
    const r = await post(app, '/api/v1/autopolicy', { text: 'block deletes; reads are fine' });
    expect(r.status).toBe(200);
    expect((await r.json()).yaml).toContain('delete');
    expect((await post(app, '/api/v1/autopolicy', {})).status).toBe(400);
  });

  it('probes the active policy and answers in wire shapes', async () => {
    const r = await post(app, '/api/v1/probe', {});
    const report = await r.json();
    expect(r.status).toBe(200);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings[0].decision).toMatchObject({ action_type: expect.any(String), is_allowed: expect.any(Boolean) });
  });
});
