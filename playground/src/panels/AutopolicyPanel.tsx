/**
 * Autopolicy: a sentence in plain English → a policy. Each generated rule is linked to the phrase
 * it came from (hover or focus a rule to see its phrase marked in the sentence); the parts that
 * were not understood are listed, and "Use this policy" puts the YAML in the editor.
 */
import { useState } from 'react';
import type { AutopolicyResult, PlaygroundEngine } from '../engine.ts';
import { MissingCapability, Panel } from './Panel.tsx';

const SAMPLE = 'Allow reading files. Block deleting anything. Payments over 10000 need approval.';

interface Props {
  engine: PlaygroundEngine;
  onUsePolicy(yaml: string): void;
}

/** The sentence with one phrase marked (its first occurrence, case-insensitively). */
function MarkedSentence({ sentence, phrase }: { sentence: string; phrase: string | null }) {
  const at = phrase ? sentence.toLowerCase().indexOf(phrase.toLowerCase()) : -1;
  if (!phrase || at < 0) return <p className="sentence">{sentence}</p>;
  return (
    <p className="sentence">
      {sentence.slice(0, at)}<mark>{sentence.slice(at, at + phrase.length)}</mark>{sentence.slice(at + phrase.length)}
    </p>
  );
}

export function AutopolicyPanel({ engine, onUsePolicy }: Props) {
  const [sentence, setSentence] = useState(SAMPLE);
  const [result, setResult] = useState<{ sentence: string; value: AutopolicyResult } | { error: string } | null>(null);
  const [focused, setFocused] = useState<string | null>(null);

  const run = async () => {
    if (!engine.autopolicy) return setResult({ error: engine.missing.autopolicy ?? 'autopolicy is not available' });
    try {
      setResult({ sentence, value: await engine.autopolicy(sentence) });
    } catch (err) {
      setResult({ error: String((err as Error).message ?? err) });
    }
  };

  return (
    <Panel id="autopolicy" title="Autopolicy" intro="Describe what the agent may do in plain English; get a policy whose every rule points back at your words.">
      {engine.missing.autopolicy && <MissingCapability reason={engine.missing.autopolicy} />}
      <form onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label className="field field-wide">
          <span>What should the agent be allowed to do?</span>
          <textarea data-testid="autopolicy-input" value={sentence} onChange={(e) => setSentence(e.target.value)} rows={3} />
        </label>
        <div className="form-actions">
          <button type="submit" data-testid="autopolicy-run">Generate policy</button>
        </div>
      </form>
      <div data-testid="autopolicy-result" aria-live="polite">
        {result === null ? null : 'error' in result ? <p className="error-text">{result.error}</p> : (
          <>
            <MarkedSentence sentence={result.sentence} phrase={focused} />
            <div className="two-columns">
              <div>
                <h3>Rules and their phrases</h3>
                <ol className="phrase-list">
                  {result.value.rules.map(({ rule, phrase, explanation }, i) => (
                    <li key={i}>
                      <button type="button" className="link-button" onMouseEnter={() => setFocused(phrase)} onFocus={() => setFocused(phrase)}
                        onMouseLeave={() => setFocused(null)} onBlur={() => setFocused(null)}>
                        {String(rule['name'] ?? `rule ${i + 1}`)}
                      </button>{' '}
                      <span className="muted">from “{phrase}”</span>
                      {explanation && <div className="explanation">{explanation}</div>}
                    </li>
                  ))}
                </ol>
                {result.value.unparsed.length > 0 && (
                  <div className="warning-text">
                    <strong>Not understood (no rule made):</strong>
                    <ul>
                      {result.value.unparsed.map((u, i) => <li key={i}>“{u}”{result.value.reasons?.[i] ? ` — ${result.value.reasons[i]}` : ''}</li>)}
                    </ul>
                  </div>
                )}
              </div>
              <div>
                <h3>Generated YAML</h3>
                <pre className="yaml-output" data-testid="autopolicy-yaml">{result.value.yaml}</pre>
              </div>
            </div>
            <button type="button" data-testid="autopolicy-use" onClick={() => onUsePolicy(result.value.yaml)}>Use this policy</button>
          </>
        )}
      </div>
    </Panel>
  );
}
