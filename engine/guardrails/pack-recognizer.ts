/**
 * Runs a compiled rule pack as one recognizer. The scanner's merged trigger index (one
 * automaton pass per view for all packs, `prefilter.ts`) tells which rules may match; only those
 * run their (anchored, linear) regex. Used on its own (no scanner), the pack builds an index of
 * its own. Folded-view rules also run on the de-obfuscated view, where a hit that the plain view
 * did not already have is reported with tier `deobfuscated`.
 */
import type { CompiledPack, CompiledRule } from './pattern-pack.ts';
import { TriggerIndex, type Selection } from './prefilter.ts';
import type { ScanContext } from './scan-context.ts';
import type { Detection, Direction, GuardrailName, Recognizer, Sensitivity } from './types.ts';
import { hasTokenRun } from './normalize/char-scan.ts';
import type { TextView } from './normalize/text-view.ts';

const LEVEL: Record<Sensitivity, number> = { low: 0, medium: 1, high: 2 };
const MAX_MATCHES_PER_RULE = 16;
/**
 * A sticky try costs a call; when a rule's leading literals start more often than once in this
 * many units, one regex pass over the text is cheaper.
 */
const SPARSE = 24;
/** Text kept before and after a range scanned as a slice, for lookbehinds and lookaheads. */
const CONTEXT = 64;
/** From this many sparse starts on, they are narrowed to the rule's trigger windows first. */
const NARROW_STARTS = 4;

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
    const plain = ctx.selection(index);
    let base: CompiledRule[] | undefined;
    let folded: CompiledRule[] | undefined;
    for (const r of plain.rules.get(this.pack) ?? []) {
      if (r.view === 'folded') (folded ??= []).push(r);
      // A base-view rule whose every match holds a long token run (an API key) needs such a run.
      else if (hasTokenRun(ctx.stats, r.minTokenRun)) (base ??= []).push(r);
    }
    // Base-view rules are bounded by where their literals occur in the folded view only when
    // the two views share offsets.
    if (base) this.run(base, ctx.base, ctx.viewsAligned ? plain : undefined, 'pattern', level, direction, out, hitKeys);
    if (folded) this.run(folded, ctx.folded, plain, 'pattern', level, direction, out, hitKeys);
    for (const part of ctx.deobfuscatedParts(index)) {
      const rules = part.selection.rules.get(this.pack);
      if (rules && rules.length > 0) this.run(rules, part.view, part.selection, 'deobfuscated', level, direction, out, hitKeys);
    }
    return out;
  }

  /** `selection` gives the starts of folded-view rules with leading literals (on this view). */
  private run(selected: readonly CompiledRule[], view: TextView, selection: Selection | undefined, tier: 'pattern' | 'deobfuscated', level: number, direction: Direction, out: Detection[], hitKeys: Hits): void {
    const text = view.text;
    for (const rule of selected) {
      if (LEVEL[rule.sensitivity] > level) continue;
      if (rule.directions && !rule.directions.includes(direction)) continue;
      // On the de-obfuscated view a rule only reports what the plain views did not find.
      if (tier === 'deobfuscated' && hitKeys.hasRule(rule.id)) continue;
      let count = 0;
      // One match from `start` to `end`; false stops the rule (enough matches, or the plain
      // views already found it).
      const accept = (start: number, end: number): boolean => {
        if (rule.unless) {
          const around = text.slice(Math.max(0, start - rule.window), Math.min(text.length, end + rule.window));
          if (rule.unless.test(around)) return true;
        }
        const span = view.toOriginal(start, end);
        if (tier === 'deobfuscated' && hitKeys.hasRule(rule.id)) return false;
        if (hitKeys.hasAt(rule.id, span[0])) return true;
        hitKeys.add(rule.id, span[0]);
        out.push({
          guardrail: this.guardrail,
          category: rule.category,
          span,
          score: rule.score,
          recognizer: this.id,
          explanation: { pattern: rule.id, baseScore: rule.score, tier },
        });
        return ++count < MAX_MATCHES_PER_RULE;
      };
      // Where to try the rule: a bounded rule only within `maxLength` units before a trigger
      // occurrence ends (at its leading literals' starts inside those ranges, or the ranges
      // themselves); a rule with sparse starts at those starts (all of them when there are few,
      // or when the rule is unbounded); else one pass over the view.
      const starts = selection?.starts(rule);
      let positions: readonly number[] | null = starts !== undefined && starts.length * SPARSE <= text.length ? starts : null;
      let ranges: readonly number[] | null = null;
      // Several sparse starts are still narrowed: a rule led by common words ("find", "what is")
      // and triggered by a rare phrase tries only the starts near it.
      const windows = positions && positions.length < NARROW_STARTS ? undefined : selection?.windows(rule);
      // No window: no trigger with a requirement near it, so no match (and no regex to compile).
      if (windows !== undefined && windows.length === 0) continue;
      if (windows !== undefined) {
        const inside = starts !== undefined ? startsWithin(starts, windows) : null;
        if (inside !== null) positions = inside.length * SPARSE <= text.length ? inside : null;
        // Slices carry context around each range for the lookarounds: CONTEXT units, or as far as
        // the rule's lookarounds read; one that reads without bound needs the whole view.
        else if (coverage(windows) * 2 <= text.length && rule.lookaround !== Infinity) ranges = windows;
      }
      if (positions !== null || ranges !== null) {
        // Skipping starts inside the previous match gives the matches a left-to-right scan finds
        // (a match `unless` rejects is consumed too).
        const sticky = rule.sticky;
        let consumed = 0;
        const tryAt = (p: number): boolean => {
          sticky.lastIndex = p;
          const m = sticky.exec(text);
          if (m === null || m[0].length === 0) return true;
          consumed = p + m[0].length;
          return accept(p, consumed);
        };
        if (positions !== null) {
          for (const p of positions) if (p >= consumed && !tryAt(p)) break;
          continue;
        }
        // Each range is scanned as a slice of the view with some text around it (so lookarounds
        // see their context), and every hit is confirmed on the whole view. A scan reads on to
        // the end of its slice when nothing matches, so ranges closer than the slice's tail are
        // scanned as one: read separately, that stretch was read twice (no match starts between
        // ranges, so joining them finds the same matches).
        const re = rule.regex;
        const context = Math.max(CONTEXT, rule.lookaround);
        const tail = rule.maxLength + context;
        scan: for (let w = 0; w < ranges!.length; w += 2) {
          const from = Math.max(ranges![w]!, consumed);
          let to = ranges![w + 1]!;
          while (w + 2 < ranges!.length && ranges![w + 2]! < to + tail) {
            w += 2;
            to = ranges![w + 1]!;
          }
          if (from >= to) continue;
          const offset = Math.max(0, from - context);
          const part = text.slice(offset, Math.min(text.length, to + tail));
          re.lastIndex = from - offset;
          let m: RegExpExecArray | null;
          while ((m = re.exec(part)) !== null) {
            if (m[0].length === 0) {
              re.lastIndex++;
              continue;
            }
            const p = offset + m.index;
            if (p >= to) break;
            if (!tryAt(p)) break scan;
            re.lastIndex = Math.max(re.lastIndex, consumed - offset);
          }
        }
        continue;
      }
      const re = rule.regex;
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(text)) !== null) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (!accept(m.index, m.index + m[0].length)) break;
      }
    }
  }
}

/** The starts (increasing) that fall in one of the ranges (flat increasing pairs, ends exclusive). */
function startsWithin(starts: readonly number[], ranges: readonly number[]): number[] {
  const out: number[] = [];
  let w = 0;
  for (const p of starts) {
    while (w < ranges.length && ranges[w + 1]! <= p) w += 2;
    if (w >= ranges.length) break;
    if (p >= ranges[w]!) out.push(p);
  }
  return out;
}

/** How many positions the ranges cover. */
function coverage(ranges: readonly number[]): number {
  let n = 0;
  for (let w = 0; w < ranges.length; w += 2) n += ranges[w + 1]! - ranges[w]!;
  return n;
}

/**
 * The rules that hit and where (the original start of each hit): `id@start` keys and rule ids in
 * one set, as a set of starts per rule when no rule id contains '@' (then the two describe the
 * same thing, without building and hashing a key string for every match).
 */
class Hits {
  // Made on the first hit: most scans of most packs have none.
  private keys: Set<string> | undefined;
  private starts: Map<string, Set<number>> | undefined;

  constructor(private readonly byRule: boolean) {}

  hasRule(id: string): boolean {
    return (this.byRule ? this.starts?.has(id) : this.keys?.has(id)) === true;
  }

  hasAt(id: string, start: number): boolean {
    return this.byRule ? this.starts?.get(id)?.has(start) === true : this.keys?.has(`${id}@${start}`) === true;
  }

  add(id: string, start: number): void {
    if (!this.byRule) {
      const keys = (this.keys ??= new Set());
      keys.add(`${id}@${start}`);
      keys.add(id);
      return;
    }
    const byId = (this.starts ??= new Map());
    let starts = byId.get(id);
    if (!starts) byId.set(id, (starts = new Set()));
    starts.add(start);
  }
}
