// End-to-end checks of issue #14: after one visit the app works offline (the service worker's precache), a new
// build is offered as a reload instead of mixing versions, and a page whose wasm cannot load says so in both
// languages. The update check runs its own small server over dist/, so it can "deploy" a changed sw.js.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist');
const BASE = '/nnlab/';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

// dist/ under BASE; `build` > 1 serves a sw.js whose precache version differs (a new build on the server).
function deployServer() {
  const state = { build: 1, requests: [] };
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(BASE.length)) || 'index.html';
    state.requests.push(rel);
    const file = path.join(dist, rel);
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
    let body = fs.readFileSync(file);
    if (rel === 'sw.js' && state.build > 1) {
      body = Buffer.from(String(body).replace(/"version":"([^"]+)"/, `"version":"$1-build${state.build}"`));
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, state,
    url: `http://127.0.0.1:${server.address().port}${BASE}` })));
}

// Resolves once a service worker is active for the page (so everything it precaches is in its cache).
const swReady = (p) => p.evaluate(() => navigator.serviceWorker.ready.then((r) => !!r.active));

export default async function ({ page, check, assert, openPage, artifacts }) {
  const labs = await page.$$eval('.lab-link', (as) => as.map((a) => a.getAttribute('href').slice(1)));

  await check('offline: after one visit, a reload without network opens every lab, MNIST digits included', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '#perceptron', 'en-US');
    const failed = [];
    p.on('requestfailed', (r) => failed.push(r.url()));
    assert(await swReady(p), 'no active service worker');
    await p.context().setOffline(true);
    await p.reload();
    await p.waitForSelector('.lab-link', { timeout: 20000 });
    assert(await p.evaluate(() => !!navigator.serviceWorker.controller), 'the reloaded page is not served by the worker');
    for (const id of labs) {
      await p.click(`.lab-link[href="#${id}"]`);
      await p.waitForSelector(`#lab-${id}:not([hidden]) .lab-head + *`);
    }
    const L = '#lab-mnist';
    await p.click('.lab-link[href="#mnist"]');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const status = await p.textContent(`${L} .mnist-status`);
    assert(/8000/.test(status), `MNIST status offline: ${status}`);
    // Training starts the worker, which loads the wasm again: from the cache too.
    await p.click(`${L} [data-role=run]`);
    await p.waitForFunction((sel) => Number((document.querySelector(sel).textContent.match(/(\d+)\s*\//) || [])[1]) > 0,
      `${L} .mnist-progress-text`, { timeout: 20000 });
    await p.click(`${L} [data-role=run]`);
    assert(failed.length === 0, `failed requests offline: ${failed.join(', ')}`);
    await p.context().close();
  });

  await check('a new build on the server is offered as a reload (both languages), and the reload switches to it', async () => {
    const { server, state, url } = await deployServer();
    const ctx = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR' });
    try {
      const p = await ctx.newPage();
      const errors = [];
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await p.goto(url + '#loss');
      await p.waitForSelector('.lab-link', { timeout: 20000 });
      assert(await swReady(p), 'no active service worker');
      const oldCaches = await p.evaluate(() => caches.keys());
      assert(oldCaches.length === 1, `caches on the first visit: ${oldCaches}`);
      assert(await p.isHidden('#nnlab-update'), 'the banner shows on the first visit');
      // Deploy: the server now has a new sw.js (a new precache version). The next page load finds it.
      state.build = 2;
      await p.reload();
      await p.waitForSelector('.lab-link', { timeout: 20000 });
      await p.waitForSelector('#nnlab-update:not([hidden])', { timeout: 20000 });
      const text = await p.textContent('#nnlab-update');
      assert(/새 버전/.test(text) && /new version/.test(text), `banner: ${text}`);
      // Until the user accepts, the page stays on the old build's cache.
      assert(await p.evaluate(() => navigator.serviceWorker.controller.state === 'activated'), 'no controller');
      await p.screenshot({ path: path.join(artifacts, 'update-banner.png') });
      await Promise.all([p.waitForEvent('load', { timeout: 20000 }), p.click('#nnlab-update button')]);
      await p.waitForSelector('.lab-link', { timeout: 20000 });
      // Only the new build's cache is left, and the page is controlled by the new worker.
      const caches1 = await p.evaluate(() => caches.keys());
      assert(caches1.length === 1 && /-build2$/.test(caches1[0]), `caches after the reload: ${caches1} (before: ${oldCaches})`);
      assert(await p.isHidden('#nnlab-update'), 'the banner is still there after the reload');
      assert(errors.length === 0, errors.join('\n'));
    } finally {
      await ctx.close();
      server.close();
    }
  });

  await check('a blocked .wasm: the page says so in Korean and English, names the browsers, keeps its text', async () => {
    // No service worker here (it would answer the wasm request from its cache, past the block).
    const ctx = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, serviceWorkers: 'block' });
    try {
      const p = await ctx.newPage();
      await p.route('**/*.wasm', (r) => r.abort());
      await p.goto(page.url().split('#')[0]);
      await p.waitForSelector('#nnlab-fail:not([hidden])', { timeout: 20000 });
      const text = await p.textContent('#nnlab-fail');
      assert(/실행할 수 없습니다/.test(text) && /cannot run in this browser/.test(text), `message: ${text}`);
      assert(/불러오지 못했습니다/.test(text) && /failed to load/.test(text), `no reason given: ${text}`);
      assert(/Chrome.*91/.test(text) && /Firefox 114/.test(text) && /Safari 16\.4/.test(text), `no browser versions: ${text}`);
      assert(await p.isVisible('.boot h1'), 'the static title is gone');
      assert(await p.isHidden('.boot-status'), '"Loading…" still shows');
      await p.screenshot({ path: path.join(artifacts, 'wasm-blocked.png') });
    } finally {
      await ctx.close();
    }
  });
}
