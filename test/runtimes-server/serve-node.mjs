// The same app on Node through the CLI's node:http adapter (built JS from dist/).
import { createApp } from '../../dist/engine/server/index.js';
import { serve } from '../../dist/cli/node-server.js';

const POLICY = `version: "1"
defaults: { risk_level: medium, approval: block }
rules:
  - name: reads
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: no_deletes
    match: { type: "delete*" }
    risk_level: critical
    approval: block
`;
const app = createApp({ policy: POLICY, apiKey: 'runtime-key', approval: 'auto', guardrails: false });
const running = await serve(app, { port: 0, host: '127.0.0.1' });
console.log(`listening ${running.url}`);
