/**
 * The scanner: normalize once, run every applicable recognizer, then decode every encoded
 * segment (base64, hex, escapes, URL, ROT13) and rescan what it hides, up to three levels
 * deep. Nested detections keep their own category and carry the decoder chain; their span is
 * the encoded segment in the original text. A recognizer that throws produces a blocking
 * `scan_error` detection: the scan fails closed.
 */
import { findEncodedSegments } from './decode/decoders.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import type { CompiledPack } from './pattern-pack.ts';
import { TriggerIndex } from './prefilter.ts';
import type { RecognizerRegistry } from './registry.ts';
import { ScanContext, type ScanOptions } from './scan-context.ts';
import type { Detection, GuardrailName, Recognizer } from './types.ts';

export const MAX_DECODE_DEPTH = 3;

export interface ScanRequest {
  registry: RecognizerRegistry;
  enabled: ReadonlySet<GuardrailName>;
  patternTierOnly: boolean;
  options: ScanOptions;
}

function applicable(r: Recognizer, req: ScanRequest, decodedOnly: boolean): boolean {
  if (!req.enabled.has(r.guardrail)) return false;
  if (req.patternTierOnly && r.tier === 'learned') return false;
  if (r.directions && !r.directions.includes(req.options.direction)) return false;
  if (decodedOnly && !r.scansDecoded) return false;
  return true;
}

interface CachedIndex {
  packs: CompiledPack[];
  index: TriggerIndex;
}

/**
 * Merged indices by their first pack, shared by every registry over the same packs: each
 * `createGuardrails()` builds a registry of its own over the same built-in packs, and their
 * automaton takes ~40 ms to build. Sharing is safe: `select` keeps no state between calls.
 */
const indexByPacks = new WeakMap<CompiledPack, CachedIndex[]>();
const MAX_INDICES_PER_FIRST_PACK = 8;
let emptyIndex: TriggerIndex | undefined;

const samePacks = (a: readonly CompiledPack[], b: readonly CompiledPack[]): boolean =>
  a.length === b.length && a.every((p, i) => p === b[i]);

/** One merged trigger index for the packs taking part (built once per set of packs). */
function mergedIndex(recognizers: readonly Recognizer[]): TriggerIndex {
  const packs: CompiledPack[] = [];
  for (const r of recognizers) if (r instanceof PackRecognizer) packs.push(r.pack);
  const first = packs[0];
  if (!first) return (emptyIndex ??= new TriggerIndex([]));
  const list = indexByPacks.get(first) ?? [];
  let entry = list.find((c) => samePacks(c.packs, packs));
  if (!entry) {
    entry = { packs, index: new TriggerIndex(packs) };
    if (list.length >= MAX_INDICES_PER_FIRST_PACK) list.shift();
    list.push(entry);
    indexByPacks.set(first, list);
  }
  return entry.index;
}

export function scanText(text: string, req: ScanRequest): Detection[] {
  return scanLevel(text, req, new Map());
}

/** The recognizers that apply to a request, with their merged trigger index. */
interface Plan {
  recognizers: readonly Recognizer[];
  index: TriggerIndex;
}

/**
 * Plans by the request's `enabled` set (one per guardrails instance), for the registry list they
 * were made from; within it by direction, tier and level (plain or decoded). Working out which
 * recognizers apply and finding their merged index was a tenth of a short text's check.
 */
const plansByEnabled = new WeakMap<ReadonlySet<GuardrailName>, { all: readonly Recognizer[]; plans: Map<string, Plan> }>();

function planFor(req: ScanRequest, decodedOnly: boolean): Plan {
  const all = req.registry.all();
  let cache = plansByEnabled.get(req.enabled);
  if (!cache || cache.all !== all) plansByEnabled.set(req.enabled, (cache = { all, plans: new Map() }));
  const key = `${req.options.direction}|${req.patternTierOnly}|${decodedOnly}`;
  let plan = cache.plans.get(key);
  if (!plan) {
    const recognizers = all.filter((r) => applicable(r, req, decodedOnly));
    // The index covers every pack of the registry, as before: the packs a request leaves out
    // are not run, and one index serves every plan.
    plan = { recognizers, index: mergedIndex(all) };
    cache.plans.set(key, plan);
  }
  return plan;
}

/**
 * One level of the scan. `decodedScans` holds the detections of every decoded text already
 * scanned during this `scanText` call, by depth and text: the same payload repeated in a text
 * (one base64 blob pasted many times) is scanned once. A scan depends only on its text and
 * options, and options differ between levels only by depth.
 */
function scanLevel(text: string, req: ScanRequest, decodedScans: Map<string, Detection[]>): Detection[] {
  const ctx = new ScanContext(text, req.options);
  const depth = req.options.depth;
  const out: Detection[] = [];
  const plan = planFor(req, depth > 0);
  ctx.triggerIndex = plan.index;
  for (const r of plan.recognizers) {
    try {
      const found = r.scan(ctx);
      for (let k = 0; k < found.length; k++) out.push(found[k]!);
    } catch (e) {
      out.push({
        guardrail: r.guardrail,
        category: 'scan_error',
        span: [0, text.length],
        score: 1,
        recognizer: r.id,
        explanation: { pattern: `recognizer failed: ${(e as Error)?.message ?? String(e)}`, baseScore: 1, tier: 'pattern' },
      });
    }
  }
  if (depth >= MAX_DECODE_DEPTH) return out;
  // What the plain text found, for ROT13 (built only when a ROT13 segment comes up).
  const plainCount = out.length;
  let seenPatterns: Set<string> | undefined;
  let innerReq: ScanRequest | undefined;
  for (const seg of findEncodedSegments(ctx.base.text, ctx.stats)) {
    const key = `${depth + 1}:${seg.decoded}`;
    let inner = decodedScans.get(key);
    if (!inner) {
      innerReq ??= { ...req, options: { ...req.options, depth: depth + 1 } };
      inner = scanLevel(seg.decoded, innerReq, decodedScans);
      decodedScans.set(key, inner);
    }
    for (const d of inner) {
      if (d.category === 'scan_error') continue;
      let span: [number, number];
      if (seg.decoder === 'rot13') {
        // ROT13 keeps every offset: report the exact place, and only what the plain text lacked.
        seenPatterns ??= new Set(out.slice(0, plainCount).map((p) => `${p.recognizer}/${p.explanation.pattern}`));
        if (seenPatterns.has(`${d.recognizer}/${d.explanation.pattern}`)) continue;
        span = ctx.base.toOriginal(d.span[0], d.span[1]);
      } else {
        span = ctx.base.toOriginal(seg.start, seg.end);
      }
      const chain = d.explanation.decoder ? `${seg.decoder}>${d.explanation.decoder}` : seg.decoder;
      out.push({ ...d, span, explanation: { ...d.explanation, tier: 'decoded', decoder: chain } });
    }
  }
  return out;
}
