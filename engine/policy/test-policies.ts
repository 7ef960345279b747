/**
 * Small policies shared by tests and test harnesses (no public export): reads are allowed,
 * deletes are blocked, anything else falls to a blocking default.
 */
export const READS_AND_NO_DELETES = `version: "1"
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
