// Public API of the core ("agent-aegis"). Re-exports only.

export { Policy } from './policy/policy.ts';
export { PolicyError } from './policy/diagnostics.ts';
export { PolicyHierarchy } from './policy/hierarchy.ts';
export { compileGlob, globMatch } from './policy/glob.ts';
export { TEMPLATES, getTemplate } from './policy/templates/index.ts';
export { keywordSemanticEvaluator, SEMANTIC_CATEGORIES } from './policy/semantic.ts';
export { toWireDecision, fromWireAction, toWireAction } from './wire.ts';
export { APPROVALS, RISK_LEVELS, RISK_VALUE, APPROVAL_RANK } from './types.ts';

export type { PolicyOptions, ParseResult } from './policy/policy.ts';
export type { EvaluateContext, Clock } from './policy/evaluate.ts';
export type { HierarchyDecision, HierarchyConflict, LayerName } from './policy/hierarchy.ts';
export type { PolicyModel, RuleModel } from './policy/model.ts';
export type { PolicyTemplate } from './policy/templates/index.ts';
export type { SemanticEvaluator } from './policy/semantic.ts';
export type { WireDecision, WireAction } from './wire.ts';
export type { ActionInput, Approval, Decision, DecisionError, Diagnostic, RiskLevel, Severity } from './types.ts';

// --- guardrails (engine/guardrails) ---
export { createGuardrails, THRESHOLDS } from './guardrails/guardrails.ts';
export { loadGuardrails } from './guardrails/load-guardrails.ts';
export { createDefaultRegistry, builtinPacks, BUILTIN_PACKS } from './guardrails/default-registry.ts';
export { RecognizerRegistry } from './guardrails/registry.ts';
export { PatternRecognizer } from './guardrails/pattern-recognizer.ts';
export { PackRecognizer } from './guardrails/pack-recognizer.ts';
export { loadPack } from './guardrails/pattern-pack.ts';
export { ScanContext } from './guardrails/scan-context.ts';
export { maskValue } from './guardrails/mask.ts';
export { normalizeText } from './guardrails/normalize/normalize.ts';
export { GUARDRAIL_NAMES } from './guardrails/types.ts';
export type { Finding, FindingAction, GuardrailName, Guardrails, GuardrailsConfig, GuardrailReport, DetailedGuardrailReport, GuardrailVerdict, GuardrailSettings, CheckOptions, Recognizer, Detection, Explanation, LearnedFindingDetail, Sensitivity, Direction } from './guardrails/types.ts';
export type { PackSource, PackRuleSource, CompiledPack } from './guardrails/pattern-pack.ts';

export { loadLearnedRecognizers, createLearnedRecognizers, LearnedScorer, loadHeads, scoreTextAll } from './guardrails/learned/index.ts';
export type { LearnedDetail, LearnedExplanation, LearnedScore, HeadName } from './guardrails/learned/index.ts';

// --- audit (engine/audit) ---
export { describeStart, verifyChain, verifyLines } from './audit/verify.ts';
export { canonicalJson } from './audit/canonical-json.ts';
export { sealEvent, sealEvents, recomputeHash, GENESIS, GENESIS_HASH, ENTRY_DOMAIN, MAC_DOMAIN } from './audit/chain.ts';
export { decisionEvent, guardrailEvent, approvalRequestEvent, approvalResponseEvent, completeEvent, outcomeOf, AGEF_VERSION } from './audit/event.ts';
export { AuditError } from './audit/errors.ts';
export type { ChainStart, VerifyOptions, VerifyResult } from './audit/verify.ts';
export type { AuditEntry, ChainHead, ChainKeying, SealedEntry } from './audit/chain.ts';
export type { AgefEvent, AgefEventType, AgefOutcome, AgefAction, AgefAgent, AgefDecision, AgefGuardrail, AgefEvidence, AgefApproval, EventContext } from './audit/event.ts';
export type { AuditErrorCode } from './audit/errors.ts';
export type { AuditFilter } from './audit/filter.ts';
// The sql.js-backed AuditLog and the persistences are exported from "./worker" (keeps sql.js out of the core bundle).

// --- policy tools (autopolicy, probe, lint, diff) ---
export { autopolicy } from './autopolicy/autopolicy.ts';
export { autopolicyWith, validateGenerated } from './autopolicy/generator.ts';
export { probe, ProbeError } from './probe/probe.ts';
export { PROBES } from './probe/registry.ts';
export { lint } from './policy/lint.ts';
export { diffPolicies } from './policy/diff.ts';
export type { ProbeFinding, ProbeOptions, ProbeProgress, ProbeReport, ProbeMeta, FindingSeverity } from './probe/types.ts';
export type { PolicyDiff, ImpactEntry, ImpactChange, RuleChange, FieldChange, DiffOptions } from './policy/diff.ts';
export type { AutopolicyResult } from './autopolicy/autopolicy.ts';
export type { GeneratedPolicy, PolicyGenerator } from './autopolicy/generator.ts';
export type { GeneratedRule } from './autopolicy/build.ts';

// --- runtime (engine/runtime) ---
export { Runtime, noopExecutor, autoApprove, autoDeny, callbackApproval, confirmApproval, webhookApproval, ApprovalQueue, MemoryAuditSink } from './runtime/index.ts';
export type { Action, ActionResult, ResultStatus, Executor, ApprovalHandler, ApprovalRequest, ApprovalVerdict, AuditSink, RuntimeAuditEntry, RetryPolicy, Plan, PlanSummary, RuntimeHooks, RuntimeOptions, GuardrailChecker } from './runtime/index.ts';
