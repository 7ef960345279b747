/** Entry point: pick the opening policy (link, storage or default), then render the page. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { getEngine } from './engine.ts';
import { registerOfflineSupport } from './offline.ts';
import { initialPolicy } from './policy/initial-policy.ts';
import './styles.css';

// Start the engine workers and fetch the editor's chunk before anything else: they take longest.
getEngine();
void import('./editor/PolicyEditor.tsx');
registerOfflineSupport();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

void initialPolicy(location.hash).then(({ text }) => {
  createRoot(root).render(
    <StrictMode>
      <App initialText={text} />
    </StrictMode>,
  );
});
