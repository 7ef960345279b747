/**
 * Text with the guardrail findings marked in place. Spans are UTF-16 offsets into the original
 * text (DESIGN §3), which is exactly how JavaScript slices strings. Overlaps are clipped so each
 * character is marked at most once (the earlier finding wins).
 */
import type { GuardrailFinding } from '../engine.ts';

export function HighlightedText({ text, findings }: { text: string; findings: readonly GuardrailFinding[] }) {
  const ordered = findings.map((f, i) => ({ f, i })).sort((a, b) => a.f.span[0] - b.f.span[0] || b.f.span[1] - a.f.span[1]);
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const { f, i } of ordered) {
    const start = Math.max(f.span[0], at);
    const end = Math.min(f.span[1], text.length);
    if (end <= start) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(
      <mark key={i} className={`finding finding-${f.guardrail}`} title={`${f.guardrail} / ${f.category}, score ${f.score.toFixed(2)}, ${f.action}`}>
        {text.slice(start, end)}
        <sup>{i + 1}</sup>
      </mark>,
    );
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <div className="highlighted-text">{parts}</div>;
}
