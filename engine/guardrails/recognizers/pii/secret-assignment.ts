/**
 * Secrets written as assignments or options: `password=…`, `PWD: …`, `--password …`,
 * `api_key = "…"`, `IDENTIFIED BY '…'`. The span is the value only, so masking keeps the key
 * name. Values that are placeholders, references to variables, or plain words are ignored.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

const KEYWORDS = /passw|passphrase|pwd|pw\b|pass\b|secret|token|api.?key|access.?key|private.?key|credential|identified|auth/i;
const PLACEHOLDER = /^(?:null|none|nil|true|false|undefined|password|passwd|secret|changeme|example|sample|test|dummy|string|value|your[_\-]|xxx|\*{3}|<|\$|\{|%|os\.|env|process\.|getenv|config|settings|self\.|this\.|required|optional|hidden)/i;

function entropyClasses(v: string): number {
  let classes = 0;
  if (/[a-z]/.test(v)) classes++;
  if (/[A-Z]/.test(v)) classes++;
  if (/\d/.test(v)) classes++;
  if (/[^A-Za-z0-9]/.test(v)) classes++;
  return classes;
}

export function secretAssignmentRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.secret_assignment',
    category: 'password',
    prefilter: (t) => KEYWORDS.test(t),
    patterns: [{
      name: 'key-value',
      regex: /(?<![A-Za-z0-9])[A-Za-z0-9_.\-]{0,30}?(?:passwords?|passwd|passphrase|pwd|pw|pass|secret|token|api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|private[_\-]?key|client[_\-]?secret|credentials?|identified by)["']?[ \t]{0,3}(?:[:=]|=>|:=|[ \t])[ \t]{0,3}["']?([^\s"'`,;()<>\[\]{}]{6,200})/gi,
      score: 0.7,
      group: 1,
    }],
    validate: (value) => {
      if (PLACEHOLDER.test(value) || /^(.)\1+$/.test(value)) return 'invalid';
      if (entropyClasses(value) < 2 && value.length < 20) return 'invalid';
      if (/^[a-z]+(?:[_\-][a-z]+)*$/.test(value)) return 'invalid';
      return undefined;
    },
  });
}
