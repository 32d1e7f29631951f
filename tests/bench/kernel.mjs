// Our matrix product (src/gemm/) against matrixmultiply in one headless Chromium page (issue #17, item 1):
// each shape the labs train, the 256³ yardstick, the step's products alone, and whole training steps of
// 784-100-10 and SimpleConvNet on synthetic digits, every measurement done both ways in the same round
// (`bench_use_matrixmultiply` routes the engine's products) so that the machine's load hits both alike.
// Prints medians and ratios; exits non-zero when the two kernels' losses disagree. Speed is never asserted.
//
//   cargo build --lib --target wasm32-unknown-unknown --profile web-full
//   wasm-bindgen --target web --no-typescript --out-dir target/full-module --out-name nnlab-full \
//     target/wasm32-unknown-unknown/web-full/nnlab.wasm && wasm-opt -Oz --enable-simd … (make bench-kernel)
//   node tests/bench/kernel.mjs [dir with nnlab-full.js and nnlab-full_bg.wasm]
// Env: KERNEL_ROUNDS (5), KERNEL_PARTS (shapes,mlp,cnn).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const top = path.resolve(here, '../..');
const moduleDir = path.resolve(process.argv[2] || path.join(top, 'target/full-module'));
const require = createRequire(path.join(top, 'target/npm/package.json'));
const { chromium } = require('playwright-core');
const ROUNDS = Number(process.env.KERNEL_ROUNDS || 5);
const PARTS = (process.env.KERNEL_PARTS || 'shapes,mlp,cnn').split(',');
for (const f of ['nnlab-full.js', 'nnlab-full_bg.wasm']) {
  if (!fs.existsSync(path.join(moduleDir, f))) { console.error(`${moduleDir}/${f} is missing: build it (see the header)`); process.exit(2); }
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>kernel</title><script type="module">
import init, * as wasm from '/m/nnlab-full.js';
import { mulberry32, initMatrices, batchOrder, median } from '/bench/bench.mjs';
window.runKernel = async ({ rounds, parts }) => {
  await init({ module_or_path: '/m/nnlab-full_bg.wasm' });
  const out = { rows: [], losses: [] };
  // Both ways in one round, alternating who goes first; returns [mm, ours] medians and the median ratio.
  const both = (name, fn) => {
    const mm = [], ours = [], ratio = [];
    for (let r = 0; r < rounds; r++) {
      const pair = [];
      for (const useMm of r % 2 ? [false, true] : [true, false]) {
        wasm.bench_use_matrixmultiply(useMm);
        pair[useMm ? 0 : 1] = fn(!useMm);
      }
      mm.push(pair[0]); ours.push(pair[1]); ratio.push(pair[1] / pair[0]);
    }
    wasm.bench_use_matrixmultiply(false);
    out.rows.push({ name, mm: median(mm), ours: median(ours), ratio: median(ratio), all: ratio });
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
      both(name, (ours) => wasm.bench_gemm(ours, m, k, n, !!at, !!bt, r));
    }
    both('MLP step products 784-100-10', () => wasm.bench_step_products(784, 100, 50));
    both('CNN step products', () => wasm.bench_conv_products(3));
  }
  // Synthetic digits: uniform pixels, random labels (the speed and the loss agreement need no real data).
  const n = 2000, next = mulberry32(7);
  const x = new Float32Array(n * 784).map(() => next() / 4294967296);
  const labels = new Uint8Array(n).map(() => next() % 10);
  const stepRate = (name, make, steps, flopPerSample, bs) => {
    const order = batchOrder(2, n, bs, steps + 2);
    const c = make();
    const losses = [];
    both(name, () => {
      c.reset();
      c.obj.run(order.subarray(0, 2 * bs), bs, 2);
      const t0 = performance.now();
      const l = c.obj.run(order.subarray(2 * bs), bs, steps);
      const ms = performance.now() - t0;
      losses.push(Array.from(l));
      return flopPerSample * bs * steps / (ms * 1e6);
    });
    out.losses.push({ name, first: losses.map((l) => l[0]), last: losses.map((l) => l.at(-1)) });
    c.obj.free();
  };
  if (parts.includes('mlp')) {
    const w = initMatrices(1, [[784, 100], [100, 10]], [0.01, 0.01]);
    stepRate('MLP 784-100-10 training step (GFLOP/s)', () => {
      const obj = new wasm.BenchContest(x, labels, 100, 'relu', w[0], w[1]);
      return { obj, reset: () => obj.set_weights(w[0], w[1]) };
    }, 100, 4 * 784 * 100 + 6 * 100 * 10, 100);
  }
  if (parts.includes('cnn')) {
    const shapes = [[30, 25], [4320, 100], [100, 10]];
    const w = initMatrices(1, shapes, shapes.map(([r]) => Math.sqrt(2 / r)));
    stepRate('CNN SimpleConvNet training step (GFLOP/s)', () => {
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
  const [root, rel] = url.pathname.startsWith('/m/') ? [moduleDir, url.pathname.slice(3)]
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
const res = await page.evaluate((cfg) => window.runKernel(cfg), { rounds: ROUNDS, parts: PARTS });
await browser.close();
server.close();
const load1 = os.loadavg();
const wasmKb = (fs.statSync(path.join(moduleDir, 'nnlab-full_bg.wasm')).size / 1024).toFixed(0);
console.log(`Chromium ${browser.version()}, ${ROUNDS} rounds, load average ${load0[0].toFixed(2)} → ${load1[0].toFixed(2)} (1 min), ${wasmKb} KB wasm`);
console.log('| product or step | matrixmultiply GFLOP/s | ours GFLOP/s | ours ÷ matrixmultiply (median of rounds) |');
console.log('|---|---:|---:|---:|');
for (const r of res.rows) console.log(`| ${r.name} | ${r.mm.toFixed(1)} | ${r.ours.toFixed(1)} | ${r.ratio.toFixed(2)}× (${r.all.map((v) => v.toFixed(2)).join(', ')}) |`);
// The two kernels add in different orders: the losses agree to rounding, as make bench's contestants must.
for (const l of res.losses) {
  const spread = (a) => (Math.max(...a) - Math.min(...a)) / Math.abs(Math.min(...a));
  const ok = spread(l.first) <= 1e-4 && spread(l.last) <= 0.01;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${l.name} losses agree across kernels: first ${l.first[0].toFixed(6)} (spread ${spread(l.first).toExponential(1)}), last ${l.last[0].toFixed(6)} (spread ${spread(l.last).toExponential(1)})`);
  if (!ok) failed = true;
}
process.exit(failed ? 1 : 0);
