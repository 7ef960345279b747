// Human-readable summary of an eval run: per file, the rate at which the guardrail that its
// suite measures fired on positives (TPR) and on negatives (FPR), and per language.
const GUARD_OF_SUITE = {
  injection: 'injection', injection_hard_negatives: 'injection', indirect_injection: 'injection',
  indirect_injection_payloads: 'injection', safety_mixed: 'injection', harmful_requests: 'toxicity',
  toxicity: 'toxicity', secrets: 'pii', pii_spans: 'pii', prompt_leak_output: 'prompt_leak',
};

const pct = (a, n) => (n === 0 ? '   -  ' : `${((100 * a) / n).toFixed(1).padStart(5)}%`);

export function summarize(records) {
  const files = new Map();
  const langs = new Map();
  for (const r of records) {
    const blocking = r.fired.injection || r.fired.toxicity;
    const g = GUARD_OF_SUITE[r.suite];
    const hit = g ? r.fired[g] : blocking;
    const f = files.get(r.file) ?? { suite: r.suite, guard: g ?? 'any_block', pos: 0, tp: 0, neg: 0, fp: 0 };
    if (r.label) { f.pos++; if (hit) f.tp++; } else { f.neg++; if (hit) f.fp++; }
    files.set(r.file, f);
    const key = `${g ?? 'any_block'}:${r.lang}`;
    const l = langs.get(key) ?? { pos: 0, tp: 0, neg: 0, fp: 0 };
    if (r.label) { l.pos++; if (hit) l.tp++; } else { l.neg++; if (hit) l.fp++; }
    langs.set(key, l);
  }
  return { files, langs };
}

export function formatSummary({ files, langs }) {
  const lines = ['file                                                      suite                        guard        TPR (n)          FPR (n)'];
  for (const [file, f] of files) {
    lines.push(`${file.slice(0, 57).padEnd(58)}${f.suite.padEnd(29)}${f.guard.padEnd(12)} ${pct(f.tp, f.pos)} (${String(f.pos).padStart(4)})   ${pct(f.fp, f.neg)} (${String(f.neg).padStart(4)})`);
  }
  lines.push('', 'guard:language      TPR (n)          FPR (n)');
  for (const [key, l] of [...langs].sort()) {
    lines.push(`${key.padEnd(20)}${pct(l.tp, l.pos)} (${String(l.pos).padStart(4)})   ${pct(l.fp, l.neg)} (${String(l.neg).padStart(4)})`);
  }
  return lines.join('\n');
}
