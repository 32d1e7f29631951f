// `make bench-threads`, last part (issue #17 item 3): the CNN lab itself, 1 worker against CW_SPLIT (2) workers
// splitting each batch (`cw` in the link). Serve dist/ (the `trunk build --release` output) on 127.0.0.1, open
// the lab in Debian's headless Chromium with the book's SimpleConvNet (30 filters 5×5, hidden 100, Adam 0.001,
// batch 100) on CW_DIGITS (4,000) digits for CW_EPOCHS (2) epochs, press Train 3 s after the page is ready, and time the click to the final accuracy.
// Rounds interleave the two settings; the speed-up is the median over rounds of the ratio within a round. Also
// prints the lab's own samples/s (steps only) and the page's frames per second meanwhile. Speed is printed, never
// asserted; exits non-zero only when a run does not finish or its replicas are not what the link asked for.
// Env: CW_ROUNDS (3), CW_SPLIT (2), CW_DIGITS (4000), CW_EPOCHS (2), CW_DIST (dist/), CHROMIUM (/usr/bin/chromium).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const dist = process.env.CW_DIST || path.join(top, 'dist');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');

const rounds = Number(process.env.CW_ROUNDS || 3);
const split = Number(process.env.CW_SPLIT || 2);
const digits = Number(process.env.CW_DIGITS || 4000);
const epochs = Number(process.env.CW_EPOCHS || 2);
if (!fs.existsSync(path.join(dist, 'index.html'))) { console.error(`${dist} has no index.html: run \`trunk build --release\``); process.exit(2); }

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.wasm': 'application/wasm', '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const file = path.join(dist, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname));
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
const load = () => os.loadavg().map((v) => v.toFixed(2)).join(' ');

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'] });
const L = '#lab-cnn';
let bad = 0;

async function run(cw) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', serviceWorkers: 'block' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => { bad++; console.log(`FAIL page error: ${e.message}`); });
  await page.goto(`${origin}/#cnn?cep=${epochs}&cn=${digits}&cw=${cw}`);
  await page.waitForSelector(`${L} [data-role=state][data-state=paused]`, { timeout: 120000 });
  // A reader presses Train seconds after the page is ready; meanwhile the helper workers load (cw ≥ 2). Both
  // settings wait the same.
  await page.waitForTimeout(3000);
  await page.evaluate(() => { window.__f = 0; window.__on = true; const f = () => { window.__f++; if (window.__on) requestAnimationFrame(f); }; requestAnimationFrame(f); });
  const t0 = Date.now();
  await page.click(`${L} [data-role=run]`);
  await page.waitForSelector(`${L} [data-role=state][data-state=done]`, { timeout: 900000 });
  const ms = Date.now() - t0;
  const frames = await page.evaluate(() => { window.__on = false; return window.__f; });
  const sps = Number(await page.getAttribute(`${L} [data-role=speed]`, 'data-samples-per-s'));
  const replicas = Number(await page.getAttribute(`${L} [data-role=speed]`, 'data-replicas'));
  const acc = Number(await page.getAttribute(`${L} [data-role=acc-table]`, 'data-test-acc'));
  await ctx.close();
  if (replicas !== cw) { bad++; console.log(`FAIL cw=${cw} trained with ${replicas} workers`); }
  return { ms, sps, fps: frames / (ms / 1000), acc };
}

console.log(`cnn-lab-workers: ${os.cpus().length} cores, load ${load()}; SimpleConvNet (book), ${digits} digits, ${epochs} epochs (${epochs * digits / 100} steps + at each epoch end the accuracy on 1,000 + 1,000 digits); ${rounds} rounds`);
const ratios = [], ratiosSps = [];
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? [split, 1] : [1, split];
  const res = {};
  for (const cw of order) res[cw] = await run(cw);
  for (const cw of [1, split]) {
    const x = res[cw];
    console.log(`round ${r + 1} cw=${cw}: ${(x.ms / 1000).toFixed(2)} s click to done, ${x.sps.toFixed(0)} samples/s in the steps, ${x.fps.toFixed(0)} fps, test accuracy ${x.acc}`);
  }
  ratios.push(res[1].ms / res[split].ms);
  ratiosSps.push(res[split].sps / res[1].sps);
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`${split} workers ÷ 1: ${median(ratios).toFixed(2)}× click to done, ${median(ratiosSps).toFixed(2)}× samples/s (medians over rounds); load ${load()}`);
await browser.close();
server.close();
process.exit(bad ? 1 : 0);
