// The YAML language worker for Monaco. Vite must bundle monaco-yaml's worker from a file of our own
// (monaco-yaml README, "Using Vite"): importing it directly with `?worker` does not resolve.
import 'monaco-yaml/yaml.worker.js';
