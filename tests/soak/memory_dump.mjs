// `node tests/soak/memory_dump.mjs` (issue #13; not part of `make test`): where a tab's memory goes, by allocator.
// Serves dist/, trains the playground (or HASH=… with PLAY=<selector of its run button>, e.g. the MNIST lab) for M
// minutes (default 12) and every EVERY minutes (default 3) asks Chromium for a memory-infra dump (CDP
// Tracing.requestMemoryDump) and prints, per process, Blink's GC heap, V8, malloc, the partition allocator, canvas and
// the compositor, with the change since the last dump, and the renderer's RSS. HIDE=<css selector> hides elements
// (display: none) to test whether drawing them is what grows. RESET=<selector of its reset button> restarts the run
// every minute (reset, then PLAY), as `make soak` does for MNIST. Printed, never asserted.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');
const dist = process.env.DIST || path.join(top, 'dist');
const MINUTES = Number(process.env.M || 12);
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.gz': 'application/gzip' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).slice(1) || 'index.html';
  const file = path.join(dist, rel);
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}/`;
const tag = `probe-${process.pid}`;
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [`--nnlab-soak=${tag}`, '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--enable-precise-memory-info', '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
const p = await ctx.newPage();
if (process.env.HASH) { await p.goto(origin + process.env.HASH); await p.waitForTimeout(4000); await p.click(process.env.PLAY); } else { await p.goto(origin + '#playground?d=spiral&n=500&nz=0.1&tr=0.3&h=8,8&a=tanh,tanh&o=sigmoid&i=xavier&opt=adam&lr=0.03&bs=10');
await p.waitForSelector('#lab-playground:not([hidden]) .pg-play');
await p.click('#lab-playground .pg-play'); }
if (process.env.HIDE) await p.addStyleTag({ content: process.env.HIDE + ' { display: none !important; }' });
const cdp = await ctx.newCDPSession(p);
await cdp.send('Performance.enable');
function rss() {
  const procs = execFileSync('ps', ['-eo', 'pid=,ppid=,rss=,args='], { encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => { const [pid, ppid, rss, ...a] = l.trim().split(/\s+/); return { pid: +pid, ppid: +ppid, rss: +rss / 1024, args: a.join(' ') }; });
  const ours = new Set(procs.filter((q) => q.args.includes(`--nnlab-soak=${tag}`)).map((q) => q.pid));
  for (let g = true; g;) { g = false; for (const q of procs) if (!ours.has(q.pid) && ours.has(q.ppid)) { ours.add(q.pid); g = true; } }
  return procs.filter((q) => ours.has(q.pid) && /--type=renderer/.test(q.args)).reduce((s, q) => s + q.rss, 0).toFixed(1);
}

const EVERY = Number(process.env.EVERY || 3);
async function dump() {
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['disabled-by-default-memory-infra'], memoryDumpConfig: { triggers: [] } }, transferMode: 'ReportEvents' });
  await new Promise((ok) => setTimeout(ok, 300));
  const r = await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' });
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  const out = {};
  for (const ev of events) {
    if (ev.ph !== 'v' || !ev.args || !ev.args.dumps) continue;
    const al = ev.args.dumps.allocators || {};
    const pid = ev.pid;
    for (const [name, d] of Object.entries(al)) {
      const depth = name.split('/').length;
      if (depth > 3) continue; if (!/blink_gc|^malloc$|^v8|^partition_alloc|^canvas$|^cc$|^web_cache|^font/.test(name)) continue; if (/^(global|shared_memory)\//.test(name)) continue;
      const sz = d.attrs && d.attrs.size ? parseInt(d.attrs.size.value, 16) / 1048576 : null;
      if (sz === null || sz < 0.5) continue;
      out[pid + ':' + name] = +sz.toFixed(2);
    }
  }
  return { ok: r.success, out };
}
let prev = null;
for (let m = 0; m <= MINUTES; m += EVERY) {
  for (let i = 0; m && i < EVERY; i++) {
    await new Promise((ok) => setTimeout(ok, 60000));
    if (process.env.RESET) { await p.click(process.env.RESET); await p.click(process.env.PLAY); }
  }
  const d = await dump();
  const heap = await cdp.send('Runtime.getHeapUsage');
  const met = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  console.log(`== m=${m} rss=${rss()} heap=${(heap.usedSize/1048576).toFixed(1)} dump=${d.ok} layouts=${met.LayoutCount} recalc=${met.RecalcStyleCount} nodes=${met.Nodes}`);
  const keys = Object.keys(d.out).sort();
  for (const k of keys) {
    const was = prev ? prev[k] : undefined;
    const delta = was === undefined ? '' : (d.out[k] - was).toFixed(2);
    console.log(`  ${k} ${d.out[k]} ${delta}`);
  }
  prev = d.out;
}
await b.close(); server.close();
