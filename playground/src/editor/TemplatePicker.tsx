/** Picks one of the ten shipped policy templates (pure data from the core) into the editor. */
import { TEMPLATES } from '../../../engine/policy/templates/index.ts';

interface Props {
  onPick(yaml: string): void;
}

export function TemplatePicker({ onPick }: Props) {
  return (
    <label className="inline-field">
      <span>Template</span>
      <select
        data-testid="template-picker"
        value=""
        onChange={(e) => {
          const template = TEMPLATES.find((t) => t.id === e.target.value);
          if (template) onPick(template.yaml);
        }}
      >
        <option value="">Load a template…</option>
        {TEMPLATES.map((t) => (
          <option key={t.id} value={t.id}>
            {t.id} — {t.description}
          </option>
        ))}
      </select>
    </label>
  );
}
