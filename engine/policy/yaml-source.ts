import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../types.ts';

/** Where a path points in the YAML text (1-based line/column). */
export interface Location {
  line: number;
  column: number;
  span: [number, number];
}

/** Finds the source location of a data path; `key` asks for the mapping key rather than its value. */
export type Locator = (path: readonly (string | number)[], key?: boolean) => Location | undefined;

export interface YamlSource {
  /** One plain value per YAML document (`undefined` for documents that failed to parse). */
  documents: { data: unknown; locate: Locator }[];
  diagnostics: Diagnostic[];
}

export const MAX_POLICY_BYTES = 16 * 1024 * 1024;
const MAX_ALIAS_COUNT = 1000;
const MAX_DEPTH = 256;

/** YAML 1.2 text → plain data per document, with positions and coded diagnostics. Never throws. */
export function readYaml(text: string): YamlSource {
  const diagnostics: Diagnostic[] = [];
  if (typeof text !== 'string') {
    return { documents: [], diagnostics: [{ code: 'policy.not-a-mapping', severity: 'error', message: `expected policy text (a string), got ${typeof text}` }] };
  }
  if (text.length > MAX_POLICY_BYTES) {
    return {
      documents: [],
      diagnostics: [{ code: 'yaml.too-large', severity: 'error', line: 1, column: 1,
        message: `the policy is ${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_POLICY_BYTES / 1048576} MB` }],
    };
  }
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    // Duplicate keys are reported below as warnings and the last value wins, as with the
    // reference's PyYAML: a policy written for it must keep loading. For the same reason `<<`
    // merge keys are expanded as PyYAML does, although YAML 1.2 dropped them.
    const parsed: unknown = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, version: '1.2', merge: true });
    if (Array.isArray(parsed)) docs = parsed as Document.Parsed[];
    else {
      // An empty stream comes back as a stand-in object, not a list of documents.
      docs = [];
      for (const err of (parsed as { errors?: { code: string; message: string; pos: [number, number] }[] }).errors ?? []) {
        diagnostics.push(yamlDiagnostic(err, lineCounter, 'error'));
      }
    }
  } catch (err) {
    return { documents: [], diagnostics: [{ code: 'yaml.syntax', severity: 'error', line: 1, column: 1, message: `could not parse YAML: ${String((err as Error).message ?? err)}` }] };
  }

  const position = (offset: number): { line: number; column: number } => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };

  const documents: YamlSource['documents'] = [];
  for (const doc of docs) {
    for (const err of doc.errors) diagnostics.push(yamlDiagnostic(err, lineCounter, 'error'));
    for (const warn of doc.warnings) diagnostics.push(yamlDiagnostic(warn, lineCounter, 'warning'));
    if (doc.errors.length) {
      documents.push({ data: undefined, locate: () => undefined });
      continue;
    }
    const depth = nodeDepth(doc.contents as Node | null, 0);
    if (depth > MAX_DEPTH) {
      const start = (doc.contents as Node | null)?.range?.[0] ?? 0;
      diagnostics.push({ code: 'yaml.too-deep', severity: 'error', ...position(start), span: [start, start],
        message: `the document nests deeper than ${MAX_DEPTH} levels` });
      documents.push({ data: undefined, locate: () => undefined });
      continue;
    }
    for (const dup of duplicateKeys(doc.contents as Node | null)) {
      diagnostics.push({ code: 'yaml.duplicate-key', severity: 'warning', ...position(dup.start), span: [dup.start, dup.end],
        message: `duplicate key "${dup.key}": the last value wins (as in the Python reference); remove one of them` });
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (err) {
      const message = String((err as Error).message ?? err);
      const isAlias = /alias/i.test(message);
      diagnostics.push({ code: isAlias ? 'yaml.alias-limit' : 'yaml.syntax', severity: 'error', line: 1, column: 1,
        message: isAlias ? `too many YAML alias expansions (limit ${MAX_ALIAS_COUNT}): ${message}` : message });
      documents.push({ data: undefined, locate: () => undefined });
      continue;
    }
    const locate: Locator = (path, key) => {
      const found = findNode(doc, path, key);
      if (!found?.range) return undefined;
      const [start, end] = found.range;
      return { ...position(start), span: [start, end] };
    };
    documents.push({ data, locate });
  }
  return { documents, diagnostics };
}

function yamlDiagnostic(err: { code: string; message: string; pos: [number, number] }, lc: LineCounter, severity: 'error' | 'warning'): Diagnostic {
  const p = lc.linePos(err.pos[0]);
  const code = err.code === 'DUPLICATE_KEY' ? 'yaml.duplicate-key' : severity === 'error' ? 'yaml.syntax' : 'yaml.warning';
  const firstLine = err.message.split('\n')[0] ?? err.message;
  return { code, severity, message: `${firstLine} [${err.code}]`, line: p.line, column: p.col, span: [err.pos[0], err.pos[1]] };
}

/** Keys that appear more than once in one mapping, anywhere in the document (the later occurrences). */
function duplicateKeys(root: Node | null | undefined): { key: string; start: number; end: number }[] {
  const found: { key: string; start: number; end: number }[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          if (seen.has(key) && pair.key.range) found.push({ key, start: pair.key.range[0], end: pair.key.range[1] });
          seen.add(key);
        }
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

function nodeDepth(node: Node | null | undefined, depth: number): number {
  if (depth > MAX_DEPTH) return depth;
  let max = depth;
  if (isMap(node)) {
    for (const item of node.items) max = Math.max(max, nodeDepth(item.value as Node, depth + 1));
  } else if (isSeq(node)) {
    for (const item of node.items) max = Math.max(max, nodeDepth(item as Node, depth + 1));
  }
  return max;
}

function findNode(doc: Document, path: readonly (string | number)[], key?: boolean): { range?: [number, number, number] | null } | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return node as { range?: [number, number, number] };
      if (key && i === path.length - 1) return pair.key as { range?: [number, number, number] };
      // An empty value (`match:`) has no text of its own: point at its key instead.
      const empty = isScalar(pair.value) && pair.value.value === null && pair.value.range && pair.value.range[0] === pair.value.range[1];
      node = empty || !pair.value ? pair.key : pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) return node as { range?: [number, number, number] };
      node = item;
    } else {
      return node as { range?: [number, number, number] } | undefined;
    }
  }
  return node as { range?: [number, number, number] } | undefined;
}
