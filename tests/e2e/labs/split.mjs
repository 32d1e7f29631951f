// End-to-end checks of the two wasm modules (issue #14, src/web/remote.rs): the first view loads only the
// first module, which stays within 400 KB gzipped; the heavy labs load the full module once, on first open; their
// messages reach the shell's message area and follow the language; and a full module that cannot load is said
// plainly beside the lab while the other labs go on working.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist');
const FIRST = /\/nnlab-[0-9a-f]+_bg\.wasm$/;
// The full module in its two builds (www/pwa/full-module.mjs): SIMD128, and relaxed SIMD for browsers that have it.
const FULL = /\/nnlab-full-(relaxed-)?[0-9a-f]+_bg\.wasm$/;
const PLAIN = /\/nnlab-full-[0-9a-f]+_bg\.wasm$/;
const RELAXED = /\/nnlab-full-relaxed-[0-9a-f]+_bg\.wasm$/;
const LIMIT = 400 * 1000;

export default async function ({ page, check, assert, openPage, origin }) {
  await check('split: the first view loads only the first module (≤ 400 KB gzipped); a heavy lab loads the full one once', async () => {
    const first = fs.readdirSync(dist).find((f) => FIRST.test(`/${f}`));
    assert(first, 'dist/ has no first module');
    const gz = zlib.gzipSync(fs.readFileSync(path.join(dist, first)), { level: 9 }).length;
    assert(gz <= LIMIT, `the first module is ${gz} bytes gzipped, over ${LIMIT}`);

    const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    const p = await context.newPage();
    // The page's own fetches (the training workers load the full module too, each once, from the cache).
    const pageWasm = () => p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.endsWith('.wasm')));
    await p.goto(origin + '#perceptron');
    await p.waitForSelector('#lab-perceptron:not([hidden]) canvas');
    await p.click('.lab-link[href="#playground"]');
    await p.waitForSelector('#lab-playground:not([hidden]) canvas');
    let wasm = await pageWasm();
    assert(wasm.length === 1 && FIRST.test(wasm[0]), `first view loaded: ${wasm.join(', ')}`);

    await p.click('.lab-link[href="#mnist"]');
    await p.waitForSelector('#lab-mnist button.mnist-digit', { timeout: 30000 });
    assert(!(await p.$('#lab-mnist .remote-status')), 'the loading note stayed');
    for (const id of ['cnn', 'batchnorm']) {
      await p.click(`.lab-link[href="#${id}"]`);
      await p.waitForSelector(`#lab-${id}:not([hidden]) [data-stage]`, { timeout: 30000 });
    }
    wasm = await pageWasm();
    const full = wasm.filter((u) => FULL.test(u));
    assert(full.length === 1, `the full module was requested ${full.length} times by the page: ${wasm.join(', ')}`);
    // Chromium has relaxed SIMD (since 114): it gets the build whose matrix product fuses multiply and add.
    assert(RELAXED.test(full[0]), `Chromium loaded ${full[0]}, not the relaxed-SIMD build`);
    // The heavy lab's own text comes from the full module's tables.
    const raw = await p.$$eval('[data-i18n]', (els) => els.filter((e) => e.textContent.trim() === e.getAttribute('data-i18n')).map((e) => e.getAttribute('data-i18n')));
    assert(raw.length === 0, `untranslated: ${raw.join(', ')}`);
    await context.close();
  });

  await check('split: a browser without relaxed SIMD gets the SIMD128 build, in the page and in the training worker', async () => {
    const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    // Such a browser refuses the feature test (src/gemm/probe.rs, 37 bytes); every other module still validates.
    await context.addInitScript(() => {
      const validate = WebAssembly.validate;
      WebAssembly.validate = (bytes, ...rest) => (bytes.byteLength === 37 ? false : validate(bytes, ...rest));
    });
    const p = await context.newPage();
    await p.goto(origin + '#mnist');
    const L = '#lab-mnist';
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 30000 });
    await p.click(`${L} [data-role=run]`);
    await p.waitForFunction((sel) => Number((document.querySelector(sel).textContent.match(/(\d+)\s*\//) || [])[1]) > 0,
      `${L} .mnist-progress-text`, { timeout: 30000 });
    await p.click(`${L} [data-role=run]`);
    const loaded = await p.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.endsWith('.wasm')));
    for (const w of p.workers()) {
      loaded.push(...await w.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.endsWith('.wasm'))));
    }
    const full = loaded.filter((u) => FULL.test(u));
    assert(full.length >= 2 && full.every((u) => PLAIN.test(u)), `page and worker loaded: ${loaded.join(', ')}`);
    await context.close();
  });

  await check('split: a heavy lab\'s message appears beside its control and follows the language switch', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '#mnist?lr=10&wd=1', 'en-US');
    const L = '#lab-mnist';
    await p.waitForSelector(`${L} button.mnist-digit`, { timeout: 30000 });
    await p.waitForFunction((sel) => /Web Worker/.test(document.querySelector(sel).textContent), `${L} .mnist-speed`, { timeout: 10000 });
    await p.click(`${L} [data-role=run]`);
    await p.waitForSelector(`${L} [data-message-inline]:not([hidden])`, { timeout: 10000 });
    const en = await p.textContent(`${L} [data-message-inline] .message-text`);
    assert(/loss/i.test(en) && /(NaN|inf)/.test(en), `English message: ${en}`);
    await p.click('.lang-switch');
    await p.waitForFunction((sel) => /손실/.test(document.querySelector(sel).textContent), `${L} [data-message-inline] .message-text`, { timeout: 5000 });
    const mnistRaw = await p.$$eval(`${L} [data-i18n]`, (els) => els.filter((e) => e.textContent.trim() === e.getAttribute('data-i18n')).length);
    assert(mnistRaw === 0, `${mnistRaw} untranslated strings in the MNIST lab after the switch`);
    await p.context().close();
  });

  await check('split: leaving a heavy lab while its module loads and coming back shows it once loaded', async () => {
    const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    // A slow network: the full module's wasm arrives 3 s late.
    await context.route(/nnlab-full-.*\.wasm$/, async (r) => { await new Promise((ok) => setTimeout(ok, 3000)); await r.continue(); });
    const p = await context.newPage();
    await p.goto(origin + '#perceptron');
    await p.waitForSelector('#lab-perceptron:not([hidden]) canvas');
    await p.click('.lab-link[href="#mnist"]');
    await p.waitForSelector('#lab-mnist .remote-status');
    await p.click('.lab-link[href="#perceptron"]');
    await p.click('.lab-link[href="#mnist"]');
    await p.waitForSelector('#lab-mnist button.mnist-digit', { timeout: 30000 });
    await context.close();
  });

  await check('split: when the full module cannot load, the heavy lab says so in both languages and the others work', async () => {
    // Its own context: the blocked request and the error it causes are the point here, not a fault.
    const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await context.route(/nnlab-full-/, (r) => r.abort());
    const p = await context.newPage();
    await p.goto(origin + '#mnist');
    await p.waitForSelector('#lab-mnist .remote-failed', { timeout: 20000 });
    const en = await p.textContent('#lab-mnist .remote-failed');
    assert(/could not be loaded/.test(en) && /online/.test(en), `English: ${en}`);
    await p.click('.lang-switch');
    await p.waitForFunction(() => /불러오지 못했습니다/.test(document.querySelector('.message .message-text').textContent), null, { timeout: 5000 });
    const ko = await p.textContent('#lab-mnist .remote-failed');
    assert(/불러오지 못했습니다/.test(ko), `Korean: ${ko}`);
    await p.click('.lab-link[href="#perceptron"]');
    await p.waitForSelector('#lab-perceptron:not([hidden]) canvas');
    await context.close();
  });
}
