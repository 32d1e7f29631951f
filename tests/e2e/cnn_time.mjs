// Times the book's SimpleConvNet recipe in the CNN lab (not part of `make test`; speed is never asserted):
// ch07/train_convnet.py's defaults (30 filters 5×5, hidden 100, Adam lr 0.001, batch 100, 20 epochs) on 8,000 of
// the bundled digits, trained in the worker of the release build, from the click on Train to the last epoch;
// then the weights are exported and imported again, so the accuracy is measured on all 2,000 held-out digits.
// Needs `trunk build --release` first. `node tests/e2e/cnn_time.mjs [epochs]` (default 20, the book's).
import fs from 'node:fs';
import { timingPage } from './timing_page.mjs';

const { page, origin, close } = await timingPage({ acceptDownloads: true });
const epochs = Number(process.argv[2] || 20);
const L = '#lab-cnn';
await page.goto(origin + `#cnn?lang=en&cep=${epochs}`);
await page.waitForSelector(`${L} [data-role=state][data-state=paused]`, { timeout: 120000 });
console.log(await page.textContent(`${L} [data-role=shape]`));
const t0 = Date.now();
await page.click(`${L} [data-role=run]`);
await page.waitForSelector(`${L} [data-role=state][data-state=done]`, { timeout: 4 * 3600 * 1000 });
const s = (Date.now() - t0) / 1000;
const speed = await page.textContent(`${L} [data-role=speed]`);
const sps = Number(await page.getAttribute(`${L} [data-role=speed]`, 'data-samples-per-s'));
const table = await page.getAttribute(`${L} [data-role=acc-table]`, 'data-test-acc');
console.log(`${epochs} epochs on 8000 bundled digits: ${s.toFixed(1)} s from the click; ${sps.toFixed(0)} samples/s (${speed})`);
console.log(`last epoch's test accuracy on the first 1000 held-out digits: ${table}`);
const [dl] = await Promise.all([page.waitForEvent('download'), page.click(`${L} [data-role=export]`)]);
const bytes = fs.readFileSync(await dl.path());
await page.setInputFiles(`${L} input[data-role=params-file]`, { name: 'trained.npz', mimeType: 'application/zip', buffer: bytes });
await page.waitForSelector(`${L} [data-role=imported][data-acc]`, { timeout: 600000 });
console.log(await page.textContent(`${L} [data-role=imported]`));
await close();
