/**
 * Aho-Corasick automaton over UTF-16 units: one pass over the text reports which literal
 * triggers occur. Pattern packs use it as their prefilter, so a rule's regex runs only when one
 * of its trigger literals is present (the "combined literal scan selects anchored verifiers"
 * design). Linear in the text length whatever the number of literals.
 */

export class LiteralAutomaton {
  private readonly ascii: Int32Array[] = [];
  private readonly other: (Map<number, number> | undefined)[] = [];
  private readonly fail: number[] = [];
  /** Literal ids ending at each state (including those reached through failure links). */
  private readonly out: number[][] = [];

  constructor(literals: readonly string[]) {
    this.newState();
    literals.forEach((lit, id) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        let next = this.goto(s, c);
        if (next < 0) {
          next = this.newState();
          this.setGoto(s, c, next);
        }
        s = next;
      }
      this.out[s]!.push(id);
    });
    this.buildFailureLinks();
  }

  private newState(): number {
    this.ascii.push(new Int32Array(128).fill(-1));
    this.other.push(undefined);
    this.fail.push(0);
    this.out.push([]);
    return this.ascii.length - 1;
  }

  private goto(s: number, c: number): number {
    if (c < 128) return this.ascii[s]![c]!;
    return this.other[s]?.get(c) ?? -1;
  }

  private setGoto(s: number, c: number, t: number): void {
    if (c < 128) this.ascii[s]![c] = t;
    else {
      let m = this.other[s];
      if (!m) this.other[s] = m = new Map();
      m.set(c, t);
    }
  }

  private children(s: number): [number, number][] {
    const kids: [number, number][] = [];
    const a = this.ascii[s]!;
    for (let c = 0; c < 128; c++) if (a[c]! >= 0) kids.push([c, a[c]!]);
    const m = this.other[s];
    if (m) for (const [c, t] of m) kids.push([c, t]);
    return kids;
  }

  private buildFailureLinks(): void {
    const queue: number[] = [];
    for (const [, t] of this.children(0)) {
      this.fail[t] = 0;
      queue.push(t);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [c, t] of this.children(s)) {
        let f = this.fail[s]!;
        while (f > 0 && this.goto(f, c) < 0) f = this.fail[f]!;
        const g = this.goto(f, c);
        this.fail[t] = g >= 0 && g !== t ? g : 0;
        this.out[t]!.push(...this.out[this.fail[t]!]!);
        queue.push(t);
      }
    }
  }

  /** Ids of the literals that occur in `text` (each at most once). */
  findAll(text: string, found: Set<number> = new Set()): Set<number> {
    let s = 0;
    const ascii = this.ascii;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      for (;;) {
        const next = c < 128 ? ascii[s]![c]! : (this.other[s]?.get(c) ?? -1);
        if (next >= 0) {
          s = next;
          break;
        }
        if (s === 0) break;
        s = this.fail[s]!;
      }
      const o = this.out[s]!;
      for (let k = 0; k < o.length; k++) found.add(o[k]!);
    }
    return found;
  }
}
