/**
 * Raw key material: a base64 run (44+ characters, mixed case) pasted or logged without its
 * BEGIN/END lines. Three grades:
 *
 * - `structural` (0.9): the bytes say "unencrypted private key" — a DER private-key header
 *   (PKCS#1, PKCS#8, SEC1), `openssh-key-v1` with cipher `none`, or an RSA public exponent
 *   followed by the private exponent. Any length up to 4096 characters.
 * - `bare` (0.6): up to 100 characters of random-looking base64 (entropy ≥ 4.5 bits per
 *   character) with no structure either way — the middle line of a key looks like this. It fires
 *   at the default sensitivity: a private key's lines are worth masking on their own.
 * - `weak` (0.5, logged, not masked at the default sensitivity): a bare run of exactly 76
 *   characters, the MIME line width (RFC 2045) of encoded files and mail attachments. PEM wraps
 *   at 64 (RFC 7468) and OpenSSH at 70, so without structure such a line is more likely a file.
 *
 * Never key material: encrypted keys (PKCS#8 EncryptedPrivateKeyInfo, OpenSSH with a cipher, a
 * text that carries `Proc-Type: 4,ENCRYPTED`/`DEK-Info:`/`BEGIN ENCRYPTED PRIVATE KEY`, OpenSSL
 * `Salted__` data); public material (certificates, SubjectPublicKeyInfo, SSH public keys, lines
 * inside a PEM block whose label names no private key); base64 of readable text or of a known
 * file format; paths (`skills/CORE/Trends/`, `js/hasOwn/commit/fdab00e2…`) and unstructured runs
 * inside a URL; digests labelled `sha256-`/`sha384-`/`sha512-`/`sha256:` (Subresource Integrity,
 * lock files); runs that repeat an 8-character chunk, hold a placeholder word or a sequential run
 * (`abcdef`, `123456`); lines next to "not a real key", "fake", "dummy" or "placeholder".
 */
import { MAX_RUNS } from '../../normalize/char-scan.ts';
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import type { ScanContext } from '../../scan-context.ts';
import type { Detection } from '../../types.ts';
import {
  base64OfFile,
  base64OfText,
  decodeAlignments,
  ENCRYPTED_KEY_MARKERS,
  hasRepeatedChunk,
  keyStructure,
  looksLikePath,
  looksLikePlaceholder,
  publicPemRanges,
  shannonEntropy,
} from './secret-shape.ts';

export type KeyMaterialGrade = 'structural' | 'bare' | 'weak';

const GRADE_SCORE: Record<KeyMaterialGrade, number> = { structural: 0.9, bare: 0.6, weak: 0.5 };
const MIME_WIDTH = 76;
const MAX_BARE = 100;
const DISCLAIMER = /\bnot\s+a\s+real\b|\bfake\b|\bdummy\b|\bplaceholder\b/i;
// A digest labelled with its algorithm (Subresource Integrity `sha384-…`, lock files' `sha512-…`,
// `sha256:…`): a hash, not a key.
const DIGEST_LABEL = /(?:sha-?(?:1|224|256|384|512)|md5)[-:=]$/i;

const MIN_KEY_LINE = 40;
const KEY_LINE = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,4096}={0,2}(?![A-Za-z0-9+/=])/g;

/**
 * Where a key line can start: its 40+ base64 characters lie inside one token run of the text
 * (`[A-Za-z0-9+/_-]`, see `char-scan.ts`) at the run's start or right after a `_`/`-` in it.
 * Null (scan every position) when the text had more runs than the scan records.
 */
function keyLineStarts(text: string, ctx: ScanContext): number[] | null {
  const runs = ctx.stats.runs;
  if (runs.length >= MAX_RUNS) return null;
  const starts: number[] = [];
  for (const run of runs) {
    if (run.end - run.start < MIN_KEY_LINE) continue;
    starts.push(run.start);
    if (run.dashes === 0) continue;
    for (let i = run.start; i < run.end - MIN_KEY_LINE; i++) {
      const c = text.charCodeAt(i);
      if (c === 45 || c === 95) starts.push(i + 1);
    }
  }
  return starts;
}

/** What the whole text says, computed once per text (a text may hold thousands of key lines). */
interface TextFacts {
  encrypted: boolean;
  publicBlocks: [number, number][];
}
let factsFor: string | undefined;
let facts: TextFacts = { encrypted: false, publicBlocks: [] };
function textFacts(text: string): TextFacts {
  if (factsFor !== text) {
    facts = { encrypted: ENCRYPTED_KEY_MARKERS.test(text), publicBlocks: text.includes('-----BEGIN ') ? publicPemRanges(text) : [] };
    factsFor = text;
  }
  return facts;
}

/**
 * Whether the run sits in a URL (`https://docs.example.com/d/1U1RGAehQw…`, a wiki path, a
 * tracking query): its token, back to the last space, quote or bracket, holds `://`.
 */
function insideUrl(text: string, start: number): boolean {
  for (let i = start - 1; i >= 0 && i >= start - 2_048; i--) {
    const c = text.charCodeAt(i);
    // space, tab, newline, quotes, brackets, angle brackets, backtick
    if (c <= 32 || c === 34 || c === 39 || c === 40 || c === 60 || c === 91 || c === 96) return false;
    if (c === 47 && text.charCodeAt(i - 1) === 47 && text.charCodeAt(i - 2) === 58) return true;
  }
  return false;
}

/** The grade of a base64 run found at [start, end) of `text`, or undefined when it is not key material. */
export function gradeKeyMaterial(value: string, text: string, start: number, end: number): KeyMaterialGrade | undefined {
  const core = value.replace(/=+$/, '');
  if (core.length < 44 || !/[a-z]/.test(core) || !/[A-Z]/.test(core)) return undefined;
  const aligned = decodeAlignments(core);
  const structure = keyStructure(core, aligned);
  if (structure === 'encrypted' || structure === 'public') return undefined;
  // Without structure, only a short random run can be a key line: check the cheap things first.
  if (structure !== 'plain' && (core.length > MAX_BARE || shannonEntropy(core) < 4.5)) return undefined;
  const { encrypted, publicBlocks } = textFacts(text);
  if (encrypted || publicBlocks.some(([a, b]) => start > a && start < b)) return undefined;
  if (base64OfText(core, aligned) || base64OfFile(core, aligned[0]) || looksLikePath(core)) return undefined;
  if (looksLikePlaceholder(core) || hasRepeatedChunk(core)) return undefined;
  if (DISCLAIMER.test(text.slice(Math.max(0, start - 80), Math.min(text.length, end + 80)))) return undefined;
  if (DIGEST_LABEL.test(text.slice(Math.max(0, start - 8), start))) return undefined;
  if (structure !== 'plain' && insideUrl(text, start)) return undefined;
  if (structure === 'plain') return 'structural';
  return value.length === MIME_WIDTH ? 'weak' : 'bare';
}

/**
 * The validator records each surviving match's grade in order; `scan` then gives every
 * detection its grade's score (one detection per surviving match: no context words here).
 */
class KeyMaterialRecognizer extends PatternRecognizer {
  constructor(private readonly grades: KeyMaterialGrade[]) {
    super({
      id: 'pii.key_material',
      category: 'private_key',
      // Only texts with a long mixed-case token run can hold a key line (past the recorded
      // runs, any text may).
      prefilter: (_t, ctx) => ctx.stats.runs.length >= MAX_RUNS || ctx.stats.runs.some((r) => r.end - r.start >= MIN_KEY_LINE && r.upper > 0 && r.lower > 0),
      patterns: [{ name: 'base64-key-line', regex: KEY_LINE, score: 0.6, starts: keyLineStarts }],
      validate: (value, text, start, end) => {
        const grade = gradeKeyMaterial(value, text, start, end);
        if (!grade) return 'invalid';
        grades.push(grade);
        return undefined;
      },
    });
  }

  override scan(ctx: ScanContext): Detection[] {
    this.grades.length = 0;
    const found = super.scan(ctx);
    const out = found.map((d, i) => {
      const grade = this.grades[i] ?? 'bare';
      const score = GRADE_SCORE[grade];
      return { ...d, score, explanation: { ...d.explanation, pattern: `key-material-${grade}`, baseScore: score } };
    });
    this.grades.length = 0;
    factsFor = undefined; // do not keep the text alive after the scan
    return out;
  }
}

export function keyMaterialRecognizer(): PatternRecognizer {
  return new KeyMaterialRecognizer([]);
}
