// End-to-end checks of the loss-functions lab: the book's SSE/CEE numbers and presets, the class picker,
// softmax mode, field validation, the mini-batch mean, accuracy vs loss, a link that reopens the view, and
// the phone layout.
export default async function ({ page, check, assert, ink, openPage, origin, artifacts, path }) {
  const L = '#lab-loss';
  await check('loss: the book example gives SSE 0.0975 and CEE 0.5108; the wrong guess 0.5975 and 2.3026', async () => {
    await page.goto(origin + '#loss');
    await page.waitForSelector(`${L}:not([hidden])`);
    const sse = () => page.textContent(`${L} [data-loss=sse]`);
    const cee = () => page.textContent(`${L} [data-loss=cee]`);
    assert((await sse()).includes('0.0975') && (await cee()).includes('0.5108'), `${await sse()} / ${await cee()}`);
    assert((await ink(page, `${L} canvas.bars`)) > 1000, 'y bars blank');
    await page.click(`${L} button[data-preset=book_wrong]`);
    assert((await sse()).includes('0.5975') && (await cee()).includes('2.3026'), `${await sse()} / ${await cee()}`);
    const rows = await page.$$eval(`${L} .terms-table tbody tr`, (r) => r.length);
    assert(rows === 10, `${rows} term rows`);
    await page.screenshot({ path: path.join(artifacts, 'loss-book-wrong-en.png'), fullPage: true });
  });

  await check('loss: the class picker moves t, and the −log y curve marks the new value', async () => {
    const curve = `${L} .curve-text`;
    const before = await ink(page, `${L} canvas[data-i18n-aria="loss.curve.chart"]`);
    await page.check(`${L} input[name=loss-t][value="7"]`);
    const cee = await page.textContent(`${L} [data-loss=cee]`);
    assert(cee.includes('0.51083'), `CEE for class 7 of the wrong guess: ${cee}`);
    assert(/t=7/.test(page.url()), `URL: ${page.url()}`);
    await page.check(`${L} input[name=loss-t][value="3"]`);
    assert((await page.textContent(`${L} [data-loss=cee]`)).includes('16.118'), 'y = 0 should give 16.118 (the δ cap)');
    assert(/16\.12/.test(await page.textContent(curve)), 'δ explanation missing');
    assert((await ink(page, `${L} canvas[data-i18n-aria="loss.curve.chart"]`)) !== before, 'the curve chart did not change');
  });

  await check('loss: bad y is marked at the field and the last good losses stay; normalize and softmax mode', async () => {
    const y0 = `${L} .vfield >> nth=0 >> input >> nth=0`;
    const cee = await page.textContent(`${L} [data-loss=cee]`);
    await page.fill(y0, '2');
    assert((await page.getAttribute(y0, 'aria-invalid')) === 'true', 'y = 2 accepted');
    assert((await page.textContent(`${L} .vfield >> nth=0 >> .field-error`)).trim().length > 0, 'no message');
    assert((await page.textContent(`${L} [data-loss=cee]`)) === cee, 'losses changed on bad input');
    await page.fill(y0, '0.5');
    assert((await page.getAttribute(`${L} .sum-check`, 'data-state')) === 'bad', 'sum 1.4 not flagged');
    await page.click(`${L} button.normalize`);
    assert((await page.getAttribute(`${L} .sum-check`, 'data-state')) === 'ok', 'normalize did not give sum 1');
    await page.check(`${L} input[name=loss-mode][value=s]`);
    assert(await page.isVisible(`${L} .vfield >> nth=1`), 'scores field hidden in softmax mode');
    assert(!(await page.isVisible(`${L} .vfield >> nth=0`)), 'y field visible in softmax mode');
    assert((await page.getAttribute(`${L} .sum-check`, 'data-state')) === 'ok', 'softmax output must sum to 1');
    assert(/m=s/.test(page.url()), `URL: ${page.url()}`);
  });

  await check('loss: the mini-batch mean divides by N', async () => {
    await page.selectOption(`${L} select[data-role=batch-size]`, '5');
    const visible = await page.$$eval(`${L} .batch-table tbody tr:not([hidden])`, (r) => r.length);
    assert(visible === 5, `${visible} rows`);
    const es = await page.$$eval(`${L} .batch-table tbody tr:not([hidden]) td.e-n`, (c) => c.map((e) => parseFloat(e.textContent)));
    const mean = es.reduce((a, b) => a + b, 0) / es.length;
    const shown = await page.textContent(`${L} [data-loss=batch]`);
    assert(shown.includes(mean.toPrecision(4).replace(/0+$/, '').slice(0, 5)), `mean ${mean} vs ${shown}`);
    assert(/bn=5/.test(page.url()), `URL: ${page.url()}`);
  });

  await check('loss: accuracy is flat where the loss has a slope; the keyboard moves w', async () => {
    const acc = `${L} canvas[data-i18n-aria="loss.acc.chart_acc"]`;
    assert((await ink(page, acc)) > 1000, 'accuracy chart blank');
    const slope = await page.$$eval(`${L} .loss-accuracy .readout tbody tr`, (r) => r.map((tr) => tr.cells[2].textContent));
    assert(slope[0] === '0' && slope[1] !== '0', `slopes: ${slope}`);
    await page.focus(acc);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert(/w=0\.6/.test(page.url()), `w did not move: ${page.url()}`);
    await page.locator(`${L} .loss-accuracy`).screenshot({ path: path.join(artifacts, 'loss-accuracy.png') });
  });

  await check('loss: a link with settings reopens the same view', async () => {
    const p2 = await openPage({ width: 1280, height: 860 }, '#loss?m=p&y=0.1,0.05,0.1,0,0.05,0.1,0,0.6,0,0&t=2&bn=2&w=-1', 'en-US');
    await p2.waitForSelector(`${L}:not([hidden])`);
    assert((await p2.textContent(`${L} [data-loss=cee]`)).includes('2.3026'), 'not the wrong-guess example');
    assert((await p2.$$eval(`${L} .batch-table tbody tr:not([hidden])`, (r) => r.length)) === 2, 'batch size lost');
    await p2.context().close();
  });

  await check('loss: on a phone the page fits the width and the charts draw', async () => {
    const p3 = await openPage({ width: 390, height: 844 }, '#loss');
    const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert((await ink(p3, `${L} canvas.bars`)) > 500, 'blank bars on a phone');
    await p3.screenshot({ path: path.join(artifacts, 'phone-loss-ko.png'), fullPage: true });
    await p3.context().close();
  });
}
