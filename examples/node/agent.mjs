// An agent loop governed by Aegis in Node, with the Runtime: read a page and screen what came
// back, plan the model's proposed actions, then execute them with a human approving.
//
//   node examples/node/agent.mjs          # a scripted stand-in answers approvals
//   node examples/node/agent.mjs --ask    # you answer them on the terminal
import { readFile } from 'node:fs/promises';
import { MemoryAuditSink, Policy, Runtime, confirmApproval, createGuardrails } from 'agent-aegis';
import { askHuman, createTools, describeScreen, doneAsking, forTheModel, proposeActions } from './tools.mjs';

const policy = Policy.fromYaml(await readFile(new URL('./policy.yaml', import.meta.url), 'utf8'));
const guardrails = createGuardrails();
const audit = new MemoryAuditSink();
const { executor, executed } = createTools();
// Who answers `approval: approve`. Without a handler the runtime denies: nothing runs unasked.
const approval = confirmApproval((question, request) => askHuman(question, request.action));
const runtime = new Runtime({ policy, executor, approval, guardrails, audit, agentId: 'node-agent' });

// 1. Read the page, and screen the tool's output before the model sees it.
const read = await runtime.runOne({ type: 'read_page', target: 'https://acme.example/update' });
const report = guardrails.check(String(read.data), { direction: 'output' });
console.log(`read_page: ${read.status}; guardrail: ${describeScreen(report)}`);
console.log(`the model sees: ${JSON.stringify(forTheModel(report))}`);

// 2. Plan what the model proposes: every action is decided before anything runs.
const plan = runtime.plan(proposeActions());
const s = plan.summary;
console.log(`plan: ${s.total} actions, ${s.auto} auto, ${s.approve} need approval, ${s.block} blocked (highest risk ${s.highestRisk})`);

// 3. Execute. Blocked actions never reach the executor; a denied approval stops the run.
for (const result of await runtime.execute(plan)) {
  const { action, decision } = result;
  const why = result.error ? ` (${result.error})` : '';
  console.log(`${result.status.padEnd(7)} ${action.type} ${action.target} [${decision?.approval}, rule ${decision?.matchedRule}]${why}`);
}

console.log(`tools that ran: ${executed.join(', ')}`);
console.log(`audit: ${audit.entries.length} entries`);
doneAsking();
