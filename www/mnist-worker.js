// nnlab's MNIST training worker (a module worker). It loads the page's own wasm module, whose URLs come in the
// first message, and hands every later message to Rust (src/web/mnist/worker.rs). Between training chunks it
// yields through a MessageChannel (a nested setTimeout would be clamped to 4 ms), so pause and reset get through.
let wasm = null;
const queue = [];
const pump = new MessageChannel();
pump.port1.onmessage = () => { if (wasm.mnist_worker_chunk()) pump.port2.postMessage(0); };
const handle = (data) => { if (wasm.mnist_worker_message(data)) pump.port2.postMessage(0); };
// A job that starts helper workers of its own (the CNN lab's batch split, src/web/cnn/job/coordinator.rs) hands
// their answers to `nnlabHandle`, so they reach Rust and restart the pump as the page's messages do; the helpers
// load the same module (`nnlabUrls`).
self.nnlabHandle = (data) => { if (wasm) handle(data); };

self.onmessage = async (e) => {
  if (e.data && e.data.t === 'init') {
    // `helpers` is a test switch: other URLs for the helpers only (tests/e2e/labs/cnn_train.mjs makes them fail).
    self.nnlabUrls = e.data.helpers || { js: e.data.js, wasm: e.data.wasm };
    try {
      const m = await import(e.data.js);
      const exports = await m.default({ module_or_path: e.data.wasm });
      // The worker's own wasm memory, for `make soak` to read (tests/soak/run.mjs).
      self.__nnlabMemory = exports && exports.memory;
      wasm = m;
    } catch (err) {
      self.postMessage({ t: 'fail', msg: String((err && err.message) || err) });
      return;
    }
    self.postMessage({ t: 'ready' });
    for (const d of queue.splice(0)) handle(d);
  } else if (wasm) {
    handle(e.data);
  } else {
    queue.push(e.data);
  }
};
