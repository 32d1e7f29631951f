// `make lighthouse` (issue #14; not part of `make test`): Lighthouse (pinned in package.json here) against the
// local release build, served on 127.0.0.1 under a sub-path with gzip as static hosts do, in the system
// Chromium. Prints Performance, Accessibility, Best Practices and SEO for the mobile and desktop presets, and
// the wasm's size raw and gzipped. Scores are printed, never asserted. Reports go to tests/lighthouse/artifacts/.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../../dist');
const artifacts = path.join(here, 'artifacts');
const BASE = '/nnlab/';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain', '.gz': 'application/gzip' };
const COMPRESS = new Set(['.html', '.js', '.wasm', '.css', '.svg', '.webmanifest']);

if (!fs.existsSync(path.join(dist, 'index.html'))) { console.error('dist/ is missing: run `trunk build --release`.'); process.exit(2); }
fs.mkdirSync(artifacts, { recursive: true });

const gz = new Map();
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (!url.pathname.startsWith(BASE)) { res.writeHead(404); return res.end(); }
  const rel = decodeURIComponent(url.pathname.slice(BASE.length)) || 'index.html';
  const file = path.join(dist, rel);
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
  const ext = path.extname(file);
  // Hashed names (Trunk's filehash) never change: cache them for a year; the rest revalidates.
  const immutable = /-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$/.test(rel);
  const headers = { 'content-type': TYPES[ext] || 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' };
  let body = fs.readFileSync(file);
  if (COMPRESS.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    if (!gz.has(file)) gz.set(file, zlib.gzipSync(body, { level: 9 }));
    body = gz.get(file);
    headers['content-encoding'] = 'gzip';
  }
  res.writeHead(200, headers);
  res.end(body);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}${BASE}`;

// The first module (the first view) and the full one (loaded when a heavy lab opens; src/web/remote.rs).
for (const wasm of fs.readdirSync(dist).filter((f) => f.endsWith('.wasm')).sort()) {
  const raw = fs.readFileSync(path.join(dist, wasm));
  const gzSize = zlib.gzipSync(raw, { level: 9 }).length;
  const goal = wasm.startsWith('nnlab-full-') ? 'loaded on demand' : 'the first view; goal ≤ 400 KB';
  console.log(`wasm ${wasm}: ${(raw.length / 1024).toFixed(0)} KB, ${(gzSize / 1000).toFixed(1)} KB gzipped (-9); ${goal}`);
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const rows = [];
try {
  for (const [name, config] of [['mobile', undefined], ['desktop', desktopConfig]]) {
    const result = await lighthouse(url, { port: chrome.port, output: 'html', logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'] }, config);
    const lhr = result.lhr;
    fs.writeFileSync(path.join(artifacts, `${name}.html`), result.report);
    fs.writeFileSync(path.join(artifacts, `${name}.json`), JSON.stringify(lhr, null, 1));
    const s = (id) => Math.round(lhr.categories[id].score * 100);
    const a = (id) => lhr.audits[id]?.displayValue || 'n/a';
    rows.push(`| ${name} | ${s('performance')} | ${s('accessibility')} | ${s('best-practices')} | ${s('seo')} | ${a('first-contentful-paint')} | ${a('largest-contentful-paint')} | ${a('total-blocking-time')} | ${a('cumulative-layout-shift')} | ${a('interactive')} |`);
    // What kept a category below 100: the failing audits with weight, for the notes.
    for (const [id, cat] of Object.entries(lhr.categories)) {
      const failing = cat.auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
        .map((r) => `${r.id} (${lhr.audits[r.id].displayValue || lhr.audits[r.id].score})`);
      if (failing.length) console.log(`  ${name} ${id} below 1: ${failing.join(', ')}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
console.log(`\nLighthouse ${JSON.parse(fs.readFileSync(path.join(here, 'node_modules/lighthouse/package.json'))).version}, ${new Date().toISOString().slice(0, 10)}, ${url} (gzip)\n`);
console.log('| preset | Performance | Accessibility | Best Practices | SEO | FCP | LCP | TBT | CLS | TTI |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
