// `make screenshot`: the README's picture of the app (www/img/screenshot.png), taken from the release build in
// dist/ by the same headless Chromium and playwright-core as the end-to-end test, so it is never edited by hand.
// SCREENSHOT_HASH picks the view (default: the optimizer race on the book's figure 6-8 surface, in English).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(top, 'dist');
const out = path.join(top, 'www/img/screenshot.png');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');
const hash = process.env.SCREENSHOT_HASH || '#optimizers';

if (!fs.existsSync(path.join(dist, 'index.html'))) { console.error('dist/ is missing: run `trunk build --release`.'); process.exit(2); }
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1)) || 'index.html';
  const file = path.join(dist, rel);
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
  const type = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.css': 'text/css' }[path.extname(file)];
  res.writeHead(200, type ? { 'content-type': type } : {});
  res.end(fs.readFileSync(file));
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'] });
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-US',
    serviceWorkers: 'block' });
  const page = await ctx.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/${hash}`);
  const id = hash.slice(1).split('?')[0];
  await page.waitForSelector(`#lab-${id}:not([hidden]) canvas`, { timeout: 20000 });
  await page.waitForTimeout(Number(process.env.SCREENSHOT_WAIT_MS || 4000));
  await page.screenshot({ path: out });
  console.log(`${path.relative(top, out)}: ${fs.statSync(out).size} bytes (${hash}, 1280×800, English)`);
} finally {
  await browser.close();
  server.close();
}
