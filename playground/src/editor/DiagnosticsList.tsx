/** The engine's diagnostics for the current text, as a list that jumps to each problem. */
import type { Diagnostic } from '../engine.ts';

interface Props {
  diagnostics: readonly Diagnostic[];
  onJump(line: number, column: number): void;
}

export function DiagnosticsList({ diagnostics, onJump }: Props) {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <div className="diagnostics" data-testid="diagnostics" aria-live="polite">
      <p className="diagnostics-summary">
        {diagnostics.length === 0 ? 'No problems: the policy loads cleanly.' : `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`}
      </p>
      {diagnostics.length > 0 && (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={`${d.code}-${i}`} className={`diagnostic diagnostic-${d.severity}`}>
              {d.line !== undefined ? (
                <button type="button" className="link-button" onClick={() => onJump(d.line!, d.column ?? 1)}>
                  line {d.line}:{d.column ?? 1}
                </button>
              ) : (
                <span className="muted">whole policy</span>
              )}{' '}
              <span className={`badge badge-${d.severity}`}>{d.severity}</span> {d.message}
              {d.hint && <span className="hint"> — {d.hint}</span>} <code className="muted">{d.code}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
