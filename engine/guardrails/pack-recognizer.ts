/**
 * Runs a compiled rule pack as one recognizer. The scanner's merged trigger index (one
 * automaton pass per view for all packs, `prefilter.ts`) tells which rules may match; only those
 * run their (anchored, linear) regex. Used on its own (no scanner), the pack builds an index of
 * its own. Folded-view rules also run on the de-obfuscated view, where a hit that the plain view
 * did not already have is reported with tier `deobfuscated`.
 */
import type { CompiledPack, CompiledRule } from './pattern-pack.ts';
import { TriggerIndex } from './prefilter.ts';
import type { ScanContext } from './scan-context.ts';
import type { Detection, Direction, GuardrailName, Recognizer, Sensitivity } from './types.ts';
import type { TextView } from './normalize/text-view.ts';

const LEVEL: Record<Sensitivity, number> = { low: 0, medium: 1, high: 2 };
const MAX_MATCHES_PER_RULE = 16;

export class PackRecognizer implements Recognizer {
  readonly id: string;
  readonly guardrail: GuardrailName;
  readonly categories: readonly string[];
  readonly scansDecoded = true;
  readonly directions?: readonly Direction[];
  private ownIndex: TriggerIndex | undefined;
  /** No rule id contains '@', so `id@start` keys cannot collide with ids or with each other. */
  private readonly idsWithoutAt: boolean;

  constructor(readonly pack: CompiledPack, options: { directions?: Direction[] } = {}) {
    this.id = `pack:${pack.id}`;
    this.guardrail = pack.guardrail;
    this.categories = [...new Set(pack.rules.map((r) => r.category))];
    if (options.directions) this.directions = options.directions;
    this.idsWithoutAt = pack.rules.every((r) => !r.id.includes('@'));
  }

  scan(ctx: ScanContext): Detection[] {
    const level = LEVEL[ctx.options.sensitivity[this.guardrail]];
    const direction = ctx.options.direction;
    const out: Detection[] = [];
    const hitKeys = new Hits(this.idsWithoutAt);
    const shared = ctx.triggerIndex;
    const index = shared?.covers(this.pack) ? shared : (this.ownIndex ??= new TriggerIndex([this.pack]));
    const plain = ctx.selection(index, 'plain')?.get(this.pack) ?? [];
    let base: CompiledRule[] | undefined;
    let folded: CompiledRule[] | undefined;
    for (const r of plain) {
      if (r.view === 'base') (base ??= []).push(r);
      else (folded ??= []).push(r);
    }
    if (base) this.run(base, ctx.base, 'pattern', level, direction, out, hitKeys);
    if (folded) this.run(folded, ctx.folded, 'pattern', level, direction, out, hitKeys);
    const deob = ctx.selection(index, 'deobfuscated')?.get(this.pack);
    if (deob && deob.length > 0) this.run(deob, ctx.deobfuscated!, 'deobfuscated', level, direction, out, hitKeys);
    return out;
  }

  private run(selected: readonly CompiledRule[], view: TextView, tier: 'pattern' | 'deobfuscated', level: number, direction: Direction, out: Detection[], hitKeys: Hits): void {
    for (const rule of selected) {
      if (LEVEL[rule.sensitivity] > level) continue;
      if (rule.directions && !rule.directions.includes(direction)) continue;
      // On the de-obfuscated view a rule only reports what the plain views did not find.
      if (tier === 'deobfuscated' && hitKeys.hasRule(rule.id)) continue;
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
        if (tier === 'deobfuscated' && hitKeys.hasRule(rule.id)) break;
        if (hitKeys.hasAt(rule.id, span[0])) continue;
        hitKeys.add(rule.id, span[0]);
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

/**
 * The rules that hit and where (the original start of each hit): `id@start` keys and rule ids in
 * one set, as a set of starts per rule when no rule id contains '@' (then the two describe the
 * same thing, without building and hashing a key string for every match).
 */
class Hits {
  private readonly keys = new Set<string>();
  private readonly starts = new Map<string, Set<number>>();

  constructor(private readonly byRule: boolean) {}

  hasRule(id: string): boolean {
    return this.byRule ? this.starts.has(id) : this.keys.has(id);
  }

  hasAt(id: string, start: number): boolean {
    return this.byRule ? this.starts.get(id)?.has(start) === true : this.keys.has(`${id}@${start}`);
  }

  add(id: string, start: number): void {
    if (!this.byRule) {
      this.keys.add(`${id}@${start}`);
      this.keys.add(id);
      return;
    }
    let starts = this.starts.get(id);
    if (!starts) this.starts.set(id, (starts = new Set()));
    starts.add(start);
  }
}
