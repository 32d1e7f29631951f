// One worker of `make bench-threads` (issue #17 item 3; a module worker started by threads-page.mjs). It loads the
// full wasm module (the same `nnlab-full-*` files the app's training worker runs) and holds two things for one
// network: a `BenchContest`/`BenchConvContest` (the lab's own Trainer step on whole batches: the 1-worker
// baseline) and a `BenchReplica` (one replica of the data-parallel run). Every message gets one reply
// `{ t: 'ok', … }` or `{ t: 'fail', msg }`.
//
// Messages: init {js, wasm}; make {kind, x, labels, hidden, activation, w: [W1, W2(, W3)], lr}; reset {w};
// run {order, bs, steps} → {losses} (the Trainer path, `steps` whole batches in one call);
// step {rows, me, others, weights} → {g, loss}: first apply Σᵢ weights[i]·gᵢ of the previous step (others = the
// other workers' gradients, in worker order; absent on the first step), then backprop `rows` and transfer this
// part's gradient g; finish {me, others, weights} → {hash}: apply the last step and hash the parameters.
let wasm = null;
let contest = null;
let replica = null;

const concat = (ws) => {
  const out = new Float32Array(ws.reduce((s, w) => s + w.length, 0));
  let at = 0;
  for (const w of ws) { out.set(w, at); at += w.length; }
  return out;
};
const applyPrevious = (d) => { if (d.others) replica.apply_parts(d.me, d.others, d.weights); };

self.onmessage = async (e) => {
  const d = e.data;
  try {
    if (d.t === 'init') {
      const m = await import(d.js);
      await m.default({ module_or_path: d.wasm });
      wasm = m;
      self.postMessage({ t: 'ok' });
    } else if (d.t === 'make') {
      contest?.free(); replica?.free();
      contest = d.kind === 'mlp'
        ? new wasm.BenchContest(d.x, d.labels, d.hidden, d.activation, d.w[0], d.w[1])
        : new wasm.BenchConvContest(d.x, d.labels, d.w[0], d.w[1], d.w[2], d.lr);
      replica = new wasm.BenchReplica(d.kind, d.x, d.labels, d.hidden || 0, d.activation || 'relu', concat(d.w), d.lr);
      self.postMessage({ t: 'ok', gradLen: replica.grad_len() });
    } else if (d.t === 'reset') {
      contest.set_weights(...d.w);
      replica.set_weights(concat(d.w));
      self.postMessage({ t: 'ok' });
    } else if (d.t === 'run') {
      const losses = contest.run(d.order, d.bs, d.steps);
      self.postMessage({ t: 'ok', losses }, [losses.buffer]);
    } else if (d.t === 'step') {
      applyPrevious(d);
      const g = replica.gradient(d.rows);
      self.postMessage({ t: 'ok', g, loss: replica.loss() }, [g.buffer]);
    } else if (d.t === 'finish') {
      applyPrevious(d);
      self.postMessage({ t: 'ok', hash: replica.params_hash() });
    } else {
      throw new Error(`unknown message ${d.t}`);
    }
  } catch (err) {
    self.postMessage({ t: 'fail', msg: String((err && err.message) || err) });
  }
};
