// The policy every runtime serves in the cross-runtime server test.
export const POLICY = `version: "1"
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
