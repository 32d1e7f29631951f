// Times the batch norm lab's full experiments in the browser (not part of `make test`; speed is never asserted):
// the book's 16 weight scales × 20 epochs with and without batch norm, and the random search (100 trials × 50
// epochs), each in the worker of the release build, read from the page. Needs `trunk build --release` first.
// `node tests/e2e/batchnorm_time.mjs [scales|search|both]` (default both).
import { timingPage } from './timing_page.mjs';

const { page, origin, close } = await timingPage();
const which = process.argv[2] || 'both';
const L = '#lab-batchnorm';
async function time(kind, done) {
  await page.goto(origin + '#batchnorm?lang=en');
  await page.waitForSelector(`${L}:not([hidden])`);
  const t0 = Date.now();
  await page.click(`${L} [data-role=bn-${kind}-run]`);
  await page.waitForSelector(done, { timeout: 4 * 3600 * 1000 });
  const s = (Date.now() - t0) / 1000;
  const place = await page.getAttribute(`${L} [data-role=bn-${kind}-status]`, 'data-place');
  console.log(`${kind}: ${s.toFixed(0)} s (${place})`);
  return s;
}
if (which !== 'search') {
  await time('scales', `${L} [data-role=bn-scales-count-done][data-done="16"]`);
  console.log(await page.textContent(`${L} [data-role=bn-scales-results]`));
}
if (which !== 'scales') {
  await time('search', `${L} [data-role=bn-search-count][data-done="100"]`);
  console.log(await page.textContent(`${L} [data-role=bn-search-best-table]`));
}
await close();
