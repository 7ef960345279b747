/**
 * Monaco, loaded with YAML only: the core editor, the YAML tokenizer, and monaco-yaml for schema
 * completion and validation against `specs/policy.schema.json`. Everything is bundled (no CDN
 * loader), so the editor works offline and from any static host.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import policySchema from '../../../specs/policy.schema.json';
import YamlWorker from './yaml.worker.ts?worker';

/** The model URI the schema is bound to (monaco-yaml matches schemas by file name). */
export const POLICY_MODEL_URI = monaco.Uri.parse('file:///policy.yaml');

// Monaco's own typings declare `self.MonacoEnvironment`; it asks this for its workers.
self.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

let yamlService: ReturnType<typeof configureMonacoYaml> | undefined;

/**
 * Schema completion, hover and validation. Started once the editor is on screen: its worker is
 * large, and the page is usable (with the engine's own diagnostics) before it is ready.
 */
export function startYamlLanguageService(): void {
  yamlService ??= configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: [{ uri: policySchema.$id, fileMatch: ['**/policy.yaml'], schema: policySchema as never }],
  });
}

export { monaco };
