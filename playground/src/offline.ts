/** Registers the service worker of a production build, so the playground works offline after a first visit. */
export function registerOfflineSupport(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // After load: the first visit's own downloads come first, the precache after.
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch((err: unknown) => console.warn('offline support unavailable:', err));
  });
}
