// The same agent loop with the engine in a worker (`createEngineWorker`): policy, guardrails and
// a hash-chained audit log (sql.js) live off the main thread; this loop only asks and acts.
//
//   node examples/node/agent-worker.mjs [--ask]
import { readFile } from 'node:fs/promises';
import { verifyChain } from 'agent-aegis';
import { createEngineWorker } from 'agent-aegis/worker';
import { askHuman, createTools, describeScreen, doneAsking, forTheModel, proposeActions } from './tools.mjs';

const engine = createEngineWorker(); // Node: a module worker via the `web-worker` package
const { diagnostics } = await engine.loadPolicy(await readFile(new URL('./policy.yaml', import.meta.url), 'utf8'));
if (diagnostics.some((d) => d.severity === 'error')) throw new Error(`policy.yaml: ${diagnostics[0].message}`);
const { executor, executed } = createTools();
const agentId = 'node-agent';

/** Runs an action the engine allowed (asking first when the policy says so). */
async function act(action, decision) {
  if (decision.approval === 'block' || !decision.allowed) return { status: 'blocked', error: `blocked by policy rule: ${decision.matchedRule}` };
  if (decision.approval === 'approve') {
    const question = `Allow "${action.type}" on "${action.target}" by agent "${agentId}"? (risk ${decision.riskLevel}, rule ${decision.matchedRule})`;
    if (!(await askHuman(question, action))) return { status: 'denied', error: 'denied by approver' };
  }
  try {
    return { status: 'success', data: await executor.execute(action, { attempt: 1 }) };
  } catch (err) {
    return { status: 'failed', error: err.message };
  }
}

// 1. Read the page (decided and audited by the worker), and screen the output there too.
const readAction = { type: 'read_page', target: 'https://acme.example/update', agentId };
const read = await act(readAction, await engine.evaluate(readAction));
const report = await engine.check(String(read.data), { direction: 'output', agentId });
console.log(`read_page: ${read.status}; guardrail: ${describeScreen(report)}`);
console.log(`the model sees: ${JSON.stringify(forTheModel(report))}`);

// 2. Plan: one batch, decided (and audited) in one round trip.
const actions = proposeActions().map((a) => ({ ...a, agentId }));
const decisions = await engine.evaluate(actions);
const count = (approval) => decisions.filter((d) => d.approval === approval).length;
console.log(`plan: ${actions.length} actions, ${count('auto')} auto, ${count('approve')} need approval, ${count('block')} blocked`);

// 3. Execute what the plan allows.
for (const [i, action] of actions.entries()) {
  const decision = decisions[i];
  const result = await act(action, decision);
  const why = result.error ? ` (${result.error})` : '';
  console.log(`${result.status.padEnd(7)} ${action.type} ${action.target} [${decision.approval}, rule ${decision.matchedRule}]${why}`);
}
console.log(`tools that ran: ${executed.join(', ')}`);

// 4. The audit log: verified by the worker, and independently from its JSONL export.
const inWorker = await engine.audit.verify();
const exported = await engine.audit.export();
const independent = await verifyChain(exported);
const entries = await engine.audit.query();
console.log(`audit: ${inWorker.length} entries (${entries.filter((e) => e.event_type === 'policy_decision').length} decisions), chain ${inWorker.valid ? 'valid' : 'BROKEN'}, export ${independent.valid ? 'valid' : 'BROKEN'}`);
await engine.close();
doneAsking();
