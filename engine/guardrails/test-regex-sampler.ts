/**
 * Test helper: random strings that a regular expression (the JavaScript source a rule pack
 * compiles to) may match, drawn from its tree (`regex-ast.ts`). Zero-width parts (lookarounds,
 * word boundaries) produce nothing: the caller runs the real regex on each sample and drops those
 * it does not match. A pack gap (`[^\p{L}\p{N}]{0,4}`, a literal space in the pack dialect)
 * becomes exactly one space, the form trigger literals are written in.
 */
import { seededRandom } from '../probe/random.ts';
import { GAP_CLASS } from './pattern-pack.ts';
import { parseRegex, type RegexNode } from './regex-ast.ts';

const ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789 .,-_:;!?\'"()/\\@#$%&*+=<>[]{}|~`\n\téüñçаяあア中가'];

/** Draws from the project's seeded generator, so a failing sample can be reproduced. */
export function prng(seed: number): () => number {
  return seededRandom(seed).next;
}

export class RegexSampler {
  private readonly root: RegexNode;
  private readonly classMembers = new Map<string, string[]>();
  private readonly alphabet: string[];

  constructor(readonly source: string) {
    this.root = parseRegex(source);
    const extra = [...source].filter((c) => c.codePointAt(0)! > 0x7f);
    this.alphabet = [...new Set([...ALPHABET, ...extra])];
  }

  sample(random: () => number): string {
    return this.emit(this.root, random);
  }

  private emit(node: RegexNode, random: () => number): string {
    switch (node.kind) {
      case 'zero-width':
        return '';
      case 'char':
        return node.text;
      case 'class':
        return this.pick(node.source, random);
      case 'seq':
        return node.items.map((n) => this.emit(n, random)).join('');
      case 'alt':
        return this.emit(node.branches[Math.floor(random() * node.branches.length)]!, random);
      case 'quant': {
        if (node.node.kind === 'class' && node.node.source === GAP_CLASS && node.min <= 1) return ' ';
        const span = Math.min(node.max, node.min + 2) - node.min;
        const count = node.min + Math.floor(random() * (span + 1));
        let out = '';
        for (let k = 0; k < count; k++) out += this.emit(node.node, random);
        return out;
      }
    }
  }

  private pick(source: string, random: () => number): string {
    let members = this.classMembers.get(source);
    if (!members) {
      const test = new RegExp(`^${source}$`, 'u');
      members = this.alphabet.filter((c) => test.test(c));
      this.classMembers.set(source, members);
    }
    return members.length === 0 ? '' : members[Math.floor(random() * members.length)]!;
  }
}
