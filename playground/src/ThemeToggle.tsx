/** A button that switches between the light and dark themes. */
import type { Theme } from './theme.ts';

export function ThemeToggle({ theme, onToggle }: { theme: Theme; onToggle(): void }) {
  return (
    <button type="button" className="secondary" aria-pressed={theme === 'dark'} onClick={onToggle} data-testid="theme-toggle">
      {theme === 'dark' ? '☀ Light theme' : '☾ Dark theme'}
    </button>
  );
}
