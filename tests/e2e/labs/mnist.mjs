// End-to-end checks of the MNIST lab on the real built page: the bundled digits load from dist/data, training
// runs a few seconds in the Web Worker (its own readout gives samples/s and ms per mini-batch; the page's fps and
// the effective rate are measured too, and again with ?worker=0, the time-sliced path, all printed for the notes), the charts
// draw, the analysis fills, a digit is drawn with the mouse and classified, a bad file is refused clearly, the
// chapter 6 experiments run (the optimizer race timed for the notes), and the phone layout has no horizontal overflow.
// While training, requestAnimationFrame callbacks over 2 s (the page's fps) and the iterations done meanwhile
// (the effective rate, epoch-end evaluations included), both counted in the page.
async function measure(p, L) {
  return p.evaluate((sel) => new Promise((ok) => {
    const it = () => Number(document.querySelector(sel).textContent.match(/(\d+)\s*\//)[1]);
    const t0 = performance.now(), i0 = it();
    let n = 0;
    const f = () => {
      n++;
      const dt = performance.now() - t0;
      if (dt < 2000) requestAnimationFrame(f);
      else ok({ fps: n / (dt / 1000), itersPerS: (it() - i0) / (dt / 1000) });
    };
    requestAnimationFrame(f);
  }), `${L} .mnist-progress-text`);
}

const iteration = async (p, L) => Number((await p.textContent(`${L} .mnist-progress-text`)).match(/(\d+)\s*\//)[1]);

// samples/s from the readout's ms per mini-batch: the engine's step alone, the raw rate.
const rawRate = (speed) => { const ms = Number((speed.match(/([\d.]+) ms/) || [])[1]); return ms ? (100000 / ms).toFixed(0) : 'n/a'; };

export default async function ({ page, check, assert, ink, openPage, artifacts, path }) {
  const L = '#lab-mnist';
  await check('the MNIST lab loads the bundled digits and shows the gallery', async () => {
    await page.click('.lab-link[href="#mnist"]');
    await page.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const status = await page.textContent(`${L} .mnist-status`);
    assert(/8000/.test(status) && /2000/.test(status), `status: ${status}`);
    assert((await ink(page, `${L} button.mnist-digit canvas`)) > 40, 'blank digit');
  });

  for (const hidden of ['50', '100']) {
    await check(`784-${hidden}-10 trains for a few seconds, with a speed readout and live charts`, async () => {
      await page.fill(`${L} input[data-role=hidden]`, hidden);
      await page.press(`${L} input[data-role=hidden]`, 'Enter');
      await page.$eval(`${L} input[data-role=hidden]`, (e) => e.dispatchEvent(new Event('change')));
      await page.click(`${L} [data-role=run]`);
      await page.waitForTimeout(1000);
      const m = await measure(page, L);
      await page.waitForTimeout(3000);
      const speed = await page.textContent(`${L} .mnist-speed`);
      const progress = await page.textContent(`${L} .mnist-progress-text`);
      const busy = Number(await page.getAttribute(`${L} .mnist-speed`, 'data-worker-busy'));
      const evalShare = Number(await page.getAttribute(`${L} .mnist-speed`, 'data-worker-eval'));
      await page.click(`${L} [data-role=run]`);
      console.log(`     [bench] headless Chromium, 784-${hidden}-10 batch 100: ${speed} (${progress})`);
      console.log(`     [bench] worker, 784-${hidden}-10: ${m.fps.toFixed(1)} fps while training, ${(m.itersPerS * 100).toFixed(0)} samples/s effective, raw step ${rawRate(speed)} samples/s; the worker spent ${(100 * busy).toFixed(1)}% of its wall time in Trainer::step (${(100 * evalShare).toFixed(1)}% in epoch-end steps, which also measure accuracy)`);
      assert(/samples\/s|샘플/.test(speed), `no speed readout: ${speed}`);
      assert(/Web Worker/.test(speed), `not training in the worker: ${speed}`);
      assert(m.itersPerS > 0, 'no progress while training');
      // Paused: the worker stops (the last progress arrives with the weights, then nothing more).
      await page.waitForTimeout(300);
      const i1 = await iteration(page, L);
      await page.waitForTimeout(700);
      assert((await iteration(page, L)) === i1, 'training went on after the pause');
      assert(progress.includes(`784-${hidden}-10`), progress);
      assert((await ink(page, `${L} [data-role=loss-chart]`)) > 2000, 'blank loss chart');
      assert((await ink(page, `${L} [data-role=acc-chart]`)) > 2000, 'blank accuracy chart');
      const cells = await page.$$eval(`${L} table.confusion td`, (t) => t.length);
      assert(cells === 110, `confusion cells: ${cells}`);
      assert((await ink(page, `${L} [data-role=weights-canvas]`)) > 2000, 'blank weight images');
    });
  }

  await check('Step trains one mini-batch in the worker; a diverging run stops and says why', async () => {
    const i0 = await iteration(page, L);
    await page.click(`${L} [data-role=step]`);
    await page.waitForFunction(([sel, want]) => document.querySelector(sel).textContent.startsWith(`Iteration ${want} `),
      [`${L} .mnist-progress-text`, i0 + 1], { timeout: 5000 });
    // lr 10 with weight decay 1: each step multiplies W by about 1 − 10 = −9, so the loss overflows within ~40 steps.
    const p = await openPage({ width: 1280, height: 860 }, '#mnist?lr=10&wd=1');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    await p.waitForFunction((sel) => /Web Worker/.test(document.querySelector(sel).textContent), `${L} .mnist-speed`, { timeout: 10000 });
    await p.click(`${L} [data-role=run]`);
    await p.waitForSelector('.message:not([hidden])', { timeout: 10000 });
    const msg = await p.textContent('.message-text');
    assert(/손실이 .*(NaN|inf)/.test(msg), `message: ${msg}`);
    const state = await p.textContent(`${L} .mnist-state`);
    assert(/발산/.test(state), `state: ${state}`);
    await p.context().close();
  });

  await check('with ?worker=0 the lab trains time-sliced on the page, as before', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '?worker=0#mnist');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    for (const hidden of ['50', '100']) {
      await p.fill(`${L} input[data-role=hidden]`, hidden);
      await p.$eval(`${L} input[data-role=hidden]`, (e) => e.dispatchEvent(new Event('change')));
      await p.click(`${L} [data-role=run]`);
      await p.waitForTimeout(1000);
      const m = await measure(p, L);
      const speed = await p.textContent(`${L} .mnist-speed`);
      await p.click(`${L} [data-role=run]`);
      console.log(`     [bench] main thread, 784-${hidden}-10: ${m.fps.toFixed(1)} fps while training, ${(m.itersPerS * 100).toFixed(0)} samples/s effective, raw step ${rawRate(speed)} samples/s`);
      assert(/메인 스레드|main thread/.test(speed), `not on the page: ${speed}`);
      assert(m.itersPerS > 0, 'no progress while training');
    }
    assert((await ink(p, `${L} [data-role=loss-chart]`)) > 2000, 'blank loss chart');
    await p.context().close();
  });

  await check('a digit drawn with the mouse is preprocessed and classified', async () => {
    const pad = page.locator(`${L} [data-role=draw-pad]`);
    await pad.scrollIntoViewIfNeeded();
    const b = await pad.boundingBox();
    // A "1": one vertical stroke.
    await page.mouse.move(b.x + b.width * 0.5, b.y + b.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(b.x + b.width * 0.52, b.y + b.height * (0.15 + 0.07 * i));
    await page.mouse.up();
    const rows = await page.$$eval(`${L} table.bars tr`, (r) => r.length);
    assert(rows === 10, `softmax bars: ${rows}`);
    assert((await ink(page, `${L} canvas.mnist-seen`)) > 10, 'the network input is blank');
    const guess = await page.textContent(`${L} .mnist-guess`);
    console.log(`     drawn "1" → ${guess}`);
    await page.screenshot({ path: path.join(artifacts, 'mnist-draw.png'), fullPage: true });
  });

  await check('a bad IDX file is refused (parsed in a worker) with a clear message and the data stays', async () => {
    await page.setInputFiles(`${L} input[data-role=idx-files]`, [{ name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]) }]);
    await page.waitForSelector('.message:not([hidden])');
    const msg = await page.textContent('.message-text');
    // Refused from its first bytes: the header says 2 images (1,584 bytes), the file has 19.
    assert(/train-images-idx3-ubyte/.test(msg) && /(truncated|잘렸)/.test(msg), `message: ${msg}`);
    const status = await page.textContent(`${L} .mnist-status`);
    assert(/8000/.test(status), `the data changed: ${status}`);
    await page.click('.message-close');
    // A good pair of files goes through the parse worker (the first 30 bundled digits as t10k files).
    const gz = (await import('node:zlib')).gunzipSync;
    const fsm = await import('node:fs');
    const im = gz(fsm.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../../www/data/mnist-images-idx3-ubyte.gz')));
    const lb = gz(fsm.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../../www/data/mnist-labels-idx1-ubyte.gz')));
    const n = 30;
    const imH = Buffer.from(im.subarray(0, 16)); imH.writeUInt32BE(n, 4);
    const lbH = Buffer.from(lb.subarray(0, 8)); lbH.writeUInt32BE(n, 4);
    const files = [
      { name: 't10k-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.concat([imH, im.subarray(16, 16 + n * 784)]) },
      { name: 't10k-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.concat([lbH, lb.subarray(8, 8 + n)]) },
    ];
    await page.setInputFiles(`${L} input[data-role=idx-files]`, files);
    await page.waitForFunction((sel) => /t10k-images/.test(document.querySelector(sel).textContent), `${L} .mnist-status`, { timeout: 20000 });
    assert((await page.getAttribute(`${L} .mnist-status`, 'data-parse')) === 'worker', 'the files were not parsed in a worker');
    const now = await page.textContent(`${L} [data-role=network-now]`);
    assert(/784-100-10/.test(now) && /trained here/.test(now), `the trained network was not kept: ${now}`);
    const acc = await page.textContent(`${L} .mnist-accuracy`);
    assert(/of 30 right/.test(acc), `not measured on the new test set: ${acc}`);
    await page.click(`${L} [data-role=use-bundled]`);
    await page.waitForFunction((sel) => /2000/.test(document.querySelector(sel).textContent), `${L} .mnist-status`);
  });

  await check('weights export as .npz with their description and re-import to the same accuracy; history as two CSVs', async () => {
    const before = (await page.textContent(`${L} .mnist-accuracy`)).match(/0\.\d+/)[0];
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`${L} [data-role=export-npz]`)]);
    const file = await dl.path();
    const bytes = (await import('node:fs')).readFileSync(file);
    assert(bytes[0] === 0x50 && bytes[1] === 0x4b, 'not a ZIP');
    assert(bytes.includes(Buffer.from('W1.npy')) && bytes.includes(Buffer.from("'shape': (784, 100)")), 'no W1.npy of 784×100');
    assert(bytes.includes(Buffer.from('network.npy')), 'no network description');
    // Imported back with the activation select left on sigmoid: the description says ReLU, and the network comes
    // back exactly (the same test accuracy, printed to four digits), parsed in a worker, then trains on in the
    // training worker: the run starts at iteration 0 and a Step gives 1.
    await page.selectOption(`${L} .mnist-files:has(input[data-role=weights-file]) select`, 'sigmoid');
    await page.setInputFiles(`${L} input[data-role=weights-file]`, { name: 'w.npz', mimeType: 'application/octet-stream', buffer: bytes });
    await page.waitForFunction((sel) => /imported from w\.npz/.test(document.querySelector(sel).textContent), `${L} [data-role=network-now]`, { timeout: 10000 });
    assert((await page.getAttribute(`${L} .mnist-weights-result`, 'data-parse')) === 'worker', 'the weights were not parsed in a worker');
    const now = await page.textContent(`${L} [data-role=network-now]`);
    assert(/784-100-10 \(ReLU\)/.test(now), `network: ${now}`);
    const after = (await page.textContent(`${L} .mnist-accuracy`)).match(/0\.\d+/)[0];
    assert(after === before, `accuracy ${before} before export, ${after} after import`);
    await page.waitForFunction((sel) => /Iteration 0 /.test(document.querySelector(sel).textContent), `${L} .mnist-progress-text`, { timeout: 5000 });
    await page.click(`${L} [data-role=step]`);
    await page.waitForFunction((sel) => /Iteration 1 /.test(document.querySelector(sel).textContent), `${L} .mnist-progress-text`, { timeout: 5000 });
    const speed = await page.textContent(`${L} .mnist-speed`);
    assert(/Web Worker/.test(speed), `imported weights not in the worker: ${speed}`);
    const acc = await page.textContent(`${L} .mnist-accuracy`);
    assert(/0\.[89]\d/.test(acc), `accuracy after one step on imported weights: ${acc}`);
    // The history: one table per CSV, no repeated row, accuracies as exact fractions of the digits counted.
    await page.fill(`${L} input[data-role=hidden]`, '50');
    await page.$eval(`${L} input[data-role=hidden]`, (e) => e.dispatchEvent(new Event('change')));
    await page.click(`${L} [data-role=run]`);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 3, `${L} .mnist-train-out .readout tbody tr`, { timeout: 20000 });
    await page.click(`${L} [data-role=run]`);
    const csv = async (role) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`${L} [data-role=${role}]`)]);
      return (await import('node:fs')).readFileSync(await d.path(), 'utf8').trim().split('\n').map((l) => l.split(','));
    };
    const loss = await csv('export-loss-csv');
    assert(loss[0].join() === 'iteration,loss,steps' && loss.slice(1).every((r) => r.length === 3), `loss CSV: ${loss.slice(0, 3).join(' | ')}`);
    const accRows = await csv('export-acc-csv');
    assert(accRows[0].join() === 'epoch,iteration,train_acc,test_acc,train_digits,test_digits', `accuracy CSV header: ${accRows[0]}`);
    const epochs = accRows.slice(1).map((r) => r[0]);
    assert(epochs.length >= 3 && new Set(epochs).size === epochs.length, `repeated epochs: ${epochs}`);
    for (const r of accRows.slice(1)) {
      for (const [v, n] of [[r[2], r[4]], [r[3], r[5]]]) {
        const k = Math.round(Number(v) * Number(n));
        assert(Math.fround(k / Number(n)) === Math.fround(Number(v)) && v.length <= 8, `noisy accuracy ${v} of ${n}: ${r}`);
      }
    }
  });

  await check('chapter 6: the experiments replace the "coming" card, histograms draw, optimizers race by keyboard', async () => {
    const ch6 = `${L} [data-role=ch6]`;
    assert((await page.$$(`${ch6} .badge, ${L} .coming`)).length === 0, 'a "coming" badge is still there');
    await page.locator(`${L} [data-role=hist-chart]`).scrollIntoViewIfNeeded();
    assert((await ink(page, `${L} [data-role=hist-chart]`)) > 2000, 'blank histograms');
    const before = await page.textContent(`${L} [data-role=ch6-init] .readout`);
    // Keyboard: the activation select changes with an arrow key, and the histograms follow.
    await page.focus(`${L} [data-role=hist-act]`);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((b) => document.querySelector('#lab-mnist [data-role=ch6-init] .readout').textContent !== b, before);
    assert((await ink(page, `${L} [data-role=hist-chart]`)) > 2000, 'blank histograms after a change');
    await page.selectOption(`${L} [data-role=opt-iters]`, '200');
    await page.focus(`${L} [data-role=opt-run]`);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^(Done|끝)/.test(document.querySelector('#lab-mnist [data-role=opt-status]').textContent), null, { timeout: 60000 });
    const status = await page.textContent(`${L} [data-role=opt-status]`);
    console.log(`     [bench] headless Chromium, optimizer comparison (4 × 784-100-100-100-100-10, batch 128): ${status}`);
    assert((await ink(page, `${L} [data-role=opt-chart]`)) > 3000, 'blank optimizer chart');
    const table = await page.textContent(`${L} [data-role=ch6-optim] .readout`);
    assert(/Adam/.test(table) && !/–/.test(table), `results: ${table}`);
    // Overfitting: a second of the plain run, then pause.
    await page.selectOption(`${L} [data-role=over-which]`, 'none');
    await page.click(`${L} [data-role=over-run]`);
    await page.waitForTimeout(1500);
    await page.click(`${L} [data-role=over-run]`);
    assert((await ink(page, `${L} [data-role=over-chart-none]`)) > 2000, 'blank overfitting chart');
    await page.locator(ch6).screenshot({ path: path.join(artifacts, 'mnist-ch6.png') });
  });

  await check('batch norm after each Affine: the switch is in the link; a deep std-0.01 net trains with it in the worker and the page evaluates with its running statistics; its .npz carries γ, β and them', async () => {
    // 784-100-100-100-100-10 at the book's std 0.01 on 1,000 digits, 300 steps (30 epochs of 10): without batch
    // norm the signal vanishes and the net guesses; with it the net learns.
    const base = '#mnist?h=100,100,100,100&std=0.01&it=300&ntr=1000&lang=en';
    const p = await openPage({ width: 1280, height: 900 }, base + '&bn=1', 'en-US');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    await p.waitForFunction((sel) => /Web Worker/.test(document.querySelector(sel).textContent), `${L} .mnist-speed`, { timeout: 10000 });
    assert(await p.isChecked(`${L} input[data-role=batchnorm]`), 'bn=1 did not tick the switch');
    assert(/Batch norm after each Affine/.test(await p.textContent(`${L} label:has(input[data-role=batchnorm])`)), 'no English label');
    const run = async () => {
      await p.click(`${L} [data-role=run]`);
      // The newest epoch is the table's first row: epoch, iteration, train accuracy, test accuracy.
      await p.waitForFunction((sel) => document.querySelector(sel)?.textContent === '300', `${L} .mnist-train-out .readout tbody tr:first-child td:nth-child(2)`, { timeout: 120000 });
      const workerTest = (await p.textContent(`${L} .mnist-train-out .readout tbody tr:first-child td:nth-child(4)`)).trim();
      // The page's own test accuracy, from the weights the worker sent: the same number only if the running mean and
      // variance came along (fresh statistics score differently).
      await p.waitForFunction(([sel, want]) => (document.querySelector(sel).textContent.match(/Test accuracy ([\d.]+)/) || [])[1] === want,
        [`${L} .mnist-accuracy`, workerTest], { timeout: 15000 }).catch(() => {});
      const page = ((await p.textContent(`${L} .mnist-accuracy`)).match(/Test accuracy ([\d.]+)/) || [])[1];
      assert(page === workerTest, `the page's test accuracy ${page}, the worker's ${workerTest}`);
      return Number(page);
    };
    assert(/784-100-100-100-100-10 \+ batch norm/.test(await p.textContent(`${L} .mnist-progress-text`)), 'the summary does not say batch norm');
    const withBn = await run();
    // Its .npz: γ, β and the running statistics by name, and back to the same accuracy.
    const [dl] = await Promise.all([p.waitForEvent('download'), p.click(`${L} [data-role=export-npz]`)]);
    const bytes = (await import('node:fs')).readFileSync(await dl.path());
    // (The description member is NumPy text, UTF-32: the import below shows that it says batch norm.)
    for (const n of ['gamma1.npy', 'beta4.npy', 'running_mean1.npy', 'running_var4.npy']) {
      assert(bytes.includes(Buffer.from(n)), `no ${n} in the .npz`);
    }
    await p.setInputFiles(`${L} input[data-role=weights-file]`, { name: 'bn.npz', mimeType: 'application/octet-stream', buffer: bytes });
    await p.waitForFunction((sel) => /imported from bn\.npz/.test(document.querySelector(sel).textContent), `${L} [data-role=network-now]`, { timeout: 10000 });
    // The imported network is evaluated on the test digits (spread over frames): wait for its number.
    await p.waitForFunction((sel) => /Test accuracy [\d.]+/.test(document.querySelector(sel).textContent), `${L} .mnist-accuracy`, { timeout: 15000 });
    const back = Number(((await p.textContent(`${L} .mnist-accuracy`)).match(/Test accuracy ([\d.]+)/) || [])[1]);
    assert(back === withBn, `accuracy ${withBn} before export, ${back} after import`);
    assert(await p.isChecked(`${L} input[data-role=batchnorm]`), 'the imported BN network left the switch off');
    // Off: the link says bn=0, and the same net without batch norm stays at chance.
    await p.uncheck(`${L} input[data-role=batchnorm]`);
    assert(/[?&]bn=0/.test(p.url()), `URL: ${p.url()}`);
    assert(!/batch norm/.test(await p.textContent(`${L} .mnist-progress-text`)), 'the summary still says batch norm');
    const without = await run();
    console.log(`     784-100×4-10, std 0.01, 300 steps in the worker: test accuracy ${withBn} with batch norm, ${without} without`);
    assert(withBn > 0.6 && without < 0.3, `with BN ${withBn}, without ${without}`);
    await p.context().close();
  });

  await check('on a phone the MNIST lab fits the width', async () => {
    const p = await openPage({ width: 390, height: 844 }, '#mnist');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    await p.screenshot({ path: path.join(artifacts, 'phone-mnist-ko.png'), fullPage: true });
    await p.context().close();
  });
}
