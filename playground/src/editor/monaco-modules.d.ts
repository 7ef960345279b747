// Types for the slim Monaco entry points we import: the same API as 'monaco-editor', minus the
// language bundles we leave out (only YAML is registered).
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}
declare module 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
