/**
 * Where each rule sits in the policy text, so a decision's `ruleIndex` can be highlighted in the
 * editor. This is presentation only (the worker decides; we just find lines), done with the same
 * `yaml` parser the engine uses. Rules of several YAML documents are numbered in order, as the
 * engine numbers merged documents.
 */
import { isMap, isSeq, LineCounter, parseAllDocuments } from 'yaml';

/** A rule's extent: 1-based inclusive lines. */
export interface RuleRange {
  index: number;
  name: string | undefined;
  startLine: number;
  endLine: number;
}

export function ruleRanges(text: string): RuleRange[] {
  const lineCounter = new LineCounter();
  const out: RuleRange[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text, { lineCounter });
  } catch {
    return out;
  }
  if (!Array.isArray(docs)) return out;
  for (const doc of docs) {
    if (!isMap(doc.contents)) continue;
    const rules = doc.contents.get('rules', true);
    if (!isSeq(rules)) continue;
    for (const item of rules.items) {
      const range = (item as { range?: [number, number, number] } | null)?.range;
      if (!range) continue;
      const name = isMap(item) ? item.get('name') : undefined;
      // range[1] is the end of the value; step back over the trailing newline so the last line is the rule's own.
      const end = Math.max(range[0], range[1] - 1);
      out.push({
        index: out.length,
        name: name === undefined || name === null ? undefined : String(name),
        startLine: lineCounter.linePos(range[0]).line,
        endLine: lineCounter.linePos(end).line,
      });
    }
  }
  return out;
}
