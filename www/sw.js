// nnlab's service worker: after the first visit the whole app works offline. It precaches the files listed
// in PRECACHE below, which www/pwa/precache.mjs (a Trunk post_build hook) writes from the built files with
// their content hashes, so the list cannot go stale. It serves them cache-first, from the cache of its own
// version only, so one page never mixes two builds. A new build is a new sw.js (its list changed): it installs
// beside the old one and waits; the page offers a reload, and only then does it take over (message 'activate').
// Nothing is fetched from any other origin: requests to other origins are not touched.
const PRECACHE = { version: 'dev', files: [] }; // replaced at build time by www/pwa/precache.mjs
const CACHE = `nnlab-${PRECACHE.version}`;
const scope = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` skips the HTTP cache, so the files are the ones this build listed.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(PRECACHE.files.map((f) => new Request(new URL(f, scope), { cache: 'reload' })))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('nnlab-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // A page load of any URL in scope (with or without index.html, any query) gets this build's page.
    const hit = req.mode === 'navigate'
      ? await cache.match(new URL('index.html', scope).href)
      : await cache.match(req, { ignoreSearch: true });
    return hit || fetch(req);
  })());
});
