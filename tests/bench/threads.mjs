// `make bench-threads` driver (issue #17 item 3; not part of `make test`): serve dist/ (the `trunk build --release`
// output) and tests/bench/ on 127.0.0.1, open threads.html in Debian's headless Chromium, train 784-100-10 and
// SimpleConvNet with 1 worker and with THREADS_WORKERS (2) workers splitting each batch (threads-page.mjs), and
// print samples/s, the speed-up of N workers over 1 (median over rounds of the ratio within a round, since the
// rounds interleave the contestants under the same load), the loss agreement and the load average before and
// after, with the ceiling of any N-way split under that load (N workers training alone at once). Exits non-zero when the losses disagree (first step beyond 1e-4 relative, the mean of the last 50 beyond
// 1%), the one-part protocol differs from the Trainer by a single bit, the workers' replicas end up different, or
// the page reports an error. Speed is only printed, never asserted.
// Env: THREADS_ROUNDS (3), THREADS_WORKERS (2), THREADS_MLP_STEPS (500), THREADS_CNN_STEPS (100),
// THREADS_NETS ("mlp,cnn"), CHROMIUM (/usr/bin/chromium).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const dist = path.join(top, 'dist');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');

const cfg = {
  rounds: Number(process.env.THREADS_ROUNDS || 3),
  workers: Number(process.env.THREADS_WORKERS || 2),
  mlpSteps: Number(process.env.THREADS_MLP_STEPS || 500),
  cnnSteps: Number(process.env.THREADS_CNN_STEPS || 100),
  nets: (process.env.THREADS_NETS || 'mlp,cnn').split(','),
};
const problems = [];
const fail = (msg) => { problems.push(msg); console.log(`FAIL ${msg}`); };
const load = () => os.loadavg().map((v) => v.toFixed(2)).join(' ');

const files = fs.existsSync(dist) ? fs.readdirSync(dist) : [];
const nnlabJs = files.find((f) => /^nnlab-full-[0-9a-f]+\.js$/.test(f));
const nnlabWasm = files.find((f) => /^nnlab-full-[0-9a-f]+_bg\.wasm$/.test(f));
if (!nnlabJs || !nnlabWasm) { console.error('dist/ has no nnlab-full-*.js and nnlab-full-*_bg.wasm: run `trunk build --release` (make bench-threads does).'); process.exit(2); }

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.gz': 'application/gzip' };
const ROOTS = { '/dist/': dist, '/bench/': here };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const prefix = Object.keys(ROOTS).find((p) => url.pathname.startsWith(p));
  const root = prefix && ROOTS[prefix];
  const file = root && path.join(root, decodeURIComponent(url.pathname.slice(prefix.length)));
  if (!file || !file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;

const loadBefore = load();
console.log(`bench-threads: ${os.cpus().length} cores (${os.cpus()[0]?.model}); load average ${loadBefore} (1, 5, 15 min)`);
console.log(`${cfg.rounds} rounds; 784-100-10: 20 warm-up + ${cfg.mlpSteps} timed steps; SimpleConvNet: 3 + ${cfg.cnnSteps}; batch 100`);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'] });
const page = await browser.newPage();
page.on('console', (m) => {
  if (m.type() === 'error') fail(`console error: ${m.text()}`);
  else if (m.text().startsWith('[bench]')) console.log(`  ${m.text().slice(8)}`);
});
page.on('pageerror', (e) => fail(`page error: ${e.message}`));
page.on('response', (r) => { if (r.status() >= 400) fail(`HTTP ${r.status()}: ${r.url()}`); });
let out = null;
try {
  await page.goto(`${origin}/bench/threads.html`);
  await page.waitForFunction(() => window.threadsReady === true, null, { timeout: 30000 });
  out = await page.evaluate((c) => window.runThreads(c), { ...cfg, nnlabJs, nnlabWasm });
} catch (e) {
  fail(`the page failed: ${e.message}`);
}
await browser.close();
server.close();
const loadAfter = load();

const median = (a) => { const s = [...a].sort((p, q) => p - q); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
if (out) {
  console.log(`\nChromium: ${out.userAgent.match(/Chrome\/[\d.]+/)?.[0]}; navigator.hardwareConcurrency ${out.hardwareConcurrency}`);
  console.log(`\n| network | contestant | samples/s per round | median | ÷ 1 worker (median of per-round ratios) | first loss | max rel. loss diff | last-50 mean diff |`);
  console.log('|---|---|---|---:|---:|---:|---:|---:|');
  for (const r of out.results) {
    const base = r.contestants[0];
    for (const c of r.contestants) {
      const sps = (ms) => (c.factor * out.bs * r.steps * 1000) / ms;
      const ratios = c.ms.map((ms, k) => (c.factor * base.ms[k]) / ms);
      if (c.other) {
        console.log(`| ${r.net} | ${c.name} | ${c.ms.map((ms) => sps(ms).toFixed(0)).join(', ')} | ${sps(median(c.ms)).toFixed(0)} | ${median(ratios).toFixed(2)}× | | | |`);
        continue;
      }
      const diffs = c.losses.map((v, k) => rel(v, base.losses[k]));
      const last = (a) => mean(a.slice(-50));
      const lastDiff = rel(last(c.losses), last(base.losses));
      console.log(`| ${r.net} | ${c.name} | ${c.ms.map((ms) => sps(ms).toFixed(0)).join(', ')} | ${sps(median(c.ms)).toFixed(0)} | ${c === base ? '' : `${median(ratios).toFixed(2)}×`} | ${c.losses[0].toFixed(6)} | ${c === base ? '' : Math.max(...diffs).toExponential(1)} | ${c === base ? '' : lastDiff.toExponential(1)} |`);
      if (c === base) continue;
      if ((c.workers === 1 || c.factor > 1) && diffs.some((d) => d !== 0)) fail(`${r.net} ${c.name}: losses differ from the Trainer's by a bit (the same steps on one worker)`);
      if (diffs[0] > 1e-4 || lastDiff > 0.01) fail(`${r.net} ${c.name}: losses disagree (first ${diffs[0]}, last-50 ${lastDiff})`);
      if (c.hashes && new Set(c.hashes).size > 1) fail(`${r.net} ${c.name}: the replicas differ at the end (hashes ${c.hashes.join(', ')})`);
    }
  }
}
console.log(`\nload average before ${loadBefore}, after ${loadAfter}. The machine may be shared: compare the ratios, not the rates.`);
if (problems.length) { console.log(`\n${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`); process.exit(1); }
