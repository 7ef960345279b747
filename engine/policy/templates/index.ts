import templates from './templates.json' with { type: 'json' };

/** A ready-made policy: `id` is its file name (e.g. `crm-agent`), `yaml` its text. */
export interface PolicyTemplate {
  id: string;
  description: string;
  yaml: string;
}

/** The ten shipped policy templates (bundled from the YAML files beside this one). */
export const TEMPLATES: readonly PolicyTemplate[] = templates;

export function getTemplate(id: string): PolicyTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
