/** What panels need to know about the policy in the editor. */
import type { RuleRange } from './rule-ranges.ts';

export interface PolicyState {
  text: string;
  /** Increases each time the engine has loaded the current text; panels re-run on change. */
  revision: number;
  /** False when the text has errors that keep the engine from loading any policy. */
  loaded: boolean;
  ruleRanges: RuleRange[];
}
