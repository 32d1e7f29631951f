// End-to-end test: serve the real `trunk build --release` output (dist/) on 127.0.0.1 under a sub-path
// (proving relative asset URLs), open it in Debian's headless Chromium through playwright-core, visit
// every lab in both languages, drive the live ones, and fail on any console error or uncaught exception.
// Screenshots go to tests/e2e/artifacts/ (a build artefact, not committed).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const dist = path.join(top, 'dist');
const artifacts = path.join(here, 'artifacts');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json', '.gz': 'application/gzip' };
const BASE = '/nnlab/';

function serve() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (!url.pathname.startsWith(BASE)) { res.writeHead(404); return res.end('not here'); }
    let rel = decodeURIComponent(url.pathname.slice(BASE.length)) || 'index.html';
    const file = path.join(dist, rel);
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

let passed = 0, failed = 0;
const failures = [];
async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok   ${name}`); }
  catch (e) { failed++; failures.push(name); console.log(`FAIL ${name}\n     ${String(e && e.stack || e).split('\n').slice(0, 3).join('\n     ')}`); }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

if (!fs.existsSync(path.join(dist, 'index.html'))) { console.error('dist/index.html is missing: run `trunk build --release` (make test-e2e does).'); process.exit(2); }
fs.mkdirSync(artifacts, { recursive: true });
const server = await serve();
const origin = `http://127.0.0.1:${server.address().port}${BASE}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });

const problems = [];
async function openPage(viewport, hash = '', locale = 'ko-KR') {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 2, locale });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(origin + hash);
  await page.waitForSelector('.lab-link', { timeout: 20000 });
  return page;
}

// Texts that are raw i18n keys mean a string is missing from the table.
async function rawKeys(page) {
  return page.$$eval('[data-i18n]', (els) => els.filter((e) => e.textContent.trim() === e.getAttribute('data-i18n')).map((e) => e.getAttribute('data-i18n')));
}

// Inked (non-white) pixels of a canvas.
async function ink(page, sel) {
  return page.$eval(sel, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++;
    return n;
  });
}

const page = await openPage({ width: 1280, height: 860 });

await check('the page loads in Korean for a Korean browser, with a title from the table', async () => {
  assert((await page.getAttribute('html', 'lang')) === 'ko', 'html lang is not ko');
  const h1 = await page.textContent('header.top h1');
  assert(/신경망/.test(h1), `h1 is ${h1}`);
});

const labs = await page.$$eval('.lab-link', (as) => as.map((a) => a.getAttribute('href').slice(1)));
await check('the navigation lists the ten labs of the design, in its order', async () => {
  const design = ['perceptron', 'activation', 'loss', 'gradient', 'backprop', 'playground', 'optimizers', 'mnist', 'batchnorm', 'cnn'];
  assert(labs.join() === design.join(), `got ${labs.length}: ${labs}`);
});

// E2E_ONLY=robustness,mnist runs only those labs/<name>.mjs files and skips the tour of every lab.
const only = process.env.E2E_ONLY ? process.env.E2E_ONLY.split(',') : null;
for (const lang of only ? [] : ['ko', 'en']) {
  if (lang === 'en') await page.click('.lang-switch');
  for (const id of labs) {
    await check(`[${lang}] lab ${id} opens and every string is translated`, async () => {
      await page.click(`.lab-link[href="#${id}"]`);
      await page.waitForSelector(`#lab-${id}:not([hidden])`);
      // A heavy lab comes from the second wasm module (src/web/remote.rs): wait until it has built itself.
      await page.waitForFunction((s) => !document.querySelector(s), `#lab-${id} .remote-status`, { timeout: 30000 });
      assert((await page.getAttribute(`.lab-link[href="#${id}"]`, 'aria-current')) === 'page', 'nav not marked');
      const missing = await rawKeys(page);
      assert(missing.length === 0, `untranslated: ${missing.join(', ')}`);
      await page.screenshot({ path: path.join(artifacts, `${id}-${lang}.png`), fullPage: true });
    });
  }
}

if (!only) await check('the language switch changes the text and is remembered after a reload', async () => {
  assert((await page.getAttribute('html', 'lang')) === 'en', 'not English after the switch');
  const h1 = await page.textContent('header.top h1');
  assert(/from scratch/.test(h1), `h1 is ${h1}`);
  await page.reload();
  await page.waitForSelector('.lab-link');
  assert((await page.getAttribute('html', 'lang')) === 'en', 'the choice was not remembered');
});

// The labs' checks expect the shared page in English, as the tour leaves it; a partial run switches it too.
if (only && (await page.getAttribute('html', 'lang')) !== 'en') {
  await page.click('.lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

// Each lab's own checks live in labs/<id>.mjs: `export default async function (t)` with the helpers below.
const helpers = { page, check, assert, ink, openPage, origin, artifacts, path };
for (const f of fs.readdirSync(path.join(here, 'labs')).filter((f) => f.endsWith('.mjs') && (!only || only.includes(f.slice(0, -4)))).sort()) {
  const mod = await import(path.join(here, 'labs', f));
  await mod.default(helpers);
}

await check('keyboard: Tab reaches the language switch and the labs, Enter opens one', async () => {
  await page.goto(origin + '#perceptron');
  await page.waitForSelector('.lab-link');
  let reached = false;
  for (let i = 0; i < 30 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.getAttribute('href') === '#loss');
  }
  assert(reached, 'Tab never reached the loss lab link');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#lab-loss:not([hidden])');
});

await check('no console errors, page errors or failed requests', async () => {
  assert(problems.length === 0, problems.join('\n'));
});

await browser.close();
server.close();
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
if (failed) { console.log(`failed: ${failures.join('; ')}`); process.exit(1); }
