// An agent loop governed by Aegis in Node: read a page, screen what came back, plan the
// model's proposed actions, then execute them with a human (or a stand-in) approving.
//
//   node examples/node/agent.mjs          # a scripted stand-in answers approvals
//   node examples/node/agent.mjs --ask    # you answer them on the terminal
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { MemoryAuditSink, Policy, Runtime, confirmApproval, createGuardrails } from 'agent-aegis';
import { createTools, proposeActions } from './tools.mjs';

const policy = Policy.fromYaml(await readFile(new URL('./policy.yaml', import.meta.url), 'utf8'));
const guardrails = createGuardrails();
const audit = new MemoryAuditSink();
const { executor, executed } = createTools();

// Who answers `approval: approve`. Without a handler the runtime denies: nothing runs unasked.
const ask = process.argv.includes('--ask');
const human = confirmApproval(async (question, request) => {
  if (ask) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y/i.test(await rl.question(`${question} [y/N] `));
    } finally {
      rl.close();
    }
  }
  const amount = Number(request.action.params?.amount ?? 0);
  const yes = amount <= 5000; // the stand-in approves anything but large payments
  console.log(`approval? ${question} -> ${yes ? 'yes' : 'no'}`);
  return yes;
});

const runtime = new Runtime({ policy, executor, approval: human, guardrails, audit, agentId: 'node-agent' });

// 1. Read the page, and screen the tool's output before the model sees it.
const read = await runtime.runOne({ type: 'read_page', target: 'https://acme.example/update' });
const report = guardrails.check(String(read.data), { direction: 'output' });
const injections = report.findings.filter((f) => f.guardrail === 'injection');
let pageForModel = report.text;
for (const f of [...injections].sort((a, b) => b.span[0] - a.span[0])) {
  pageForModel = pageForModel.slice(0, f.span[0]) + '[removed by guardrail]' + pageForModel.slice(f.span[1]);
}
console.log(`read_page: ${read.status}; guardrail: ${injections.length ? `FLAGGED injection (${injections.map((f) => f.category).join(', ')})` : 'clean'}`);
console.log(`the model sees: ${JSON.stringify(pageForModel)}`);

// 2. Plan what the model proposes: every action is decided before anything runs.
const plan = runtime.plan(proposeActions());
const s = plan.summary;
console.log(`plan: ${s.total} actions, ${s.auto} auto, ${s.approve} need approval, ${s.block} blocked (highest risk ${s.highestRisk})`);

// 3. Execute. Blocked actions never reach the executor; denied approvals stop the run.
for (const result of await runtime.execute(plan)) {
  const { action, decision } = result;
  const why = result.error ? ` (${result.error})` : '';
  console.log(`${result.status.padEnd(7)} ${action.type} ${action.target} [${decision?.approval}, rule ${decision?.matchedRule}]${why}`);
}

console.log(`tools that ran: ${executed.join(', ')}`);
console.log(`audit: ${audit.entries.length} entries`);
