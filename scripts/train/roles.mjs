// Which rows teach which head, and how much. A role is `{ y: 0 | 1, w: weight }` or null (the row
// says nothing about this head). Sets used: every file of the development split (all licences
// listed in the datasets README allow training).

const INJECTION_CATEGORIES = new Set(['Goal_Hijacking', 'Role_Play_Instruction']);
// Benign prompts teaching the toxicity head, per language (`lang:weight,…`, or one number for all).
// Korean ×4: Korean short prompts are where the head's budget binds (the pattern tier alone uses
// it up), so its Korean tail matters most; CV (seeds 1 and 2): Korean toxicity +4 points, Chinese
// −1 to −3 (all languages ×4: Chinese −3 to −5).
const TOXICITY_BENIGN_WEIGHT = process.env.AEGIS_TOXICITY_BENIGN_WEIGHT ?? 'ko:4';
const toxicityBenignWeight = (lang) => {
  if (/^[\d.]+$/.test(TOXICITY_BENIGN_WEIGHT)) return Number(TOXICITY_BENIGN_WEIGHT);
  const entry = TOXICITY_BENIGN_WEIGHT.split(',').map((e) => e.split(':')).find(([l]) => l === lang || l === '*');
  return entry ? Number(entry[1]) : 1;
};
const XSAFETY_INJECTION_WEIGHT = Number(process.env.AEGIS_XSAFETY_INJECTION_WEIGHT ?? 1);
const XSAFETY_HARMFUL_WEIGHT = Number(process.env.AEGIS_XSAFETY_HARMFUL_WEIGHT ?? 0.5);
const HARMFUL_BENIGN_WEIGHT = Number(process.env.AEGIS_HARMFUL_BENIGN_WEIGHT ?? 1);
const BENIGN = new Set(['benign', 'benign_long']);
const PLAIN_TEXT = new Set(['pii_spans', 'secrets']);

/** Injection in prompts (the input direction). */
function injection(r) {
  if (r.suite === 'injection') return r.label ? { y: 1, w: 1 } : { y: 0, w: 1 };
  if (BENIGN.has(r.suite)) return r.label ? { y: 1, w: 1 } : { y: 0, w: 1 };
  if (r.suite === 'injection_hard_negatives') return { y: 0, w: 2 };
  if (r.suite === 'safety_mixed') return INJECTION_CATEGORIES.has(r.category) ? { y: 1, w: XSAFETY_INJECTION_WEIGHT } : { y: 0, w: 0.5 };
  if (r.suite === 'harmful_requests') return { y: 0, w: 0.5 };
  if (r.suite === 'toxicity') return { y: 0, w: 0.3 };
  if (PLAIN_TEXT.has(r.suite)) return { y: 0, w: 0.3 };
  // An injected BIPIA document reads as an ordinary request when typed by a user ("describe the
  // lifecycle of a butterfly"): it teaches nothing about prompts. Clean documents are negatives.
  if (r.suite === 'indirect_injection') return r.label ? null : { y: 0, w: 0.5 };
  return null;
}

/** Injection hidden in tool output / retrieved documents. */
function indirect(r) {
  if (r.suite === 'indirect_injection') return { y: r.label ? 1 : 0, w: 1 };
  if (r.suite === 'indirect_injection_payloads') return { y: 1, w: 1 };
  // Prompt injections typed by a user (jailbreaks, goal hijacking) no longer teach this head
  // (they weighed ×0.3). They are long role-play and instruction prose addressed to "you", and
  // the head learned exactly that — "English prose that addresses the reader" — as an attack: it
  // blocked 2.8% of ordinary English technical paragraphs (package docs, READMEs: "You can also
  // use …", "your system should …", HTTP request/response examples). BIPIA's own injected
  // documents and payloads are the positives now; 'non-en' (CyberSecEval carries English inside
  // its multilingual attacks) still blocked 1.3% of those paragraphs, CyberSecEval alone 1.6%.
  // Classic jailbreak text in tool output ("ignore all previous instructions…") is the pattern
  // tier's: this head no longer scores it.
  if ((r.suite === 'injection' && r.label) || (r.suite === 'safety_mixed' && r.category === 'Goal_Hijacking')) {
    return INDIRECT_PROMPT_ATTACKS === 'all' || (INDIRECT_PROMPT_ATTACKS === 'non-en' && r.lang !== 'en') ? { y: 1, w: 0.3 } : null;
  }
  // Documents (reading-comprehension contexts, exam texts) are what tool output looks like; user
  // prompts are not, and an instruction planted in a document reads exactly like one ("translate
  // the text above into French"), so prompts only weakly teach this head.
  if (r.suite === 'benign_long') return r.label ? null : { y: 0, w: DOCUMENT_FILES.has(r.file.split('__')[0]) ? 1 : INDIRECT_PROMPT_WEIGHT };
  if (r.suite === 'benign') return r.label ? null : { y: 0, w: INDIRECT_PROMPT_WEIGHT / 2 };
  if (r.suite === 'injection_hard_negatives') return { y: 0, w: 1 };
  if (r.suite === 'toxicity' || PLAIN_TEXT.has(r.suite)) return { y: 0, w: 0.3 };
  return null;
}

/** Benign sets whose rows are documents (or carry one) rather than requests typed by a user. */
export const DOCUMENT_FILES = new Set(['cmrc2018_zh', 'jglue_ja', 'gaokao_bench']);
const INDIRECT_PROMPT_WEIGHT = Number(process.env.AEGIS_INDIRECT_PROMPT_WEIGHT ?? 0.2);
/** Prompt injections as positives of the indirect head: 'all', 'non-en' or 'none' (see indirect()). */
const INDIRECT_PROMPT_ATTACKS = process.env.AEGIS_INDIRECT_PROMPT_ATTACKS ?? 'none';

/** Toxic language and harmful requests. */
function toxicity(r) {
  if (r.suite === 'toxicity') return { y: r.label ? 1 : 0, w: 1 };
  if (r.suite === 'harmful_requests') return null;
  if (r.suite === 'safety_mixed') return r.category === 'Insult' ? { y: 1, w: 1 } : null;
  if (BENIGN.has(r.suite)) return r.label ? null : { y: 0, w: toxicityBenignWeight(r.lang) };
  if (r.suite === 'injection_hard_negatives') return { y: 0, w: 1 };
  if (PLAIN_TEXT.has(r.suite)) return { y: 0, w: 0.3 };
  if (r.suite === 'indirect_injection') return r.label ? null : { y: 0, w: 0.3 };
  return null;
}

/** Requests for dangerous or abusive help (HarmBench, MultiJail): intent, not vocabulary. */
function harmful(r) {
  if (r.suite === 'harmful_requests') return { y: 1, w: 1 };
  if (r.suite === 'safety_mixed') return UNSAFE_TOPICS.has(r.category) ? { y: 1, w: XSAFETY_HARMFUL_WEIGHT } : null;
  if (BENIGN.has(r.suite)) return r.label ? null : { y: 0, w: HARMFUL_BENIGN_WEIGHT };
  if (r.suite === 'injection_hard_negatives') return { y: 0, w: 1 };
  if (r.suite === 'toxicity') return r.label ? null : { y: 0, w: 0.5 };
  if (PLAIN_TEXT.has(r.suite)) return { y: 0, w: 0.3 };
  if (r.suite === 'indirect_injection') return r.label ? null : { y: 0, w: 0.3 };
  return null;
}

/** XSafety categories that are requests for harmful help (not opinions or mental-health talk). */
const UNSAFE_TOPICS = new Set(['Crimes_And_Illegal_Activities', 'Physical_Harm', 'Unsafe_Instruction_Topic']);

export const ROLES = { injection, indirect, toxicity, harmful };

/**
 * Balances languages and classes: within a head, every (label, language) cell gets the same
 * total weight up to a square-root damping (a cell with 4× the rows gets 2× the weight), then the
 * two classes are scaled to equal totals.
 */
export function balancedWeights(rows, head) {
  const roles = rows.map(ROLES[head]);
  const cells = new Map();
  roles.forEach((role, i) => {
    if (!role) return;
    const key = `${role.y}:${rows[i].lang}`;
    cells.set(key, (cells.get(key) ?? 0) + role.w);
  });
  // A language with positives but no negatives for this head (MultiJail's Vietnamese or Swahili
  // for `harmful`, CyberSecEval's Spanish or Italian prompt injections for `indirect`) teaches
  // "this language = positive", not the phenomenon: out of fold the harmful head blocked ordinary
  // Vietnamese and Swahili questions and the indirect head Italian, Spanish and French ones. Its
  // positives are scaled by ORPHAN_WEIGHT[head].
  const orphan = orphanWeight(head);
  const weights = roles.map((role, i) => {
    if (!role) return 0;
    const w = role.w / Math.sqrt(cells.get(`${role.y}:${rows[i].lang}`));
    return role.y === 1 && !cells.has(`0:${rows[i].lang}`) ? w * orphan : w;
  });
  const totals = [0, 0];
  roles.forEach((role, i) => role && (totals[role.y] += weights[i]));
  const count = roles.filter(Boolean).length;
  return roles.map((role, i) => (role ? { y: role.y, w: (weights[i] * count) / (2 * totals[role.y]) } : null));
}

/**
 * Weight of positives in languages without negatives, per head (AEGIS_ORPHAN_WEIGHT=head:w,…
 * for experiments). 0 for harmful and indirect: at 0.2 they still blocked 3 and 11 of 24 ordinary
 * requests written in such languages (a probe set of our own, see learned.test.ts), at 1 5 and 18.
 * 0.3 for injection: same nested recall as 1 (81.3%), and no block on the probe set (1 at 1);
 * at 0 injection loses 3.5 points (CyberSecEval's multilingual attacks carry English too).
 */
const ORPHAN_WEIGHT = { injection: 0.3, indirect: 0, toxicity: 1, harmful: 0 };
function orphanWeight(head) {
  const entry = (process.env.AEGIS_ORPHAN_WEIGHT ?? '').split(',').map((e) => e.split(':')).find(([h]) => h === head);
  return entry ? Number(entry[1]) : ORPHAN_WEIGHT[head];
}
