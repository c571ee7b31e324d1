/*
 * Morsel's service worker: keeps the app shell (the page and its built, content-hashed assets) so the app opens
 * fast and even offline. It never caches the API: /api, /xapi and /healthz always go to the network, so
 * nothing a learner answers or is shown about their progress is ever stale or kept on the device.
 *
 * - Pages (navigations): network first; offline, the last shell seen.
 * - /assets/* (hashed by Vite, never change): cache first.
 * - Icons and the manifest: cache, refreshed in the background.
 */
const CACHE = 'morsel-shell-v1';
const SHELL_URL = '/learn';

const isNeverCached = (url) => url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname.startsWith('/xapi/') || url.pathname === '/healthz' || url.pathname === '/sw.js';

/** The assets a shell page loads (scripts, styles, preloads), from its HTML. */
function assetsOf(html) {
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
}

async function cacheShell() {
  const cache = await caches.open(CACHE);
  const response = await fetch(SHELL_URL, { cache: 'no-cache', credentials: 'same-origin' });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(SHELL_URL, response);
  await cache.addAll(['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon.svg', ...assetsOf(html)]);
}

/** Keeps the shell current; after a new build, drops the assets only the old build loaded. */
async function rememberShell(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const previous = await cache.match(SHELL_URL);
  const previousHtml = previous ? await previous.text() : '';
  await cache.put(SHELL_URL, response);
  if (!previousHtml || previousHtml === html) return;
  const current = new Set(assetsOf(html));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !current.has(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().catch(() => undefined).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('morsel-') && name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || isNeverCached(url)) return;

  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          const type = response.headers.get('content-type') ?? '';
          if (response.ok && type.startsWith('text/html')) event.waitUntil(rememberShell(response.clone()).catch(() => undefined));
          return response;
        } catch (error) {
          const shell = await caches.match(SHELL_URL);
          if (shell) return shell;
          throw error;
        }
      })(),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })(),
    );
    return;
  }

  if (url.pathname === '/manifest.webmanifest' || url.pathname.startsWith('/icons/')) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        const cached = await cache.match(request);
        const refreshed = fetch(request)
          .then((response) => {
            if (response.ok) void cache.put(request, response.clone());
            return response;
          })
          .catch(() => undefined);
        if (cached) {
          event.waitUntil(refreshed);
          return cached;
        }
        return (await refreshed) ?? Response.error();
      })(),
    );
  }
});
