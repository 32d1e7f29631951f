// In-page side of `make bench-threads` (issue #17 item 3): data-parallel training across Web Workers, each running
// the full wasm module (threads-worker.mjs). threads.mjs calls `window.runThreads(cfg)` and prints what it returns.
//
// Per network (784-100-10 ReLU at SGD lr 0.1, SimpleConvNet at the bench's lr 0.05 with He weights; batch 100; the
// bench's mulberry32 weights and batch order, so the numbers compare with `make bench`), every round runs, in a
// rotating order:
//   1 worker  — the lab's Trainer step on whole batches (`BenchContest.run`, one message for all steps): the baseline;
//   1 worker, step messages — the split protocol with one part: the messaging cost alone (losses must be bitwise
//               those of the baseline);
//   N workers — each batch cut into N parts, worker i backprops part i and transfers its gradient (a
//               Float32Array's buffer); the page hands each worker the others' gradients (transferred, no copy
//               for N = 2), and every worker applies Σᵢ (Nᵢ/N)·gᵢ summed in worker order: the same update, so the
//               replicas stay bit-identical (checked by a hash of the parameters at the end);
//   N independent workers — each trains every batch alone at the same time (no exchange): the ceiling of any N-way
//               split on this machine under its current load (samples/s counts all N);
//   1 worker, 1/N of each batch — one worker's share of the split alone: the speed-up N idle cores would give.
// Each from the same weights: `warmup` steps, then `steps` timed steps (wall clock of the page, every update
// applied). The loss agreement compares the N-worker losses with the baseline's, step by step.
import { initWeights, initMatrices, batchOrder, loadMnist, log } from './bench.mjs';
import { CNN_SHAPES, CNN_STDS, CNN_LR } from './bench-cnn.mjs';

/** One request, one reply: the worker answers each message with {t: 'ok', …} or {t: 'fail', msg}. */
function call(worker, msg, transfer = []) {
  return new Promise((ok, fail) => {
    worker.onmessage = (e) => (e.data.t === 'ok' ? ok(e.data) : fail(new Error(e.data.msg)));
    worker.onerror = (e) => fail(new Error(e.message || 'worker error'));
    worker.postMessage(msg, transfer);
  });
}

/** `bs` rows cut into `k` contiguous parts, lengths differing by at most one (src/bench/parallel.rs `split`). */
function parts(bs, k) {
  const base = Math.floor(bs / k), extra = bs % k;
  const out = [];
  for (let i = 0, at = 0; i < k; i++) { const len = base + (i < extra ? 1 : 0); out.push([at, len]); at += len; }
  return out;
}

/** The other workers' gradients for worker i, in worker order: worker i gets g[1 − i] itself (transferred) when
 *  there are two; with more, a copy of the others one after another. */
function othersFor(grads, i, transfer) {
  if (grads.length === 1) return new Float32Array(0);
  if (grads.length === 2) { const g = grads[1 - i]; transfer.push(g.buffer); return g; }
  const len = grads[0].length, out = new Float32Array(len * (grads.length - 1));
  let at = 0;
  grads.forEach((g, j) => { if (j !== i) { out.set(g, at); at += len; } });
  return out;
}

/** `count` data-parallel steps over `workers` from batch `from` of `order`; the last update is applied too.
 *  Returns each step's batch loss Σᵢ (Nᵢ/N)·Lᵢ and the workers' parameter hashes. */
async function splitSteps(workers, order, bs, from, count) {
  const cut = parts(bs, workers.length);
  const weights = new Float32Array(cut.map(([, len]) => len / bs));
  const losses = new Float32Array(count);
  let prev = null;
  const msgFor = (i, t, extra) => {
    const transfer = [];
    const m = { t, me: i, weights, ...extra };
    if (prev) m.others = othersFor(prev, i, transfer);
    return [m, transfer];
  };
  for (let s = 0; s < count; s++) {
    const base = (from + s) * bs;
    const replies = await Promise.all(workers.map((w, i) => {
      const [start, len] = cut[i];
      // slice, not subarray: a view would clone the whole order buffer with it.
      const [m, tr] = msgFor(i, 'step', { rows: order.slice(base + start, base + start + len) });
      return call(w, m, tr);
    }));
    let loss = 0;
    replies.forEach((r, i) => { loss += weights[i] * r.loss; });
    losses[s] = loss;
    prev = replies.map((r) => r.g);
  }
  const done = await Promise.all(workers.map((w, i) => call(w, ...msgFor(i, 'finish', {}))));
  return { losses, hashes: done.map((d) => d.hash) };
}

async function runThreads(cfg) {
  const { rounds = 3, bs = 100, workers: k = 2, nets: which = ['mlp', 'cnn'], mlpSteps = 500, cnnSteps = 100 } = cfg;
  const data = await loadMnist('/dist/data/');
  log(`data: ${data.n} digits; navigator.hardwareConcurrency ${navigator.hardwareConcurrency}; ${k} workers`);
  const pool = [];
  for (let i = 0; i < k; i++) {
    const w = new Worker(new URL('./threads-worker.mjs', import.meta.url), { type: 'module' });
    await call(w, { t: 'init', js: `/dist/${cfg.nnlabJs}`, wasm: `/dist/${cfg.nnlabWasm}` });
    pool.push(w);
  }
  const specs = {
    mlp: { name: '784-100-10 ReLU', kind: 'mlp', hidden: 100, activation: 'relu', lr: 0.1,
      w: initWeights(1, [data.d, 100, 10], 0.01), warmup: 20, steps: mlpSteps },
    cnn: { name: 'SimpleConvNet', kind: 'cnn', lr: CNN_LR, w: initMatrices(1, CNN_SHAPES, CNN_STDS), warmup: 3, steps: cnnSteps },
  };
  const results = [];
  for (const key of which) {
    const net = specs[key];
    const order = batchOrder(2, data.n, bs, net.warmup + net.steps);
    for (const w of pool) {
      await call(w, { t: 'make', kind: net.kind, x: data.x, labels: data.labels, hidden: net.hidden, activation: net.activation, w: net.w, lr: net.lr });
    }
    const reset = () => Promise.all(pool.map((w) => call(w, { t: 'reset', w: net.w })));
    const contestants = [
      { name: '1 worker (Trainer)', workers: 1, run: async (from, count) => ({ losses: (await call(pool[0], { t: 'run', order: order.slice(from * bs, (from + count) * bs), bs, steps: count })).losses, hashes: [] }) },
      { name: '1 worker, step messages', workers: 1, run: (from, count) => splitSteps(pool.slice(0, 1), order, bs, from, count) },
      { name: `${k} workers`, workers: k, run: (from, count) => splitSteps(pool, order, bs, from, count) },
      // The ceiling of any k-way split under the current load: every worker trains every batch on its own at once.
      { name: `${k} independent workers (ceiling)`, workers: k, factor: k, run: async (from, count) => {
        const rows = order.slice(from * bs, (from + count) * bs);
        const all = await Promise.all(pool.map((w) => call(w, { t: 'run', order: rows, bs, steps: count })));
        return { losses: all[0].losses, hashes: [] };
      } },
      // One worker training only part 0 of each batch (bs/k rows): one worker's share of the split. Its time against
      // the whole batch's is what k idle cores would give, less the exchange; one worker, so load hurts it no more
      // than the baseline. Counted as the whole batch's rows over its time; its losses are of other batches.
      { name: `1 worker, 1/${k} of each batch (bound)`, workers: 1, other: true, run: async (from, count) => {
        const part = Math.floor(bs / k), rows = new Uint32Array(part * count);
        for (let s = 0; s < count; s++) rows.set(order.subarray((from + s) * bs, (from + s) * bs + part), s * part);
        return { losses: (await call(pool[0], { t: 'run', order: rows, bs: part, steps: count })).losses, hashes: [] };
      } },
    ];
    const per = contestants.map((c) => ({ name: c.name, workers: c.workers, factor: c.factor || 1, other: c.other === true, ms: [], losses: null, hashes: null }));
    for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < contestants.length; j++) {
        const i = (j + r) % contestants.length; // rotate who goes first
        await reset();
        const warm = await contestants[i].run(0, net.warmup);
        const t0 = performance.now();
        const timed = await contestants[i].run(net.warmup, net.steps);
        const ms = performance.now() - t0;
        per[i].ms.push(ms);
        if (!per[i].losses) { per[i].losses = Array.from(warm.losses).concat(Array.from(timed.losses)); per[i].hashes = timed.hashes; }
        log(`${net.name} round ${r + 1} ${contestants[i].name}: ${(per[i].factor * bs * net.steps / ms * 1000).toFixed(0)} samples/s`);
      }
    }
    results.push({ net: net.name, warmup: net.warmup, steps: net.steps, contestants: per });
  }
  for (const w of pool) w.terminate();
  return { bs, rounds, workers: k, hardwareConcurrency: navigator.hardwareConcurrency, userAgent: navigator.userAgent, results };
}

window.runThreads = runThreads;
window.threadsReady = true;
