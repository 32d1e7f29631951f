// In-page side of `make bench` (issue #7): nnlab (BenchContest from the Trunk build), TensorFlow.js (wasm
// backend, SIMD, one thread; optionally the cpu backend) and ConvNetJS train the same networks from the same
// Float32Array weights on the same batches of the bundled MNIST digits. run.mjs calls `window.runBench(cfg)`
// and gets every time and loss back; it judges and prints them. With `cfg.cnn`, SimpleConvNet too (issue #15,
// bench-cnn.mjs): nnlab (BenchConvContest), ConvNetJS, TF.js cpu and TF.js webgl where the page has WebGL.
//
// The generator is mulberry32 + Box–Muller + Fisher–Yates exactly as in src/bench.rs and numpy_mlp.py, so the
// native bench and NumPy start from bit-identical weights and batches too.

import { runCnn } from './bench-cnn.mjs';

const params = new URLSearchParams(location.search);

// ---------------------------------------------------------------- the shared generator
export function mulberry32(a) {
  return function () {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}
const TWO32 = 4294967296;
function normal(next) {
  const u1 = (next() + 0.5) / TWO32;
  const u2 = next() / TWO32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
function shuffle(next, a) {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor((next() / TWO32) * (i + 1));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
}
/** W1 (in×H), W2 (H×out): row-major Float32Arrays, N(0, std²), from one stream seeded `seed`. */
export function initWeights(seed, sizes, std) {
  const shapes = sizes.slice(1).map((c, l) => [sizes[l], c]);
  return initMatrices(seed, shapes, shapes.map(() => std));
}
/** Matrices of `shapes` ([rows, cols]) in that order from one stream seeded `seed`, row-major, matrix k's values
 *  N(0, stds[k]²) rounded once to f32 (src/bench.rs `init_matrices`). */
export function initMatrices(seed, shapes, stds) {
  const next = mulberry32(seed);
  return shapes.map(([r, c], k) => {
    const w = new Float32Array(r * c);
    for (let i = 0; i < w.length; i++) w[i] = stds[k] * normal(next);
    return w;
  });
}
/** Epochs of a permutation of 0..n reshuffled in place, ⌊n/bs⌋ batches each, until `steps` batches. */
export function batchOrder(seed, n, bs, steps) {
  const next = mulberry32(seed);
  const perm = new Uint32Array(n).map((_, i) => i);
  const out = new Uint32Array(steps * bs);
  const perEpoch = Math.floor(n / bs);
  for (let done = 0; done < steps;) {
    shuffle(next, perm);
    const k = Math.min(steps - done, perEpoch);
    out.set(perm.subarray(0, k * bs), done * bs);
    done += k;
  }
  return out;
}

// ---------------------------------------------------------------- the data
async function gunzip(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  // Read the whole file first: piping res.body straight through makes Chromium abort the request at the gzip end.
  const stream = new Blob([await res.arrayBuffer()]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
function idx(bytes, magic) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  if (dv.getUint32(0) !== magic) throw new Error(`IDX magic ${dv.getUint32(0).toString(16)}, want ${magic.toString(16)}`);
  const dims = [];
  for (let d = 0; d < (magic & 0xff); d++) dims.push(dv.getUint32(4 + 4 * d));
  return { dims, data: bytes.subarray(4 + 4 * dims.length) };
}
export async function loadMnist(base) {
  const im = idx(await gunzip(`${base}mnist-images-idx3-ubyte.gz`), 0x803);
  const lb = idx(await gunzip(`${base}mnist-labels-idx1-ubyte.gz`), 0x801);
  const n = im.dims[0], d = im.dims[1] * im.dims[2];
  if (lb.dims[0] !== n) throw new Error(`${n} images but ${lb.dims[0]} labels`);
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = im.data[i] / 255;
  const labels = lb.data.slice(0, n);
  const t = new Float32Array(n * 10);
  for (let i = 0; i < n; i++) t[i * 10 + labels[i]] = 1;
  return { n, d, x, labels, t };
}

// ---------------------------------------------------------------- contestants
// Each: make(data, net) → { reset(w), steps(order, from, count) → Float32Array losses, free() }.
// `order` holds batch k at [k·bs, (k+1)·bs); steps(…, from, count) trains batches from..from+count.

function nnlabContestant(wasm) {
  return {
    name: 'nnlab',
    make({ x, labels }, net) {
      const c = new wasm.BenchContest(x, labels, net.hidden, net.activation, net.w[0], net.w[1]);
      return {
        reset: (w) => c.set_weights(w[0], w[1]),
        steps: (order, from, count) => c.run(order.subarray(from * net.bs, (from + count) * net.bs), net.bs, count),
        free: () => c.free(),
      };
    },
  };
}

function tfjsContestant(backend) {
  return {
    name: `TF.js ${backend}`,
    async make({ n, d, x, t }, net) {
      await tf.setBackend(backend);
      await tf.ready();
      const H = net.hidden;
      const X = tf.tensor2d(x, [n, d]);
      const T = tf.tensor2d(t, [n, 10]);
      const W1 = tf.variable(tf.zeros([d, H])), b1 = tf.variable(tf.zeros([H]));
      const W2 = tf.variable(tf.zeros([H, 10])), b2 = tf.variable(tf.zeros([10]));
      const vars = [W1, b1, W2, b2];
      const act = net.activation === 'relu' ? tf.relu : tf.sigmoid;
      const opt = tf.train.sgd(0.1);
      const rows = (order) => new Int32Array(order.buffer, order.byteOffset, order.length); // tf wants int32
      const assign = (v, a, shape) => tf.tidy(() => v.assign(tf.tensor(a, shape)));
      return {
        reset(w) {
          assign(W1, w[0], [d, H]); assign(W2, w[1], [H, 10]);
          assign(b1, new Float32Array(H), [H]); assign(b2, new Float32Array(10), [10]);
        },
        steps(order, from, count) {
          const losses = new Float32Array(count);
          const o = rows(order);
          for (let k = 0; k < count; k++) {
            const s = from + k;
            const cost = tf.tidy(() => {
              const i = tf.tensor1d(o.subarray(s * net.bs, (s + 1) * net.bs), 'int32');
              const xb = tf.gather(X, i), tb = tf.gather(T, i);
              return opt.minimize(() => {
                const h = act(tf.add(tf.matMul(xb, W1), b1));
                return tf.losses.softmaxCrossEntropy(tb, tf.add(tf.matMul(h, W2), b2));
              }, true, vars);
            });
            losses[k] = cost.dataSync()[0];
            cost.dispose();
          }
          return losses;
        },
        free() { tf.dispose([X, T, ...vars]); opt.dispose(); },
      };
    },
  };
}

function convnetContestant() {
  let vols = null; // one Vol per sample, made once (as a ConvNetJS user would keep them)
  return {
    name: 'ConvNetJS',
    make({ n, d, x, labels }, net) {
      if (!vols) {
        vols = new Array(n);
        for (let i = 0; i < n; i++) {
          const v = new convnetjs.Vol(1, 1, d, 0.0);
          v.w.set(x.subarray(i * d, (i + 1) * d));
          vols[i] = v;
        }
      }
      const cn = new convnetjs.Net();
      cn.makeLayers([
        { type: 'input', out_sx: 1, out_sy: 1, out_depth: d },
        { type: 'fc', num_neurons: net.hidden, activation: net.activation },
        { type: 'softmax', num_classes: 10 },
      ]);
      // input, fc, relu|sigmoid, fc (added for softmax), softmax
      const fcs = cn.layers.filter((l) => l.layer_type === 'fc');
      if (fcs.length !== 2 || cn.layers.length !== 5) throw new Error(`ConvNetJS layers: ${cn.layers.map((l) => l.layer_type)}`);
      let trainer;
      return {
        reset(w) {
          fcs.forEach((fc, l) => {
            const out = fc.out_depth, inp = fc.num_inputs;
            for (let j = 0; j < out; j++) {
              const f = fc.filters[j];
              for (let i = 0; i < inp; i++) f.w[i] = w[l][i * out + j]; // W[i][j] → filters[j].w[i]
              f.dw.fill(0);
            }
            fc.biases.w.fill(0); // ConvNetJS starts ReLU biases at 0.1
            fc.biases.dw.fill(0);
          });
          trainer = new convnetjs.Trainer(cn, { method: 'sgd', learning_rate: 0.1, batch_size: net.bs, momentum: 0, l2_decay: 0, l1_decay: 0 });
        },
        steps(order, from, count) {
          const losses = new Float32Array(count);
          for (let k = 0; k < count; k++) {
            let sum = 0;
            // The update happens inside the batch's last train() call (k % batch_size == 0): every per-sample
            // loss of the batch is computed with the weights from before the update, as in a mini-batch step.
            for (let r = (from + k) * net.bs, end = r + net.bs; r < end; r++) {
              sum += trainer.train(vols[order[r]], labels[order[r]]).cost_loss;
            }
            losses[k] = sum / net.bs;
          }
          return losses;
        },
        free() {},
      };
    },
  };
}

// ---------------------------------------------------------------- the procedure
export const median = (a) => { const s = [...a].sort((p, q) => p - q); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
export const log = (...a) => console.log('[bench]', ...a);

async function runBench(cfg) {
  const { rounds = 3, warmup = 20, steps = 600, bs = 100, tfjsCpu = true, sgemmN = 256, sgemmReps = 20, sgemmSamples = 9 } = cfg;
  const wasm = await import(`/dist/${cfg.nnlabJs}`);
  await wasm.default({ module_or_path: `/dist/${cfg.nnlabWasm}` });

  await import('./node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js');
  tf.wasm.setWasmPaths(new URL('node_modules/@tensorflow/tfjs-backend-wasm/dist/', location.href).href);
  tf.wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  const env = {
    tfjs: tf.version_core,
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    wasmThreads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
    tfThreadsCount: tf.wasm.getThreadsCount ? tf.wasm.getThreadsCount() : null,
    crossOriginIsolated: self.crossOriginIsolated === true,
    userAgent: navigator.userAgent,
  };
  log('env', JSON.stringify(env));

  const data = await loadMnist('/dist/data/');
  log(`data: ${data.n} digits of ${data.d} pixels`);
  const totalSteps = warmup + steps;
  const order = batchOrder(2, data.n, bs, totalSteps);

  // The in-page sgemm yardstick: ndarray's product (the engine's kernel), 256³, median of several samples.
  wasm.bench_sgemm(sgemmN, 3);
  const sgemm = [];
  for (let i = 0; i < sgemmSamples; i++) sgemm.push(wasm.bench_sgemm(sgemmN, sgemmReps));
  log(`sgemm ${sgemmN}³: ${sgemm.map((g) => g.toFixed(1)).join(' ')} GFLOP/s`);
  // The same product through our kernel (src/gemm/, what the engine's layers use in the page), beside it.
  const oursGemm = [];
  for (let i = 0; i < sgemmSamples; i++) oursGemm.push(wasm.bench_gemm(true, sgemmN, sgemmN, sgemmN, false, false, sgemmReps));
  log(`our gemm ${sgemmN}³: ${oursGemm.map((g) => g.toFixed(1)).join(' ')} GFLOP/s`);

  const all = [nnlabContestant(wasm), tfjsContestant('wasm'), convnetContestant()];
  // TF.js cpu (~45 ms a batch) is an extra row, so it runs once, on the first network only.
  if (tfjsCpu && cfg.nets.length) all.push({ ...tfjsContestant('cpu'), onlyNet: cfg.nets[0].name, onlyRounds: 1 });
  const results = [];
  for (const net of cfg.nets) {
    const sizes = [data.d, net.hidden, 10];
    const w = initWeights(1, sizes, 0.01);
    const spec = { ...net, bs, w };
    const contestants = all.filter((c) => !c.onlyNet || c.onlyNet === net.name);
    const runners = [];
    for (const c of contestants) runners.push(await c.make(data, spec));
    const per = contestants.map((c) => ({ name: c.name, ms: [], first: [], last100: [], losses: null }));
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < contestants.length; k++) {
        const i = (k + r) % contestants.length; // rotate who goes first
        const c = contestants[i], run = runners[i];
        if (c.onlyRounds && per[i].ms.length >= c.onlyRounds) continue;
        if (c.name.startsWith('TF.js')) { await tf.setBackend(c.name.slice(6)); }
        run.reset(w);
        const warm = run.steps(order, 0, warmup);
        const t0 = performance.now();
        const timed = run.steps(order, warmup, steps);
        const ms = performance.now() - t0;
        const last = timed.subarray(steps - Math.min(100, steps));
        per[i].ms.push(ms);
        per[i].first.push(warm.length ? warm[0] : timed[0]);
        per[i].last100.push(last.reduce((a, b) => a + b, 0) / last.length);
        if (!per[i].losses) per[i].losses = Array.from(timed.subarray(0, 5)).concat(Array.from(last.subarray(last.length - 5)));
        log(`${net.name} round ${r + 1} ${c.name}: ${(bs * steps / ms * 1000).toFixed(0)} samples/s, first loss ${per[i].first.at(-1).toFixed(6)}, last-100 mean ${per[i].last100.at(-1).toFixed(6)}`);
      }
    }
    for (const run of runners) run.free();
    // The step's five matrix products alone, with the engine's shapes (StepProducts): the kernel's share.
    const prod = [];
    for (let i = 0; i < 5; i++) prod.push(wasm.bench_step_products(data.d, net.hidden, 100));
    await tf.setBackend('wasm');
    results.push({ net: net.name, hidden: net.hidden, activation: net.activation, contestants: per, productsGflops: median(prod) });
  }
  const cnn = cfg.cnn ? await runCnn(wasm, data, cfg) : null;
  await tf.setBackend('wasm');
  return { env, sgemm: { n: sgemmN, reps: sgemmReps, gflops: sgemm, median: median(sgemm), ours: median(oursGemm) }, rounds, warmup, steps, bs, n: data.n, results, cnn };
}

window.runBench = runBench;
window.benchReady = true;
