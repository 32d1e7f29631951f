// Times the batch norm lab's full experiments in the browser (not part of `make test`; speed is never asserted):
// the book's 16 weight scales × 20 epochs with and without batch norm, and the random search (100 trials × 50
// epochs), each in the worker of the release build, read from the page. Needs `trunk build --release` first.
// `node tests/e2e/batchnorm_time.mjs [scales|search|both]` (default both).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(top, 'dist');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.gz': 'application/gzip' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1)) || 'index.html';
  const f = path.join(dist, rel);
  if (!f.startsWith(dist) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(f)] || 'application/octet-stream' });
  fs.createReadStream(f).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })).newPage();
const which = process.argv[2] || 'both';
const L = '#lab-batchnorm';
async function time(kind, done) {
  await page.goto(origin + '#batchnorm?lang=en');
  await page.waitForSelector(`${L}:not([hidden])`);
  const t0 = Date.now();
  await page.click(`${L} [data-role=bn-${kind}-run]`);
  await page.waitForSelector(done, { timeout: 4 * 3600 * 1000 });
  const s = (Date.now() - t0) / 1000;
  const place = await page.getAttribute(`${L} [data-role=bn-${kind}-status]`, 'data-place');
  console.log(`${kind}: ${s.toFixed(0)} s (${place})`);
  return s;
}
if (which !== 'search') {
  await time('scales', `${L} [data-role=bn-scales-count-done][data-done="16"]`);
  console.log(await page.textContent(`${L} [data-role=bn-scales-results]`));
}
if (which !== 'scales') {
  await time('search', `${L} [data-role=bn-search-count][data-done="100"]`);
  console.log(await page.textContent(`${L} [data-role=bn-search-best-table]`));
}
await browser.close();
server.close();
