// SimpleConvNet in the bench page (issue #15): conv 30 × 5×5 (stride 1, pad 0) → ReLU → max pool 2×2 stride 2 →
// Affine 4320→100 → ReLU → Affine 100→10 → softmax cross-entropy, batch 100, SGD lr 0.05 (momentum 0), trained by
// nnlab (BenchConvContest: Trainer::train_batch, the CNN lab's step), ConvNetJS (its own Net and Trainer), TF.js
// cpu and TF.js webgl (when the page has WebGL; its wasm backend cannot train convolutions: "Kernel
// 'Conv2DBackpropFilter' not registered for backend 'wasm'", tfjs issue #8474) from the same weights on the same
// batches. Weights: He N(0, 2/fan-in) from the shared mulberry32 stream (src/bench/conv.rs `conv_init_stds`).
//
// Layouts. nnlab and the book: images N × C × H × W, W1 FN × C × FH × FW, the pooled maps flattened in
// (C, H, W) order, so W2's row d·144 + y·12 + x. TF.js (NHWC) and ConvNetJS (Vol w[((sx·y) + x)·depth + d]) both
// flatten the pooled maps in (H, W, C) order: their W2 row (y·12 + x)·30 + d takes nnlab's row d·144 + y·12 + x.
import { batchOrder, initMatrices, log, median } from './bench.mjs';

const FN = 30, FS = 5, SIDE = 28, OUT = SIDE - FS + 1, POOLED = OUT / 2, FLAT = FN * POOLED * POOLED, HIDDEN = 100;
export const CNN_SHAPES = [[FN, FS * FS], [FLAT, HIDDEN], [HIDDEN, 10]];
/** He scales √(2/fan-in): the filters' fan-in is C·FH·FW (their columns), the Affine layers' their rows. */
export const CNN_STDS = [Math.sqrt(2 / (FS * FS)), Math.sqrt(2 / FLAT), Math.sqrt(2 / HIDDEN)];
export const CNN_LR = 0.05;

/** nnlab's W2 (rows in C, H, W order) with its rows put in H, W, C order, as TF.js and ConvNetJS flatten. */
function w2Hwc(w2) {
  const out = new Float32Array(w2.length);
  for (let d = 0; d < FN; d++) {
    for (let p = 0; p < POOLED * POOLED; p++) {
      out.set(w2.subarray((d * POOLED * POOLED + p) * HIDDEN, (d * POOLED * POOLED + p + 1) * HIDDEN), (p * FN + d) * HIDDEN);
    }
  }
  return out;
}

function nnlabCnn(wasm) {
  return {
    name: 'nnlab',
    make({ x, labels }, spec) {
      const c = new wasm.BenchConvContest(x, labels, spec.w[0], spec.w[1], spec.w[2], CNN_LR);
      spec.flops = c.flops_per_sample();
      return {
        reset: (w) => c.set_weights(w[0], w[1], w[2]),
        steps: (order, from, count) => c.run(order.subarray(from * spec.bs, (from + count) * spec.bs), spec.bs, count),
        free: () => c.free(),
      };
    },
  };
}

function tfjsCnn(backend) {
  return {
    name: `TF.js ${backend}`,
    backend,
    async make({ n, x, t }, spec) {
      if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
      await tf.ready();
      const X = tf.tensor4d(x, [n, SIDE, SIDE, 1]);
      const T = tf.tensor2d(t, [n, 10]);
      const W1 = tf.variable(tf.zeros([FS, FS, 1, FN])), b1 = tf.variable(tf.zeros([FN]));
      const W2 = tf.variable(tf.zeros([FLAT, HIDDEN])), b2 = tf.variable(tf.zeros([HIDDEN]));
      const W3 = tf.variable(tf.zeros([HIDDEN, 10])), b3 = tf.variable(tf.zeros([10]));
      const vars = [W1, b1, W2, b2, W3, b3];
      const opt = tf.train.sgd(CNN_LR);
      const assign = (v, a, shape) => tf.tidy(() => v.assign(tf.tensor(a, shape)));
      return {
        reset(w) {
          // W1 FN × (FH·FW) → TF.js's [FH, FW, C, FN]: the filters' matrix transposed.
          const f = new Float32Array(FS * FS * FN);
          for (let k = 0; k < FN; k++) for (let i = 0; i < FS * FS; i++) f[i * FN + k] = w[0][k * FS * FS + i];
          assign(W1, f, [FS, FS, 1, FN]); assign(W2, w2Hwc(w[1]), [FLAT, HIDDEN]); assign(W3, w[2], [HIDDEN, 10]);
          assign(b1, new Float32Array(FN), [FN]); assign(b2, new Float32Array(HIDDEN), [HIDDEN]); assign(b3, new Float32Array(10), [10]);
        },
        steps(order, from, count) {
          const losses = new Float32Array(count);
          const o = new Int32Array(order.buffer, order.byteOffset, order.length);
          for (let k = 0; k < count; k++) {
            const s = from + k;
            const cost = tf.tidy(() => {
              const i = tf.tensor1d(o.subarray(s * spec.bs, (s + 1) * spec.bs), 'int32');
              const xb = tf.gather(X, i), tb = tf.gather(T, i);
              return opt.minimize(() => {
                const h1 = tf.relu(tf.add(tf.conv2d(xb, W1, 1, 'valid'), b1));
                const p = tf.reshape(tf.maxPool(h1, 2, 2, 'valid'), [spec.bs, FLAT]);
                const h2 = tf.relu(tf.add(tf.matMul(p, W2), b2));
                return tf.losses.softmaxCrossEntropy(tb, tf.add(tf.matMul(h2, W3), b3));
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

function convnetCnn() {
  return {
    name: 'ConvNetJS',
    make({ x, labels }, spec) {
      const vols = new Map(); // one Vol per digit used, made once (as a ConvNetJS user would keep them)
      const vol = (i) => {
        let v = vols.get(i);
        if (!v) {
          v = new convnetjs.Vol(SIDE, SIDE, 1, 0.0);
          v.w.set(x.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE)); // w[(28·y + x)·1 + 0]: row-major pixels
          vols.set(i, v);
        }
        return v;
      };
      const cn = new convnetjs.Net();
      cn.makeLayers([
        { type: 'input', out_sx: SIDE, out_sy: SIDE, out_depth: 1 },
        { type: 'conv', sx: FS, filters: FN, stride: 1, pad: 0, activation: 'relu' },
        { type: 'pool', sx: 2, stride: 2 },
        { type: 'fc', num_neurons: HIDDEN, activation: 'relu' },
        { type: 'softmax', num_classes: 10 },
      ]);
      const types = cn.layers.map((l) => l.layer_type).join(',');
      if (types !== 'input,conv,relu,pool,fc,relu,fc,softmax') throw new Error(`ConvNetJS layers: ${types}`);
      const [conv, fc1, fc2] = cn.layers.filter((l) => l.layer_type === 'conv' || l.layer_type === 'fc');
      let trainer;
      return {
        reset(w) {
          // Filter k: Vol(5, 5, 1) w[(5·fy + fx)·1 + 0] = W1[k, 0, fy, fx], i.e. nnlab's row k as it is.
          conv.filters.forEach((f, k) => { f.w.set(w[0].subarray(k * FS * FS, (k + 1) * FS * FS)); f.dw.fill(0); });
          const w2 = w2Hwc(w[1]);
          for (const [fc, m] of [[fc1, w2], [fc2, w[2]]]) {
            const out = fc.out_depth, inp = fc.num_inputs;
            for (let j = 0; j < out; j++) {
              const f = fc.filters[j];
              for (let i = 0; i < inp; i++) f.w[i] = m[i * out + j]; // W[i][j] → filters[j].w[i]
              f.dw.fill(0);
            }
          }
          for (const l of [conv, fc1, fc2]) { l.biases.w.fill(0); l.biases.dw.fill(0); } // ReLU layers start at 0.1
          trainer = new convnetjs.Trainer(cn, { method: 'sgd', learning_rate: CNN_LR, batch_size: spec.bs, momentum: 0, l2_decay: 0, l1_decay: 0 });
        },
        steps(order, from, count) {
          const losses = new Float32Array(count);
          for (let k = 0; k < count; k++) {
            let sum = 0;
            // The update happens in the batch's last train() call: every loss uses the weights before it.
            for (let r = (from + k) * spec.bs, end = r + spec.bs; r < end; r++) sum += trainer.train(vol(order[r]), labels[order[r]]).cost_loss;
            losses[k] = sum / spec.bs;
          }
          return losses;
        },
        free() { vols.clear(); },
      };
    },
  };
}

/** The WebGL renderer the page would give TF.js, or null when it has none. */
function webglRenderer() {
  const c = document.createElement('canvas');
  const g = c.getContext('webgl2') || c.getContext('webgl');
  if (!g) return null;
  const d = g.getExtension('WEBGL_debug_renderer_info');
  return d ? g.getParameter(d.UNMASKED_RENDERER_WEBGL) : g.getParameter(g.RENDERER);
}

/** SimpleConvNet: nnlab `cfg.rounds` rounds of `cnnWarmup` + `cnnSteps` steps; each (slow) peer one round of
 *  `cnnWarmup` + `cnnPeerSteps` (TF.js cpu, ten times slower again, at most 3), the first steps of the same
 *  sequence, so its losses are compared with nnlab's on the same steps. */
export async function runCnn(wasm, data, cfg) {
  const { rounds = 3, bs = 100, cnnWarmup = 2, cnnSteps = 20, cnnPeerSteps = 8 } = cfg;
  const renderer = webglRenderer();
  const all = [nnlabCnn(wasm), convnetCnn(), tfjsCnn('cpu')];
  if (renderer && cfg.cnnWebgl !== false) all.push(tfjsCnn('webgl'));
  const stepsOf = (c) => (c.name === 'nnlab' ? cnnSteps : c.name === 'TF.js cpu' ? Math.min(3, cnnPeerSteps) : Math.min(cnnSteps, cnnPeerSteps));
  const skipped = [];
  if (!renderer) skipped.push('TF.js webgl: the headless page has no WebGL');
  log(`cnn: WebGL ${renderer ?? 'none'}; contestants ${all.map((c) => c.name).join(', ')}`);
  const order = batchOrder(2, data.n, bs, cnnWarmup + cnnSteps);
  const w = initMatrices(1, CNN_SHAPES, CNN_STDS);
  const spec = { bs, w };
  const per = [];
  for (const c of all) {
    let run;
    try {
      run = await c.make(data, spec);
    } catch (e) {
      skipped.push(`${c.name}: ${e.message}`);
      log(`cnn ${c.name} skipped: ${e.message}`);
      continue;
    }
    const steps = stepsOf(c);
    const row = { name: c.name, steps, ms: [], losses: null };
    const n = c.name === 'nnlab' ? rounds : 1;
    for (let r = 0; r < n; r++) {
      run.reset(w);
      const warm = run.steps(order, 0, cnnWarmup);
      const t0 = performance.now();
      const timed = run.steps(order, cnnWarmup, steps);
      row.ms.push(performance.now() - t0);
      const losses = [...warm, ...timed];
      if (row.losses && losses.some((v, i) => v !== row.losses[i])) row.roundsDiffer = true;
      if (!row.losses) row.losses = losses;
      log(`cnn round ${r + 1} ${c.name}: ${((bs * steps) / row.ms.at(-1) * 1000).toFixed(0)} samples/s, losses ${losses.map((v) => v.toFixed(4)).join(' ')}`);
    }
    run.free();
    per.push(row);
  }
  // The step's matrix products alone (ConvStepProducts, the engine's shapes): the kernel's share of a step.
  const products = [];
  for (let i = 0; i < 5; i++) products.push(wasm.bench_conv_products(5));
  // The book's recipe (20 epochs on 8,000 digits) at nnlab's median step, by the CNN lab's own cost model.
  const nn = per.find((p) => p.name === 'nnlab');
  const [recipeSteps, recipeS] = nn ? wasm.BenchConvContest.recipe_estimate(median(nn.ms) / cnnSteps) : [NaN, NaN];
  return { webgl: renderer, skipped, warmup: cnnWarmup, steps: cnnSteps, peerSteps: cnnPeerSteps, rounds, bs, lr: CNN_LR, contestants: per,
    flopsPerSample: spec.flops, productsGflops: median(products), recipe: { steps: recipeSteps, seconds: recipeS } };
}
