// nnlab's service worker: after the first visit the whole app works offline. It precaches the files listed
// in PRECACHE below, which www/pwa/precache.mjs (a Trunk post_build hook) writes from the built files with
// their content hashes, so the list cannot go stale. It serves them cache-first, from the cache of its own
// version only, so one page never mixes two builds. A new build is a new sw.js (its list changed): it installs
// beside the old one and waits; the page offers a reload, and only then does it take over (message 'activate').
// Nothing is fetched from any other origin: requests to other origins are not touched.
const PRECACHE = { version: 'dev', files: [] }; // replaced at build time by www/pwa/precache.mjs
const CACHE = `nnlab-${PRECACHE.version}`;
// The full module comes in two builds (www/pwa/full-module.mjs): nnlab-full-relaxed-* for browsers with relaxed
// SIMD, nnlab-full-* otherwise. The page picks one with this same test (src/gemm/probe.rs; a native test keeps
// the bytes equal), so only that one is precached: the other would be a download nobody uses.
const RELAXED_PROBE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x01, 0x60, 0x03,
  0x7b, 0x7b, 0x7b, 0x01, 0x7b, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20,
  0x02, 0xfd, 0x85, 0x02, 0x0b]);
const unused = (() => {
  const relaxed = (() => { try { return WebAssembly.validate(RELAXED_PROBE); } catch { return false; } })();
  return relaxed ? /^nnlab-full-[0-9a-f]+(\.js|_bg\.wasm)$/ : /^nnlab-full-relaxed-/;
})();
const scope = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` skips the HTTP cache, so the files are the ones this build listed.
  event.waitUntil(caches.open(CACHE).then((cache) =>
    cache.addAll(PRECACHE.files.filter((f) => !unused.test(f)).map((f) => new Request(new URL(f, scope), { cache: 'reload' })))));
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
