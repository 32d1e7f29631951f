// Our matrix product (src/gemm/) against matrixmultiply in one headless Chromium page (issue #17, item 1):
// each shape the labs train, the 256³ yardstick, the step's products alone, and whole training steps of
// 784-100-10 and SimpleConvNet on synthetic digits, every measurement done both ways in the same round
// (`bench_use_matrixmultiply` routes the engine's products) so that the machine's load hits both alike.
// Prints medians and ratios; exits non-zero when the kernels' losses disagree. Speed is never asserted.
// With a second module directory (the relaxed-SIMD build), its kernel is timed too, in the same rounds.
//
//   trunk build --release   (www/pwa/full-module.mjs leaves both builds unhashed in target/)
//   node tests/bench/kernel.mjs target/nnlab-full target/nnlab-full-relaxed   (make bench-kernel)
// Env: KERNEL_ROUNDS (5), KERNEL_PARTS (shapes,mlp,cnn).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const moduleDirs = [process.argv[2] || path.join(top, 'target/nnlab-full'), ...process.argv.slice(3)].map((d) => path.resolve(d));
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');
const ROUNDS = Number(process.env.KERNEL_ROUNDS || 5);
const PARTS = (process.env.KERNEL_PARTS || 'shapes,mlp,cnn').split(',');
for (const dir of moduleDirs) for (const f of ['nnlab-full.js', 'nnlab-full_bg.wasm']) {
  if (!fs.existsSync(path.join(dir, f))) { console.error(`${dir}/${f} is missing: build it (see the header)`); process.exit(2); }
}

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>kernel</title><script type="module">
import { mulberry32, initMatrices, batchOrder, median } from '/bench/bench.mjs';
window.runKernel = async ({ rounds, parts, modules }) => {
  const mods = [];
  for (let i = 0; i < modules; i++) {
    const m = await import('/m' + i + '/nnlab-full.js');
    await m.default({ module_or_path: '/m' + i + '/nnlab-full_bg.wasm' });
    mods.push(m);
  }
  // Variant 0: the first module through matrixmultiply; then each module through its own kernel.
  const variants = [[mods[0], true], ...mods.map((m) => [m, false])];
  const out = { rows: [], losses: [] };
  // Every variant in each round, the order rotating; the medians and the median ratios to variant 0.
  const both = (name, fn) => {
    const val = variants.map(() => []), ratio = variants.map(() => []);
    for (let r = 0; r < rounds; r++) {
      const got = [];
      for (let j = 0; j < variants.length; j++) {
        const v = (j + r) % variants.length;
        const [wasm, useMm] = variants[v];
        wasm.bench_use_matrixmultiply(useMm);
        got[v] = fn(!useMm, wasm, v);
        wasm.bench_use_matrixmultiply(false);
      }
      got.forEach((g, v) => { val[v].push(g); ratio[v].push(g / got[0]); });
    }
    out.rows.push({ name, med: val.map(median), ratio: ratio.map(median), all: ratio });
  };
  const reps = (flop) => Math.max(2, Math.round(3e8 / flop));
  if (parts.includes('shapes')) {
    const shapes = [
      ['sgemm 256³ (the yardstick)', 256, 256, 256, 0, 0],
      ['MLP x·W1 100×784·784×100', 100, 784, 100, 0, 0],
      ['MLP xᵀ·δ 784×100·100×100', 784, 100, 100, 1, 0],
      ['MLP δ·W1ᵀ 100×100·100×784', 100, 100, 784, 0, 1],
      ['CNN col·Wᵀ 57600×25·25×30', 57600, 25, 30, 0, 1],
      ['CNN doutᵀ·col 30×57600·57600×25', 30, 57600, 25, 1, 0],
      ['CNN dprod·W 57600×30·30×25', 57600, 30, 25, 0, 0],
    ];
    for (const [name, m, k, n, at, bt] of shapes) {
      const r = reps(2 * m * k * n);
      both(name, (ours, wasm) => wasm.bench_gemm(ours, m, k, n, !!at, !!bt, r));
    }
    both('MLP step products 784-100-10', (_, wasm) => wasm.bench_step_products(784, 100, 50));
    both('CNN step products', (_, wasm) => wasm.bench_conv_products(3));
  }
  // Synthetic digits: uniform pixels, random labels (the speed and the loss agreement need no real data).
  const n = 2000, next = mulberry32(7);
  const x = new Float32Array(n * 784).map(() => next() / 4294967296);
  const labels = new Uint8Array(n).map(() => next() % 10);
  const stepRate = (name, make, steps, flopPerSample, bs) => {
    const order = batchOrder(2, n, bs, steps + 2);
    const cs = mods.map((m) => make(m));
    const losses = [];
    both(name, (_, wasm, v) => {
      const c = cs[Math.max(0, v - 1)];
      c.reset();
      c.obj.run(order.subarray(0, 2 * bs), bs, 2);
      const t0 = performance.now();
      const l = c.obj.run(order.subarray(2 * bs), bs, steps);
      const ms = performance.now() - t0;
      losses.push(Array.from(l));
      return flopPerSample * bs * steps / (ms * 1e6);
    });
    out.losses.push({ name, first: losses.map((l) => l[0]), last: losses.map((l) => l.at(-1)) });
    for (const c of cs) c.obj.free();
  };
  if (parts.includes('mlp')) {
    const w = initMatrices(1, [[784, 100], [100, 10]], [0.01, 0.01]);
    stepRate('MLP 784-100-10 training step (GFLOP/s)', (wasm) => {
      const obj = new wasm.BenchContest(x, labels, 100, 'relu', w[0], w[1]);
      return { obj, reset: () => obj.set_weights(w[0], w[1]) };
    }, 100, 4 * 784 * 100 + 6 * 100 * 10, 100);
  }
  if (parts.includes('cnn')) {
    const shapes = [[30, 25], [4320, 100], [100, 10]];
    const w = initMatrices(1, shapes, shapes.map(([r]) => Math.sqrt(2 / r)));
    stepRate('CNN SimpleConvNet training step (GFLOP/s)', (wasm) => {
      const obj = new wasm.BenchConvContest(x, labels, w[0], w[1], w[2], 0.05);
      return { obj, reset: () => obj.set_weights(w[0], w[1], w[2]) };
    }, 5, 4326000, 100);
  }
  return out;
};
window.kernelReady = true;
</script>`;

const MIME = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/') { res.writeHead(200, { 'content-type': 'text/html' }); return res.end(PAGE); }
  const mod = url.pathname.match(/^\/m(\d+)\/(.*)$/);
  const [root, rel] = mod && moduleDirs[mod[1]] ? [moduleDirs[mod[1]], mod[2]]
    : url.pathname.startsWith('/bench/') ? [here, url.pathname.slice(7)] : [null, null];
  const file = root && path.join(root, rel);
  if (!file || !file.startsWith(root) || !fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': MIME[path.extname(file)] || 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const page = await browser.newPage();
let failed = false;
page.on('pageerror', (e) => { failed = true; console.log(`FAIL page error: ${e.message}`); });
page.on('console', (m) => { if (m.type() === 'error') { failed = true; console.log(`FAIL console: ${m.text()}`); } });
const load0 = os.loadavg();
await page.goto(`http://127.0.0.1:${server.address().port}/`);
await page.waitForFunction(() => window.kernelReady === true);
const res = await page.evaluate((cfg) => window.runKernel(cfg), { rounds: ROUNDS, parts: PARTS, modules: moduleDirs.length });
await browser.close();
server.close();
const load1 = os.loadavg();
const kb = moduleDirs.map((d) => (fs.statSync(path.join(d, 'nnlab-full_bg.wasm')).size / 1024).toFixed(0));
console.log(`Chromium ${browser.version()}, ${ROUNDS} rounds, load average ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)} (1 min); modules ${moduleDirs.map((d, i) => `${path.relative(top, d)} (${kb[i]} KB)`).join(', ')}`);
const names = ['matrixmultiply', 'ours', ...moduleDirs.slice(1).map((d) => `ours, ${path.basename(d)}`)];
console.log(`| product or step | ${names.map((v) => `${v} GFLOP/s`).join(' | ')} | ${names.slice(1).map((v) => `${v} ÷ matrixmultiply`).join(' | ')} |`);
console.log(`|---|${names.map(() => '---:').join('|')}|${names.slice(1).map(() => '---:').join('|')}|`);
for (const r of res.rows) {
  const ratios = r.ratio.slice(1).map((v, i) => `${v.toFixed(2)}× (${r.all[i + 1].map((x) => x.toFixed(2)).join(', ')})`);
  console.log(`| ${r.name} | ${r.med.map((v) => v.toFixed(1)).join(' | ')} | ${ratios.join(' | ')} |`);
}
// The kernels may add in different orders (and fuse): the losses agree to rounding, as make bench's must.
for (const l of res.losses) {
  const spread = (a) => (Math.max(...a) - Math.min(...a)) / Math.abs(Math.min(...a));
  const ok = spread(l.first) <= 1e-4 && spread(l.last) <= 0.01;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${l.name} losses agree across kernels: first ${l.first[0].toFixed(6)} (spread ${spread(l.first).toExponential(1)}), last ${l.last[0].toFixed(6)} (spread ${spread(l.last).toExponential(1)})`);
  if (!ok) failed = true;
}
process.exit(failed ? 1 : 0);
