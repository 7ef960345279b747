/**
 * Text with the guardrail findings marked in place. Spans are UTF-16 offsets into the original
 * text (DESIGN §3), which is exactly how JavaScript slices strings.
 *
 * Findings nest: a learned-tier finding covers a whole scoring window, and the pattern findings
 * inside it must stay visible. The text is cut at every span boundary; each piece is marked by
 * the narrowest finding covering it (its colour and number), and a piece that lies inside a wider
 * finding as well gets the `in-window` style (a dotted band), so both levels can be read.
 */
import type { GuardrailFinding } from '../engine.ts';

interface Piece {
  start: number;
  end: number;
  /** Indexes of the findings covering this piece, narrowest first. */
  covering: number[];
}

/** Cuts the text at every span boundary and lists, per piece, the findings that cover it. */
export function pieces(length: number, findings: readonly GuardrailFinding[]): Piece[] {
  const clamp = (n: number) => Math.max(0, Math.min(length, n));
  const cuts = new Set<number>([0, length]);
  for (const f of findings) {
    cuts.add(clamp(f.span[0]));
    cuts.add(clamp(f.span[1]));
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const width = (i: number) => findings[i]!.span[1] - findings[i]!.span[0];
  const out: Piece[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const start = bounds[k]!;
    const end = bounds[k + 1]!;
    const covering: number[] = [];
    findings.forEach((f, i) => {
      if (f.span[0] <= start && f.span[1] >= end) covering.push(i);
    });
    covering.sort((a, b) => width(a) - width(b) || a - b);
    out.push({ start, end, covering });
  }
  return out;
}

const describe = (f: GuardrailFinding) => `${f.guardrail} / ${f.category}, score ${f.score.toFixed(2)}, ${f.action}`;

export function HighlightedText({ text, findings }: { text: string; findings: readonly GuardrailFinding[] }) {
  const parts: React.ReactNode[] = [];
  // Each finding's number is shown once, after the last piece it covers.
  const lastPiece = new Map<number, number>();
  const cut = pieces(text.length, findings);
  cut.forEach((p, k) => p.covering.forEach((i) => lastPiece.set(i, k)));
  cut.forEach((p, k) => {
    const slice = text.slice(p.start, p.end);
    if (p.covering.length === 0) {
      parts.push(slice);
      return;
    }
    const inner = findings[p.covering[0]!]!;
    const numbers = p.covering.filter((i) => lastPiece.get(i) === k).sort((a, b) => a - b);
    parts.push(
      <mark
        key={p.start}
        className={`finding finding-${inner.guardrail}${p.covering.length > 1 ? ' in-window' : ''}`}
        title={p.covering.map((i) => `${i + 1}. ${describe(findings[i]!)}`).join('\n')}
      >
        {slice}
        {numbers.length > 0 && <sup>{numbers.map((i) => i + 1).join(',')}</sup>}
      </mark>,
    );
  });
  return <div className="highlighted-text">{parts}</div>;
}
