/**
 * Registers the service worker (`public/sw.js`), which keeps the app shell for fast and offline starts and never
 * caches the API. Production builds only: in development it would serve stale modules to Vite's dev server.
 */

declare global {
  interface ImportMeta {
    /** Set by Vite at build time. */
    readonly env: { readonly PROD: boolean };
  }
}

/** Registers `/sw.js` once the page has loaded, where service workers are available (HTTPS or localhost). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      // The app works without it; only offline starts are lost.
      console.warn('Morsel could not register its service worker', error);
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
