// aegis serve POLICY: the REST API on node:http. Secure by default: without AEGIS_API_KEY it binds
// loopback only (and refuses anything else); with the policy file watched, edits reload atomically.
import { watchFile, unwatchFile } from 'node:fs';
import { Policy } from '../../engine/policy/policy.ts';
import { loadGuardrails } from '../../engine/guardrails/load-guardrails.ts';
import { createApp, isLoopback } from '../../engine/server/index.ts';
import { openAuditDir } from '../audit-file.ts';
import { int, str, type Command } from '../command.ts';
import { EXIT_FINDINGS, UsageError } from '../errors.ts';
import { formatDiagnostic, line, warn } from '../output.ts';
import { packageVersion } from '../package-root.ts';
import { requirePolicy, readTextFile } from '../policy-file.ts';
import { serve as listen } from '../node-server.ts';

const APPROVALS = ['queue', 'auto', 'deny'];

/** Why the server could not listen, in words (these are the machine's state, not a bug: no stack). */
function listenFailure(err: NodeJS.ErrnoException, host: string, port: number): string {
  switch (err.code) {
    case 'EADDRINUSE': return `port ${port} on ${host} is already in use: stop the other server or choose another --port`;
    case 'EACCES': return `no permission to listen on port ${port}: ports below 1024 need privileges; choose another --port`;
    case 'EADDRNOTAVAIL': return `${host} is not an address of this machine: choose another --host`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve --host ${host}`;
    default: return `cannot listen on ${host}:${port}: ${err.message}`;
  }
}

export const serve: Command = {
  name: 'serve',
  summary: 'serve the REST API for a policy (AEGIS_API_KEY / AEGIS_ADMIN_KEY from the environment)',
  usage: 'aegis serve POLICY [--port 8000] [--host 127.0.0.1] [--audit-db DIR] [--approval queue|auto|deny] [--no-guardrails] [--no-watch]\n' +
    '--audit-db DIR keeps the hash-chained audit log in a directory (entries.jsonl, head.json; created if missing), read with `aegis audit --db DIR`; without it the log is in memory. AEGIS_AUDIT_KEY keys the chain (HMAC)',
  options: {
    port: { type: 'string', short: 'p' }, host: { type: 'string' }, 'audit-db': { type: 'string' }, approval: { type: 'string', default: 'queue' },
    'no-guardrails': { type: 'boolean' }, 'no-watch': { type: 'boolean' },
  },
  async run(values, [file]) {
    if (!file) throw new UsageError('usage: aegis serve POLICY [--port N] [--host H] [--audit-db DIR]');
    const host = str(values, 'host') ?? '127.0.0.1';
    const port = int(values, 'port', 8000, 0, 65535);
    const approval = str(values, 'approval')!;
    if (!APPROVALS.includes(approval)) throw new UsageError(`--approval must be one of ${APPROVALS.join(', ')}`);
    const apiKey = process.env['AEGIS_API_KEY'] || undefined;
    const adminKey = process.env['AEGIS_ADMIN_KEY'] || undefined;
    const loopback = isLoopback(host);
    if (!apiKey && !loopback) {
      throw new UsageError(`refusing to listen on ${host} without an API key: set AEGIS_API_KEY (and AEGIS_ADMIN_KEY for policy changes), or serve on 127.0.0.1`);
    }
    const policy = requirePolicy(file, (l) => l.diagnostics.forEach((d) => warn(formatDiagnostic(file, d))));
    const auditDir = str(values, 'audit-db');
    const audit = auditDir ? await openAuditDir(auditDir) : undefined;
    const app = createApp({
      policy, apiKey, adminKey, version: packageVersion(),
      // Loopback without keys: local clients may change the policy, as the reference intends.
      openAdmin: !apiKey && !adminKey && loopback,
      approval: approval as 'queue' | 'auto' | 'deny',
      // Both guardrail tiers (patterns + learned heads, loaded before the first request).
      guardrails: values['no-guardrails'] ? (false as const) : await loadGuardrails(),
      ...(audit ? { audit } : {}),
      onPolicyChange: (p, { source }) => line(`policy replaced (${source}): ${p.rules.length} rules`),
    });
    const running = await listen(app, { port, host }).catch(async (err: NodeJS.ErrnoException) => {
      app.close();
      await audit?.close();
      throw Object.assign(new Error(listenFailure(err, host, port)), { exitCode: EXIT_FINDINGS });
    });
    line(`aegis ${packageVersion()} serving ${file} at ${running.url}`);
    line(apiKey ? 'API key required (X-API-Key)' : 'no API key configured: serving loopback clients only; policy changes allowed from this machine');
    line(`approvals: ${approval === 'queue' ? 'queued for POST /api/v1/approvals/{id}' : approval}; guardrails: ${values['no-guardrails'] ? 'off' : 'on'}; audit: ${auditDir ? `${auditDir}/ (hash chain${process.env['AEGIS_AUDIT_KEY'] ? ', keyed' : ''})` : 'in memory'}`);

    if (!values['no-watch']) {
      // A saved file with errors, or a missing one, is reported and ignored: the running policy stays.
      watchFile(file, { interval: 500 }, () => {
        let text: string;
        try {
          text = readTextFile(file, 'policy file');
        } catch (err) {
          // Deleted, or mid-replace by an editor or a deploy: a throw here would end the server.
          warn(`${(err as Error).message}: keeping the running policy`);
          return;
        }
        const { policy: next, diagnostics } = Policy.parse(text);
        const errors = diagnostics.filter((d) => d.severity === 'error');
        if (!next || errors.length) {
          errors.forEach((d) => warn(formatDiagnostic(file, d)));
          warn(`${file} changed but has errors: keeping the running policy`);
          return;
        }
        app.runtime.updatePolicy(next);
        line(`${file} reloaded: ${next.rules.length} rules`);
      });
    }
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    unwatchFile(file);
    app.close();
    await running.close();
    await audit?.close();
    return 0;
  },
};
