// End-to-end checks of the optimizers lab: the race draws (HiDPI), reset/step/play, dragging the start point
// on the plot, a diverging lr said in words, bad input marked, a link that reopens the same race, and the phone layout.
export default async function ({ page, check, assert, ink, openPage, artifacts, path }) {
  const L = '#lab-optimizers';
  const progress = () => page.textContent(`${L} .progress`);

  await check('the optimizers race draws six paths and a loss chart', async () => {
    await page.goto(page.url().split('#')[0] + '#optimizers');
    await page.waitForSelector(`${L}:not([hidden]) canvas.plot`);
    const size = await page.$eval(`${L} canvas.plot`, (el) => [el.width, el.getBoundingClientRect().width, devicePixelRatio]);
    assert(Math.abs(size[0] - size[1] * size[2]) <= 1, `canvas is not HiDPI: ${size}`);
    assert((await ink(page, `${L} canvas.plot`)) > 5000, 'contour plot nearly blank');
    assert((await ink(page, `${L} canvas.opt-loss`)) > 2000, 'loss chart nearly blank');
    const rows = await page.$$eval(`${L} .opt-results tbody tr[data-kind]`, (r) => r.length);
    assert(rows === 6, `${rows} result rows`);
    await page.screenshot({ path: path.join(artifacts, 'optimizers-race.png'), fullPage: true });
  });

  await check('reset, step and play drive the race', async () => {
    await page.click(`${L} button[data-role=reset]`);
    assert(/\b0\b/.test(await progress()), `after reset: ${await progress()}`);
    await page.click(`${L} button[data-role=step]`);
    assert(/\b1\b/.test(await progress()), `after step: ${await progress()}`);
    await page.click(`${L} button[data-role=play]`);
    await page.waitForFunction((sel) => /\b30\b.*\b30\b/.test(document.querySelector(sel).textContent), `${L} .progress`, { timeout: 10000 });
  });

  await check('dragging on the plot moves the start point and the URL keeps it', async () => {
    const canvas = page.locator(`${L} canvas.plot`).first();
    await canvas.scrollIntoViewIfNeeded();
    const b = await canvas.boundingBox();
    const box = [b.x, b.y, b.width, b.height];
    const before = await page.inputValue(`${L} .controls > .field input`);
    await page.mouse.move(box[0] + box[2] * 0.7, box[1] + box[3] * 0.3);
    await page.mouse.down();
    await page.mouse.move(box[0] + box[2] * 0.75, box[1] + box[3] * 0.25, { steps: 4 });
    await page.mouse.up();
    const after = await page.inputValue(`${L} .controls > .field input`);
    assert(after !== before && Number(after) > 0, `start x ${before} -> ${after}`);
    assert(page.url().includes(`x0=${after}`), `URL ${page.url()} lacks x0=${after}`);
  });

  await check('a big lr diverges and is said so; a bad lr is marked at its field', async () => {
    await page.click(`${L} button[data-preset=book]`);
    const lr = `${L} .opt-racer .field input`;
    await page.fill(lr, '1e9');
    assert((await page.getAttribute(lr, 'aria-invalid')) === 'true', '1e9 not marked');
    assert((await page.textContent(`${L} .opt-racer .field-error`)).trim().length > 0, 'no message');
    await page.fill(lr, '1.5');
    await page.fill(`${L} .controls > label.field:nth-of-type(3) input`, '100');
    const sgd = await page.textContent(`${L} tr[data-kind=sgd]`);
    assert(/19/.test(sgd) && (/발산|diverged/.test(sgd)), `SGD row: ${sgd}`);
    await page.screenshot({ path: path.join(artifacts, 'optimizers-diverged.png'), fullPage: true });
  });

  await check('a link reopens the same race: Rosenbrock, lr decay, some racers', async () => {
    const p2 = await openPage({ width: 1280, height: 860 }, '#optimizers?s=rosenbrock&n=300&on=momentum,rmsprop,adam&lr.adam=0.05&dec=1&decay=0.01', 'en-US');
    await p2.waitForSelector('#lab-optimizers:not([hidden]) canvas.plot');
    assert(await p2.isChecked('#lab-optimizers input[data-surface=rosenbrock]'), 'surface not restored');
    assert(await p2.isChecked('#lab-optimizers input[data-role=decay]'), 'decay not restored');
    const kinds = await p2.$$eval('#lab-optimizers .opt-results tbody tr[data-kind]', (r) => r.map((e) => e.dataset.kind));
    assert(kinds.join() === 'momentum,rmsprop,adam', `racers: ${kinds}`);
    assert(/300 of 300/.test(await p2.textContent('#lab-optimizers .progress')), 'not run to the end');
    await p2.screenshot({ path: path.join(artifacts, 'optimizers-rosenbrock-en.png'), fullPage: true });
    await p2.context().close();
  });

  await check('on a phone the optimizers lab fits the width and draws', async () => {
    const p3 = await openPage({ width: 390, height: 844 }, '#optimizers?s=saddle');
    const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert((await ink(p3, '#lab-optimizers canvas.plot')) > 1500, 'blank plot on a phone');
    await p3.screenshot({ path: path.join(artifacts, 'phone-optimizers-ko.png'), fullPage: true });
    await p3.context().close();
  });
}
