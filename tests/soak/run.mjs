// `make soak` (issue #13; not part of `make test`): serve the release build (dist/) on 127.0.0.1, train MNIST in
// one tab (the book's 784-50-10 recipe, restarted whenever a run ends) and the playground (a 2-8-8-1 spiral) in
// another, for SOAK_MINUTES (default 60), printing every minute the JS heap of each tab, the page's wasm memory,
// and the resident memory (RSS) of Chromium's renderer processes, then the growth over the run. Memory is only
// printed, never asserted (a soak is a measurement). The table also goes to tests/soak/artifacts/latest.md.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const dist = process.env.SOAK_DIST || path.join(top, 'dist');
const artifacts = path.join(here, 'artifacts');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');
const MINUTES = Number(process.env.SOAK_MINUTES || 60);
const EVERY_S = Number(process.env.SOAK_EVERY_S || 60);

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.gz': 'application/gzip' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).slice(1) || 'index.html';
  const file = path.join(dist, rel);
  if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}/`;
// One browser per tab, each tagged, so the resident memory of each tab's renderer is measured on its own.
const launch = (tag) => chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [`--nnlab-soak=${process.pid}-${tag}`, '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--disable-background-timer-throttling',
    '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'] });
const browsers = { mnist: await launch('mnist'), play: await launch('play') };
async function contextOf(b) {
  const context = await b.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
  // The module's memory: trunk's start event carries the wasm exports.
  await context.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__soakWasm = e.detail && e.detail.wasm; }));
  return context;
}
const contexts = { mnist: await contextOf(browsers.mnist), play: await contextOf(browsers.play) };
const errors = [];

async function open(hash, which) {
  const context = contexts[which];
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(origin + hash);
  await p.waitForSelector('.lab-link', { timeout: 30000 });
  return p;
}

// Short runs (restarted when done): a long one could pass the lab's one-hour limit on a loaded machine.
const mnist = await open('#mnist?h=50&it=20000', 'mnist');
await mnist.waitForSelector('#lab-mnist button.mnist-digit', { timeout: 30000 });
const play = await open('#playground?d=spiral&n=500&nz=0.1&tr=0.3&h=8,8&a=tanh,tanh&o=sigmoid&i=xavier&opt=adam&lr=0.03&bs=10', 'play');
await play.waitForSelector('#lab-playground:not([hidden]) .pg-play');
await mnist.click('#lab-mnist [data-role=run]');
await play.click('#lab-playground .pg-play');

const mb = (b) => (b / 1048576).toFixed(1);
async function sample(p, which) {
  const cdp = await contexts[which].newCDPSession(p);
  const heap = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  // Both modules' memories: the first module's and, once a heavy lab opened, the full one's (src/web/remote.rs).
  const wasm = await p.evaluate(() => [window.__soakWasm, window.__nnlabFull]
    .reduce((n, m) => n + (m && m.memory ? m.memory.buffer.byteLength : 0), 0));
  // The training worker runs its own copy of the module, with its own memory.
  let worker = 0;
  for (const w of p.workers()) worker += await w.evaluate(() => (self.__nnlabMemory ? self.__nnlabMemory.buffer.byteLength : 0)).catch(() => 0);
  return { heap: heap.usedSize, wasm, worker };
}
// RSS of the renderer processes that descend from this run's browser (found by its tag).
function rendererRss(tag) {
  try {
    const procs = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => {
      const [pid, ppid, rss, ...args] = l.trim().split(/\s+/);
      return { pid: Number(pid), ppid: Number(ppid), rss: Number(rss) * 1024, args: args.join(' ') };
    });
    const ours = new Set(procs.filter((p) => p.args.includes(`--nnlab-soak=${process.pid}-${tag}`)).map((p) => p.pid));
    for (let grew = true; grew;) {
      grew = false;
      for (const p of procs) if (!ours.has(p.pid) && ours.has(p.ppid)) { ours.add(p.pid); grew = true; }
    }
    return procs.filter((p) => ours.has(p.pid) && /--type=renderer/.test(p.args)).reduce((s, p) => s + p.rss, 0);
  } catch { return 0; }
}

const rows = [];
console.log('| minute | MNIST iteration | MNIST JS heap MB | MNIST wasm MB | MNIST worker wasm MB | playground JS heap MB | playground wasm MB | MNIST tab RSS MB | playground tab RSS MB |');
console.log('|---|---|---|---|---|---|---|---|---|');
const t0 = Date.now();
for (let m = 0; m <= MINUTES; m++) {
  if (m > 0) await new Promise((ok) => setTimeout(ok, EVERY_S * 1000));
  // A finished run is restarted, so the soak keeps training.
  const text = await mnist.textContent('#lab-mnist .mnist-progress-text');
  const [it, total] = (text.match(/(\d+)\s*\/\s*(\d+)/) || []).slice(1).map(Number);
  if (it >= total) {
    // A finished run does not resume: reset it and train again.
    await mnist.click('#lab-mnist [data-role=reset]');
    await mnist.click('#lab-mnist [data-role=run]');
  }
  const a = await sample(mnist, 'mnist'), b = await sample(play, 'play');
  const row = { m, it, a, b, rssA: rendererRss('mnist'), rssB: rendererRss('play') };
  row.rss = row.rssA + row.rssB;
  rows.push(row);
  const line = `| ${m} | ${it} | ${mb(a.heap)} | ${mb(a.wasm)} | ${mb(a.worker)} | ${mb(b.heap)} | ${mb(b.wasm)} | ${mb(row.rssA)} | ${mb(row.rssB)} |`;
  console.log(line);
}
// Then a full garbage collection in both tabs (V8 and the DOM's heap): what stays is live memory, what goes was
// garbage that the tabs' small JS heaps had not yet given the collector a reason to take.
for (const [which, p] of [['mnist', mnist], ['play', play]]) {
  const cdp = await contexts[which].newCDPSession(p);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.detach();
}
await new Promise((ok) => setTimeout(ok, 5000));
const afterGc = { a: rendererRss('mnist'), b: rendererRss('play') };
console.log(`after a forced GC: MNIST tab RSS ${mb(afterGc.a)} MB, playground tab RSS ${mb(afterGc.b)} MB`);
const first = rows[1] || rows[0], last = rows[rows.length - 1];
const growth = (f) => `${mb(f(last) - f(first))} MB (${(100 * (f(last) / f(first) - 1)).toFixed(1)} %)`;
const summary = [
  `soak: ${((Date.now() - t0) / 60000).toFixed(1)} minutes; growth from minute ${first.m} to ${last.m}:`,
  `  MNIST JS heap ${growth((r) => r.a.heap)}, MNIST wasm ${growth((r) => r.a.wasm)}, MNIST worker wasm ${growth((r) => r.a.worker)}, playground JS heap ${growth((r) => r.b.heap)},`,
  `  playground wasm ${growth((r) => r.b.wasm)}, MNIST tab RSS ${growth((r) => r.rssA)}, playground tab RSS ${growth((r) => r.rssB)}; page errors: ${errors.length}`,
  `  after a forced GC at the end: MNIST tab RSS ${mb(afterGc.a)} MB, playground tab RSS ${mb(afterGc.b)} MB (minute ${first.m}: ${mb(first.rssA)} and ${mb(first.rssB)})`,
];
console.log(summary.join('\n'));
fs.mkdirSync(artifacts, { recursive: true });
fs.writeFileSync(path.join(artifacts, 'latest.md'), ['| minute | MNIST iteration | MNIST JS heap MB | MNIST wasm MB | MNIST worker wasm MB | playground JS heap MB | playground wasm MB | MNIST tab RSS MB | playground tab RSS MB |', '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.m} | ${r.it} | ${mb(r.a.heap)} | ${mb(r.a.wasm)} | ${mb(r.a.worker)} | ${mb(r.b.heap)} | ${mb(r.b.wasm)} | ${mb(r.rssA)} | ${mb(r.rssB)} |`), '', ...summary, ''].join('\n'));
for (const b of Object.values(browsers)) await b.close();
server.close();
if (errors.length) { console.log(errors.join('\n')); process.exit(1); }
