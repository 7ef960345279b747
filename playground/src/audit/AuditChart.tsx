/**
 * Two small charts of the audit log in plain SVG: decisions over time (stacked by outcome) and
 * the distribution of risk levels. Colours come from the theme's CSS variables.
 */
import type { AuditEntry } from '../engine.ts';

const OUTCOMES = ['allowed', 'escalated', 'masked', 'warned', 'blocked'] as const;
const RISKS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const BUCKETS = 12;

function outcomeOf(entry: AuditEntry): string {
  return entry.decision?.outcome ?? 'unknown';
}

export function DecisionsOverTime({ entries }: { entries: readonly AuditEntry[] }) {
  const width = 320;
  const height = 120;
  const times = entries.map((e) => Date.parse(e.timestamp)).filter(Number.isFinite);
  if (!times.length) return null;
  const first = Math.min(...times);
  const last = Math.max(...times);
  const span = Math.max(last - first, 1);
  const buckets = Array.from({ length: BUCKETS }, () => new Map<string, number>());
  for (const entry of entries) {
    const t = Date.parse(entry.timestamp);
    if (!Number.isFinite(t)) continue;
    const b = Math.min(BUCKETS - 1, Math.floor(((t - first) / span) * BUCKETS));
    buckets[b]!.set(outcomeOf(entry), (buckets[b]!.get(outcomeOf(entry)) ?? 0) + 1);
  }
  const tallest = Math.max(1, ...buckets.map((m) => [...m.values()].reduce((a, b) => a + b, 0)));
  const barWidth = width / BUCKETS;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height + 16}`} role="img" aria-label={`decisions over time, ${entries.length} entries`}>
        {buckets.map((counts, b) => {
          let y = height;
          return OUTCOMES.map((outcome) => {
            const n = counts.get(outcome) ?? 0;
            if (!n) return null;
            const h = (n / tallest) * (height - 4);
            y -= h;
            return <rect key={`${b}-${outcome}`} x={b * barWidth + 2} y={y} width={barWidth - 4} height={h} className={`fill-${outcome}`}><title>{`${n} ${outcome}`}</title></rect>;
          });
        })}
        <line x1={0} y1={height} x2={width} y2={height} className="axis" />
        <text x={0} y={height + 13} className="chart-label">{new Date(first).toLocaleTimeString()}</text>
        <text x={width} y={height + 13} className="chart-label" textAnchor="end">{new Date(last).toLocaleTimeString()}</text>
      </svg>
      <figcaption>
        Decisions over time:{' '}
        {OUTCOMES.map((o) => <span key={o} className="legend"><span className={`swatch fill-${o}`} />{o}</span>)}
      </figcaption>
    </figure>
  );
}

export function RiskDistribution({ entries }: { entries: readonly AuditEntry[] }) {
  const counts = RISKS.map((r) => entries.filter((e) => e.decision?.risk_level?.toUpperCase() === r).length);
  const most = Math.max(1, ...counts);
  const width = 320;
  const row = 22;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${row * RISKS.length}`} role="img" aria-label="risk distribution">
        {RISKS.map((risk, i) => (
          <g key={risk} transform={`translate(0 ${i * row})`}>
            <text x={0} y={15} className="chart-label">{risk.toLowerCase()}</text>
            <rect x={70} y={4} width={Math.max(1, ((width - 110) * counts[i]!) / most)} height={row - 8} className={`fill-risk-${risk.toLowerCase()}`} />
            <text x={width - 4} y={15} className="chart-label" textAnchor="end">{counts[i]}</text>
          </g>
        ))}
      </svg>
      <figcaption>Risk levels of decided actions</figcaption>
    </figure>
  );
}
