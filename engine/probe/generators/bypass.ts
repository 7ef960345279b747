/**
 * Bypass probes: spell a blocked action type differently and see whether the block still holds.
 * Globs match whole strings, case-sensitively and without Unicode normalisation, so `bulk_delete`,
 * `Delete` and `dеlete` (Cyrillic е) all slip past `delete*` unless something else catches them.
 */
import { compileGlob } from '../../policy/glob.ts';
import type { RuleModel } from '../../policy/model.ts';
import { blockingRules, bypassVerdict, caseInsensitiveGlob, sampleOf } from '../cases.ts';
import type { FindingSeverity, ProbeCase, ProbeContext, ProbeGenerator } from '../types.ts';

type Variant = [text: string, kind: string];

/** Cases for every blocking rule: its sample type rewritten by `variants`, unless the rule itself still matches. */
function casesFor(context: ProbeContext, variants: (core: string, rule: RuleModel) => Variant[]): ProbeCase[] {
  const out: ProbeCase[] = [];
  for (const rule of blockingRules(context.policy.rules)) {
    const core = sampleOf(rule.type, '');
    const target = sampleOf(rule.target, 'production');
    if (!core || target === undefined) continue;
    const agentId = rule.agent === '*' ? undefined : sampleOf(rule.agent, 'agent');
    const glob = compileGlob(rule.type);
    const seen = new Set<string>();
    for (const [type, variant] of variants(core, rule)) {
      if (seen.has(type) || glob.test(type)) continue;
      seen.add(type);
      out.push({
        action: { type, target, ...(agentId ? { agentId } : {}) }, group: String(rule.index), rule, variant,
        details: { type, target, core, rule: `"${String(rule.label)}"`, caseGlob: caseInsensitiveGlob(rule.type) },
      });
    }
  }
  return out;
}

/** Realistic renames (bulk_delete) weigh more than contrived spellings when only the default catches them. */
const judgeWith = (viaDefault: FindingSeverity): ProbeGenerator['judge'] => ({ action, rule, variant }, decision) =>
  bypassVerdict(decision, `\`${JSON.stringify(action.type).slice(1, -1)}\` (${variant} variant of a type blocked by "${String(rule?.label)}")`, viaDefault);

export const globBypass: ProbeGenerator = {
  id: 'glob-bypass',
  generate: (context) => {
    const v = context.vocabulary;
    return casesFor(context, (core) => [
      ...v.bypassPrefixes.flatMap((p) => v.bypassSuffixes.map((s): Variant => [`${p}${core}${s}`, p && s ? 'prefix+suffix' : p ? 'prefix' : 'suffix'])),
      ...v.bypassPadding.map((pad): Variant => [pad.replace('{core}', core), 'padding']),
      ...(core.includes('_') ? v.separators.map((sep): Variant => [core.split('_').join(sep), 'separator']) : []),
    ]);
  },
  judge: judgeWith('medium'),
};

export const caseBypass: ProbeGenerator = {
  id: 'case-bypass',
  generate: (context) =>
    casesFor(context, (core) => {
      const mixed = [...core].map((c) => (context.random.next() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join('');
      return [
        [core.charAt(0).toUpperCase() + core.slice(1), 'title-case'],
        [core.toUpperCase(), 'upper-case'],
        [core.toLowerCase(), 'lower-case'],
        [mixed, 'mixed-case'],
      ];
    }),
  judge: judgeWith('low'),
};

export const unicodeBypass: ProbeGenerator = {
  id: 'unicode-bypass',
  generate: (context) => {
    const { confusables, invisible } = context.vocabulary;
    const table = confusables as Record<string, string>;
    return casesFor(context, (core) => {
      const chars = [...core];
      const swappable = chars.map((c, i) => (table[c] ? i : -1)).filter((i) => i >= 0);
      const out: Variant[] = [];
      if (swappable.length) {
        const at = context.random.pick(swappable);
        out.push([chars.map((c, i) => (i === at ? table[c]! : c)).join(''), 'homoglyph']);
      }
      out.push([chars.map((c) => (c >= '!' && c <= '~' ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join(''), 'full-width']);
      const cut = 1 + context.random.int(Math.max(1, chars.length - 1));
      out.push([chars.slice(0, cut).join('') + context.random.pick(invisible) + chars.slice(cut).join(''), 'invisible-character']);
      return out;
    });
  },
  judge: judgeWith('low'),
};
