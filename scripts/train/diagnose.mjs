// Diagnostics for tuning: which negative group sets each head's threshold, and what recall of the
// head's own positives each group's threshold alone would allow.
import { TARGETS } from './calibrate.mjs';

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
  for (const [group, test] of Object.entries(spec.groups)) {
    const negatives = rows.map((r, i) => (test(r) ? logits[i] : null)).filter((z) => z !== null).sort((a, b) => b - a);
    const alpha = spec.levels.medium[group][0];
    const t = negatives[Math.min(negatives.length - 1, Math.floor(alpha * negatives.length))];
    const recall = pos.filter((z) => z > t).length / pos.length;
    console.log(`  ${group.padEnd(20)} n=${String(negatives.length).padEnd(6)} threshold ${t?.toFixed(3)} → recall ${recall.toFixed(3)}`);
  }
}
