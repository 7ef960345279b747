/** The policy shown on a first visit: small, and touching each kind of rule the playground explains. */
export const DEFAULT_POLICY = `# Aegis policy: the first matching rule decides; otherwise the defaults apply.
version: "1"
defaults:
  risk_level: medium
  approval: block
rules:
  - name: read_auto
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: delete_block
    match: { type: "delete*" }
    risk_level: critical
    approval: block
  - name: big_payments_need_a_human
    match: { type: "pay*" }
    conditions:
      param_gt: { amount: 10000 }
    risk_level: high
    approval: approve
  - name: small_payments_auto
    match: { type: "pay*" }
    risk_level: medium
    approval: auto
`;
