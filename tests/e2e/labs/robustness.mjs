// End-to-end checks of issue #13 on the real built page: links that name no lab are corrected with a message,
// numbers in links keep every digit, the gradients lab's seed field says what is wrong with a bad seed, the
// 136-byte self-appending pickle is refused within a second in the MNIST lab with the module alive and the
// weights kept, and a deliberate trap shows the bilingual "stopped" notice whose reload keeps the link.
import fs from 'node:fs';

// `80025d7100` + `6800617100`×26 + `2e`: a list appended to itself 26 times (GET 0, APPEND, PUT 0).
const selfAppending = () => Buffer.from('80025d7100' + '6800617100'.repeat(26) + '2e', 'hex');

export default async function ({ page, check, assert, openPage, origin, artifacts, path }) {
  await check('links: an unknown lab says so and the address bar is corrected', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '#unknownlab?w1=3', 'en-US');
    await p.waitForSelector('.message:not([hidden])');
    const msg = await p.textContent('.message-text');
    assert(/unknownlab/.test(msg) && /Perceptron/.test(msg), `message: ${msg}`);
    // The shell adds the page's language to every link it writes (lang=…).
    assert(/#perceptron(\?lang=(en|ko))?$/.test(p.url()), `the address is ${p.url()}`);
    assert(await p.$('#lab-perceptron:not([hidden])'), 'the perceptron lab is not shown');
    // The same letters in capitals open that lab, keeping its settings.
    await p.goto(origin + '#MNIST?h=100');
    await p.waitForSelector('#lab-mnist:not([hidden])');
    assert(/#mnist\?h=100&/.test(p.url()), `the address is ${p.url()}`);
    const msg2 = await p.textContent('.message-text');
    assert(/MNIST/.test(msg2), `message: ${msg2}`);
    await p.context().close();
  });

  await check('links: numbers keep every digit (w1=.5555555555555 is written back as 0.5555555555555)', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '#perceptron?w1=.5555555555555&w2=0.5&b=-0.7', 'en-US');
    const L = '#lab-perceptron';
    await p.waitForSelector(`${L}:not([hidden]) #pct-gates canvas`);
    // Any change makes the lab write its settings back into the address.
    await p.fill(`${L} #pct-gates input[data-knob=w2]:not([type=range])`, '0.25');
    await p.waitForFunction(() => /w2=0\.25/.test(location.hash));
    assert(/w1=0\.5555555555555(&|$)/.test(p.url()), `w1 lost digits: ${p.url()}`);
    await p.context().close();
  });

  await check('gradients ④: a bad seed gets a message beside the field; a good one applies on Enter', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '#gradient?tab=net', 'en-US');
    const panel = '#grad-panel-net';
    await p.waitForSelector(`${panel}:not([hidden])`);
    const seed = (await p.$$(`${panel} label.field`))[0];
    const input = await seed.$('input');
    const error = await seed.$('.field-error');
    for (const bad of ['', 'abc', '1e999', 'NaN', '0x10', '2.5']) {
      await input.fill(bad);
      await input.press('Enter');
      const text = (await error.textContent()).trim();
      assert(text.length > 5, `no message for seed "${bad}"`);
      assert((await input.getAttribute('aria-invalid')) === 'true', `seed "${bad}" not marked`);
      if (bad === '2.5') assert(/whole|integer/i.test(text), `2.5: ${text}`);
    }
    const w = await p.inputValue(`${panel} input.grad-w`);
    await input.fill('7');
    await input.press('Enter');
    assert((await error.textContent()).trim() === '', 'a good seed still shows an error');
    await p.waitForFunction((before) => document.querySelector('#grad-panel-net input.grad-w').value !== before, w);
    // A large seed from a link shows every digit (not 1.23457e8).
    await p.goto(origin + '#gradient?tab=net&seed=123456789');
    await p.waitForSelector(`${panel}:not([hidden])`);
    const shown = await (await (await p.$$(`${panel} label.field`))[0].$('input')).inputValue();
    assert(shown === '123456789', `the seed shows as ${shown}`);
    await p.context().close();
  });

  await check('MNIST: the 136-byte self-appending pickle is refused within a second; the module lives, the weights stay', async () => {
    const L = '#lab-mnist';
    const p = await openPage({ width: 1280, height: 860 }, '#mnist', 'en-US');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const exportNpz = async () => {
      const [dl] = await Promise.all([p.waitForEvent('download'), p.click(`${L} [data-role=export-npz]`)]);
      return fs.readFileSync(await dl.path());
    };
    const before = await exportNpz();
    const bytes = selfAppending();
    assert(bytes.length === 136, `the file is ${bytes.length} bytes`);
    const t0 = Date.now();
    await p.setInputFiles(`${L} input[data-role=weights-file]`, { name: 'evil.pkl', mimeType: 'application/octet-stream', buffer: bytes });
    await p.waitForSelector('.message:not([hidden])', { timeout: 1000 });
    const ms = Date.now() - t0;
    const msg = await p.textContent('.message-text');
    const result = await p.textContent(`${L} .mnist-weights-result`);
    console.log(`     [robustness] the 136-byte pickle was refused in ${ms} ms: ${msg}`);
    assert(/pickle/.test(msg), `message: ${msg}`);
    assert(/evil\.pkl/.test(result), `result line: ${result}`);
    // Alive: a training step still runs, and the weights are those from before the import.
    const after = await exportNpz();
    assert(Buffer.compare(before, after) === 0, 'the weights changed');
    const it = async () => Number((await p.textContent(`${L} .mnist-progress-text`)).match(/(\d+)\s*\//)[1]);
    const i0 = await it();
    await p.click(`${L} [data-role=step]`);
    await p.waitForFunction(([sel, i]) => Number(document.querySelector(sel).textContent.match(/(\d+)\s*\//)[1]) > i, [`${L} .mnist-progress-text`, i0], { timeout: 10000 });
    assert(!(await p.$('#nnlab-dead:not([hidden])')), 'the "stopped" notice is showing');
    await p.context().close();
  });

  await check('MNIST: a 17-day run shows its estimate and is refused beside the Train button; the ch5 recipe is not', async () => {
    const L = '#lab-mnist';
    const huge = '#mnist?h=1024,1024,1024,1024,1024,1024&bs=1000&it=1000000';
    const p = await openPage({ width: 1280, height: 860 }, huge, 'en-US');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const est = await p.textContent(`${L} [data-role=estimate]`);
    assert(/over the limit of 60\.0 min/.test(est) && / d |h /.test(est), `estimate: ${est}`);
    await p.click(`${L} [data-role=run]`);
    await p.waitForSelector('.message:not([hidden])', { timeout: 3000 });
    const msg = await p.textContent('.message-text');
    assert(/would take about .* the limit is 60\.0 min/.test(msg), `message: ${msg}`);
    // Beside its cause: the message box sits right after the Train button's row, on screen.
    const [m, b] = await Promise.all([p.$eval('.message-inline:not([hidden])', (e) => e.getBoundingClientRect().toJSON()), p.$eval(`${L} [data-role=run]`, (e) => e.getBoundingClientRect().toJSON())]);
    assert(Math.abs(m.top - b.bottom) < 200, `message at ${m.top}, button bottom ${b.bottom}`);
    assert((await p.textContent(`${L} [data-role=run]`)).trim() === 'Train', 'training started anyway');
    // The book's recipe is estimated in seconds and runs.
    await p.goto(p.url().split('#')[0] + '#mnist?h=50&bs=100&it=10000');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const est2 = await p.textContent(`${L} [data-role=estimate]`);
    assert(/about [\d.]+ (s|min)/.test(est2) && !/over/.test(est2), `estimate: ${est2}`);
    console.log(`     [robustness] ${est.trim()} | ${est2.trim()}`);
    await p.context().close();
  });

  await check('MNIST: a 784-1024×6-10 network imports and is evaluated over frames with its progress shown, not in one freeze', async () => {
    const L = '#lab-mnist';
    const p = await openPage({ width: 1280, height: 860 }, '#mnist?h=1024,1024,1024,1024,1024,1024', 'en-US');
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 20000 });
    const [dl] = await Promise.all([p.waitForEvent('download', { timeout: 60000 }), p.click(`${L} [data-role=export-npz]`)]);
    const bytes = fs.readFileSync(await dl.path());
    assert(bytes.length > 20e6, `the .npz is ${bytes.length} bytes`);
    await p.setInputFiles(`${L} input[data-role=weights-file]`, { name: 'big.npz', mimeType: 'application/octet-stream', buffer: bytes });
    // The evaluation shows its progress while it runs (an evaluation in one piece could not).
    await p.waitForFunction((sel) => /Evaluating on the test set… \d+ \/ \d+/.test(document.querySelector(sel).textContent), `${L} .mnist-accuracy`, { timeout: 60000, polling: 50 });
    await p.waitForFunction((sel) => /imported from big\.npz/.test(document.querySelector(sel).textContent), `${L} [data-role=network-now]`, { timeout: 60000 });
    await p.waitForFunction((sel) => !/Evaluating/.test(document.querySelector(sel).textContent), `${L} .mnist-accuracy`, { timeout: 180000 });
    const acc = await p.textContent(`${L} .mnist-accuracy`);
    const note = await p.textContent(`${L} .mnist-weights-result`);
    assert(/big\.npz/.test(note) && /0\.\d+/.test(note), `the import's note: ${note}`);
    assert(/0\.\d+/.test(acc) && !/Evaluating/.test(acc), `accuracy: ${acc}`);
    await p.context().close();
  });

  await check('recovery: a trap in the module shows the bilingual notice, and its reload keeps the link', async () => {
    // Its own context: the deliberate trap is an expected page error, not one of the run's problems.
    const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'ko-KR' });
    const p = await context.newPage();
    const errors = [];
    p.on('pageerror', (e) => errors.push(e.message));
    const link = '#perceptron?w1=0.25&w2=0.5&b=-0.7';
    await p.goto(origin + link);
    await p.waitForSelector('.lab-link', { timeout: 20000 });
    assert(await p.$('#nnlab-dead[hidden]'), 'no hidden notice after the start');
    assert(await p.evaluate(() => typeof window.wasmBindings?.__nnlab_test_trap === 'function'), 'no test trap export');
    await p.evaluate(() => setTimeout(() => window.wasmBindings.__nnlab_test_trap(), 0));
    await p.waitForSelector('#nnlab-dead:not([hidden])', { timeout: 3000 });
    const text = await p.textContent('#nnlab-dead');
    assert(/멈췄습니다/.test(text) && /stopped/.test(text), `notice: ${text}`);
    assert(errors.some((e) => /unreachable/.test(e)), `the trap was not a page error: ${errors}`);
    assert((await p.evaluate(() => document.activeElement?.getAttribute('data-role'))) === 'reload', 'the reload button is not focused');
    await p.screenshot({ path: path.join(artifacts, 'recovery-notice.png') });
    await Promise.all([p.waitForNavigation(), p.click('#nnlab-dead button[data-role=reload]')]);
    await p.waitForSelector('#lab-perceptron:not([hidden])', { timeout: 20000 });
    assert(p.url().replace(/&lang=(ko|en)$/, '').endsWith(link), `the reload lost the link: ${p.url()}`);
    assert(await p.$('#nnlab-dead[hidden]'), 'the notice is still showing after the reload');
    await context.close();
  });
}
