/**
 * Runs a compiled rule pack as one recognizer. One automaton pass per view finds the trigger
 * literals present; only the rules they select run their (anchored, linear) regex. Folded-view
 * rules also run on the de-obfuscated view, where a hit that the plain view did not already
 * have is reported with tier `deobfuscated`.
 */
import { LiteralAutomaton } from './literal-automaton.ts';
import type { CompiledPack, CompiledRule } from './pattern-pack.ts';
import type { ScanContext } from './scan-context.ts';
import type { Detection, Direction, GuardrailName, Recognizer, Sensitivity } from './types.ts';
import type { TextView } from './normalize/text-view.ts';

const LEVEL: Record<Sensitivity, number> = { low: 0, medium: 1, high: 2 };
const MAX_MATCHES_PER_RULE = 16;

interface ViewIndex {
  automaton: LiteralAutomaton;
  /** For each literal id, the rules it selects. */
  rulesOf: CompiledRule[][];
  always: CompiledRule[];
}

function indexRules(rules: CompiledRule[]): ViewIndex {
  const literals: string[] = [];
  const idOf = new Map<string, number>();
  const rulesOf: CompiledRule[][] = [];
  const always: CompiledRule[] = [];
  for (const rule of rules) {
    if (rule.alwaysRun) always.push(rule);
    for (const t of rule.triggers) {
      let id = idOf.get(t);
      if (id === undefined) {
        id = literals.length;
        idOf.set(t, id);
        literals.push(t);
        rulesOf.push([]);
      }
      rulesOf[id]!.push(rule);
    }
  }
  return { automaton: new LiteralAutomaton(literals), rulesOf, always };
}

export class PackRecognizer implements Recognizer {
  readonly id: string;
  readonly guardrail: GuardrailName;
  readonly categories: readonly string[];
  readonly scansDecoded = true;
  readonly directions?: readonly Direction[];
  private readonly folded: ViewIndex;
  private readonly base: ViewIndex;

  constructor(readonly pack: CompiledPack, options: { directions?: Direction[] } = {}) {
    this.id = `pack:${pack.id}`;
    this.guardrail = pack.guardrail;
    this.categories = [...new Set(pack.rules.map((r) => r.category))];
    if (options.directions) this.directions = options.directions;
    this.folded = indexRules(pack.rules.filter((r) => r.view === 'folded'));
    this.base = indexRules(pack.rules.filter((r) => r.view === 'base'));
  }

  scan(ctx: ScanContext): Detection[] {
    const level = LEVEL[ctx.options.sensitivity[this.guardrail]];
    const direction = ctx.options.direction;
    const out: Detection[] = [];
    const hitKeys = new Set<string>();
    this.run(this.base, ctx.base, 'pattern', level, direction, out, hitKeys);
    this.run(this.folded, ctx.folded, 'pattern', level, direction, out, hitKeys);
    const deob = ctx.deobfuscated;
    if (deob) this.run(this.folded, deob, 'deobfuscated', level, direction, out, hitKeys);
    return out;
  }

  private run(index: ViewIndex, view: TextView, tier: 'pattern' | 'deobfuscated', level: number, direction: Direction, out: Detection[], hitKeys: Set<string>): void {
    if (index.rulesOf.length === 0 && index.always.length === 0) return;
    const selected = new Set<CompiledRule>(index.always);
    for (const id of index.automaton.findAll(view.text)) for (const r of index.rulesOf[id]!) selected.add(r);
    for (const rule of selected) {
      if (LEVEL[rule.sensitivity] > level) continue;
      if (rule.directions && !rule.directions.includes(direction)) continue;
      const re = rule.regex;
      re.lastIndex = 0;
      let count = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(view.text)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const start = m.index;
        const end = start + m[0].length;
        if (rule.unless) {
          const around = view.text.slice(Math.max(0, start - rule.window), Math.min(view.text.length, end + rule.window));
          if (rule.unless.test(around)) continue;
        }
        const span = view.toOriginal(start, end);
        const key = `${rule.id}@${span[0]}`;
        if (tier === 'deobfuscated' && hitKeys.has(rule.id)) break;
        if (hitKeys.has(key)) continue;
        hitKeys.add(key);
        hitKeys.add(rule.id);
        out.push({
          guardrail: this.guardrail,
          category: rule.category,
          span,
          score: rule.score,
          recognizer: this.id,
          explanation: { pattern: rule.id, baseScore: rule.score, tier },
        });
        if (++count >= MAX_MATCHES_PER_RULE) break;
      }
    }
  }
}
