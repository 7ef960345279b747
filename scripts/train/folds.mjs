// Group-aware folds: rows that are versions of one item (translations, a document with and
// without an injection, several attacks on one behaviour, exact duplicates after normalization)
// are joined with union-find and always land in the same fold.

function fnv(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Keys that tie a row to others; rows sharing any key share a group. */
function linkKeys(r, normalized) {
  const name = r.file.split('__')[0];
  const keys = [`text:${normalized}`];
  const add = (field, value) => value !== undefined && value !== null && keys.push(`${name}:${field}:${value}`);
  add('id', r.id);
  add('prompt_id', r.prompt_id);
  add('behavior', r.behavior);
  add('question_id', r.question_id);
  add('act', r.act);
  add('guid', r.guid);
  if (r.task !== undefined) add('context', `${r.task}:${r.context_index}`);
  if (r.attack) keys.push(`bipia-attack:${r.attack.trim().toLowerCase()}`);
  if (name === 'bipia' && r.suite === 'indirect_injection_payloads') keys.push(`bipia-attack:${r.text.trim().toLowerCase()}`);
  if (name === 'cmrc2018_zh') add('doc', r.doc_id ?? (r.qid ?? '').replace(/_QUERY_\d+$/, ''));
  if (name === 'jglue_ja' && r.qid) add('paragraph', r.qid.replace(/q\d+$/, ''));
  for (const link of r._links ?? []) keys.push(link);
  return keys;
}

/** Assigns every row a fold in [0, k) and returns { fold: Int8Array, groups, largest }. */
export function assignFolds(rows, normalize, k) {
  const parent = rows.map((_, i) => i);
  const find = (i) => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const owner = new Map();
  rows.forEach((r, i) => {
    for (const key of linkKeys(r, normalize(r.text.slice(0, 4000)))) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else {
        const a = find(i);
        const b = find(j);
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const size = new Map();
  const fold = new Int8Array(rows.length);
  rows.forEach((r, i) => {
    const root = find(i);
    size.set(root, (size.get(root) ?? 0) + 1);
    const anchor = rows[root];
    fold[i] = fnv(`${anchor.file}#${anchor.row}`) % k;
  });
  return { fold, groups: size.size, largest: Math.max(...size.values()) };
}
