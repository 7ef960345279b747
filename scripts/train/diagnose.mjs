// Diagnostics for tuning: which negative group sets each head's threshold, and what recall of the
// head's own positives each group's threshold alone would allow.
import { BUDGETS, TARGETS } from './calibrate.mjs';

function auc(pos, neg) {
  const all = [...pos.map((z) => [z, 1]), ...neg.map((z) => [z, 0])].sort((a, b) => a[0] - b[0]);
  let rank = 0;
  let sumPos = 0;
  all.forEach(([, y], i) => {
    rank = i + 1;
    if (y) sumPos += rank;
  });
  return (sumPos - (pos.length * (pos.length + 1)) / 2) / (pos.length * neg.length);
}

export function diagnose(head, rows, roles, logits) {
  const pos = [];
  const neg = [];
  roles.forEach((role, i) => role && (role.y ? pos : neg).push(logits[i]));
  console.log(`\n[${head}] AUC ${auc(pos, neg).toFixed(4)} (positives ${pos.length}, negatives ${neg.length})`);
  const spec = TARGETS[head];
  // Per negative group: the recall of this head's own positives at the group's medium budget
  // (the head alone, ignoring the pattern tier and the other heads), and above all its rows.
  for (const [name, group] of Object.entries(spec.groups)) {
    const negatives = rows.map((r, i) => (group.test(r) ? logits[i] : null)).filter((z) => z !== null).sort((a, b) => b - a);
    if (negatives.length === 0) continue;
    const alpha = group.budget ? BUDGETS[group.budget].medium : group.targets[1][0];
    const t = negatives[Math.min(negatives.length - 1, Math.floor(alpha * negatives.length))];
    const recall = (at) => (pos.filter((z) => z > at).length / pos.length).toFixed(3);
    console.log(`  ${name.padEnd(20)} n=${String(negatives.length).padEnd(6)} at ${(alpha * 100).toFixed(1)}%: threshold ${t.toFixed(3)} → recall ${recall(t)}; above every row: ${recall(negatives[0])}`);
  }
}
