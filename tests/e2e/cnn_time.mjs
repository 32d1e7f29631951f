// Times the book's SimpleConvNet recipe in the CNN lab (not part of `make test`; speed is never asserted):
// ch07/train_convnet.py's defaults (30 filters 5×5, hidden 100, Adam lr 0.001, batch 100, 20 epochs) on 8,000 of
// the bundled digits, trained in the worker of the release build, from the click on Train to the last epoch;
// then the weights are exported and imported again, so the accuracy is measured on all 2,000 held-out digits.
// Needs `trunk build --release` first. `node tests/e2e/cnn_time.mjs [epochs]` (default 20, the book's).
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
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', acceptDownloads: true })).newPage();
const epochs = Number(process.argv[2] || 20);
const L = '#lab-cnn';
await page.goto(origin + `#cnn?lang=en&cep=${epochs}`);
await page.waitForSelector(`${L} [data-role=state][data-state=paused]`, { timeout: 120000 });
console.log(await page.textContent(`${L} [data-role=shape]`));
const t0 = Date.now();
await page.click(`${L} [data-role=run]`);
await page.waitForSelector(`${L} [data-role=state][data-state=done]`, { timeout: 4 * 3600 * 1000 });
const s = (Date.now() - t0) / 1000;
const speed = await page.textContent(`${L} [data-role=speed]`);
const sps = Number(await page.getAttribute(`${L} [data-role=speed]`, 'data-samples-per-s'));
const table = await page.getAttribute(`${L} [data-role=acc-table]`, 'data-test-acc');
console.log(`${epochs} epochs on 8000 bundled digits: ${s.toFixed(1)} s from the click; ${sps.toFixed(0)} samples/s (${speed})`);
console.log(`last epoch's test accuracy on the first 1000 held-out digits: ${table}`);
const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`${L} [data-role=export]`)]);
const bytes = fs.readFileSync(await dl.path());
await page.setInputFiles(`${L} input[data-role=params-file]`, { name: 'trained.npz', mimeType: 'application/zip', buffer: bytes });
await page.waitForSelector(`${L} [data-role=imported][data-acc]`, { timeout: 600000 });
console.log(await page.textContent(`${L} [data-role=imported]`));
await browser.close();
server.close();
