// End-to-end checks of the batch norm lab (#16): the walk-through's numbers (μ_B, x̂, y = γx̂ + β, the sums that
// must be 0), γ/β editing with a refusal beside the field and the link; the 16-scale experiment and the random
// search shortened (2 scales × 3 epochs; 3 trials × 2 epochs), run in the worker and read from the page, in both
// languages (both again in Korean in the worker, then relabelled by the language switch); pause and resume; "narrow
// the range"; the same run on the page without a worker; a phone layout.
export default async function ({ page, check, assert, ink, openPage, origin, artifacts, path }) {
  const L = '#lab-batchnorm';
  const open = async (p, hash) => {
    await p.goto(origin + hash);
    await p.waitForSelector(`${L}:not([hidden])`);
  };
  const cells = (p, sel) => p.$$eval(sel, (tds) => tds.map((t) => parseFloat(t.textContent.replace('−', '-'))));

  await check('batchnorm: the walk-through shows μ_B, x̂ and y = γx̂ + β for 8 samples, and sums of 0', async () => {
    await open(page, '#batchnorm?lang=ko');
    const rows = await page.$$eval(`${L} [data-role=bn-samples] tbody tr`, (r) => r.length);
    assert(rows === 8, `${rows} sample rows`);
    const x = await cells(page, `${L} [data-role=bn-samples] tbody td:nth-of-type(1)`);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const mu = (await cells(page, `${L} [data-role=bn-stats] tbody tr:nth-of-type(1) td`))[0];
    assert(Math.abs(mu - mean) < 1e-3, `μ_B ${mu} vs mean of x ${mean}`);
    const foot = await cells(page, `${L} [data-role=bn-samples] tfoot td`);
    // Σ(x − μ), Σ x̂ and Σ ∂L/∂x are 0.
    for (const k of [1, 2, 6]) assert(foot[k] === 0, `sum ${k} is ${foot[k]}`);
    assert(/배치 정규화/.test(await page.textContent(`${L} [data-role=bn-batch] h3`)), 'Korean title');
    assert((await page.$$(`${L} .bn-formulas math`)).length >= 4, 'MathML formulas missing');
  });

  await check('batchnorm: γ and β change y only, go into the link, and a bad γ is refused at its field', async () => {
    const xhat = await cells(page, `${L} [data-role=bn-samples] tbody td:nth-of-type(3)`);
    await page.fill(`${L} [data-role=bn-gamma-1]`, '2');
    await page.fill(`${L} [data-role=bn-beta-1]`, '0.5');
    await page.dispatchEvent(`${L} [data-role=bn-beta-1]`, 'change');
    const y = await cells(page, `${L} [data-role=bn-samples] tbody td:nth-of-type(4)`);
    const xhat2 = await cells(page, `${L} [data-role=bn-samples] tbody td:nth-of-type(3)`);
    assert(JSON.stringify(xhat) === JSON.stringify(xhat2), 'x̂ changed with γ');
    for (let i = 0; i < 8; i++) assert(Math.abs(y[i] - (2 * xhat[i] + 0.5)) < 2e-3, `y${i} = ${y[i]}, x̂ = ${xhat[i]}`);
    assert(/bg=2,1,1/.test(page.url()) && /bb=0.5,0,0/.test(page.url()), `URL: ${page.url()}`);
    await page.fill(`${L} [data-role=bn-gamma-2]`, '99');
    await page.dispatchEvent(`${L} [data-role=bn-gamma-2]`, 'change');
    assert((await page.getAttribute(`${L} [data-role=bn-gamma-2]`, 'aria-invalid')) === 'true', 'γ = 99 accepted');
    assert(/bg=2,1,1/.test(page.url()), 'a refused value reached the link');
  });

  await check('batchnorm: the weight-scale experiment runs in the worker and fills the grid and the table', async () => {
    await open(page, '#batchnorm?sn=2&sep=3&lang=en');
    const blank = await ink(page, `${L} [data-role=bn-scales-chart]`);
    await page.click(`${L} [data-role=bn-scales-run]`);
    await page.waitForSelector(`${L} [data-role=bn-scales-status][data-state=running]`);
    await page.waitForSelector(`${L} [data-role=bn-scales-count-done][data-done="2"]`, { timeout: 180000 });
    assert((await page.getAttribute(`${L} [data-role=bn-scales-status]`, 'data-place')) === 'worker', 'not in the worker');
    const acc = await cells(page, `${L} [data-role=bn-scales-results] tbody td`);
    assert(acc.length === 4 && acc.every((v) => v >= 0 && v <= 1), `accuracies ${acc}`);
    assert((await ink(page, `${L} [data-role=bn-scales-chart]`)) > blank, 'no curves drawn');
    assert((await page.textContent(`${L} [data-role=bn-scales-run]`)) === 'Run again', 'button not reset');
    await page.screenshot({ path: path.join(artifacts, 'batchnorm-scales-en.png'), fullPage: true });
  });

  await check("batchnorm: each layer's activations with and without batch norm (the init-histogram view)", async () => {
    await open(page, '#batchnorm?hs=6&lang=en');
    await page.waitForSelector(`${L} [data-role=bn-hist-stats][data-scale="6"]`, { timeout: 60000 });
    const without = await cells(page, `${L} [data-role=bn-hist-stats] tbody td:nth-of-type(1)`);
    const withBn = await cells(page, `${L} [data-role=bn-hist-stats] tbody td:nth-of-type(2)`);
    assert(without.length === 5 && withBn.length === 5, `${without} / ${withBn}`);
    assert(withBn.every((s) => s > 0.3 && s < 0.8), `with BN: ${withBn}`);
    assert(without[4] < 0.01 * withBn[4], `without BN the last layer keeps ${without[4]}`);
    for (const r of ['bn-hist-without', 'bn-hist-with']) assert((await ink(page, `${L} [data-role=${r}]`)) > 1000, `${r} blank`);
    await page.selectOption(`${L} [data-role=bn-hist-scale]`, '0');
    await page.waitForSelector(`${L} [data-role=bn-hist-stats][data-scale="0"]`, { timeout: 60000 });
    assert(/hs=0/.test(page.url()), `URL: ${page.url()}`);
  });

  await check('batchnorm: the random search runs in the worker; the page says why validation data', async () => {
    await open(page, '#batchnorm?tn=3&tep=2&lang=en');
    assert(/test data/.test(await page.textContent(`${L} [data-role=bn-search-why]`)), 'no reason given');
    await page.click(`${L} [data-role=bn-search-run]`);
    await page.waitForSelector(`${L} [data-role=bn-search-count][data-done="3"]`, { timeout: 180000 });
    const rows = await page.$$eval(`${L} [data-role=bn-search-best-table] tbody tr`, (r) => r.length);
    assert(rows === 3, `${rows} best rows`);
    const val = await cells(page, `${L} [data-role=bn-search-best-table] tbody td:nth-of-type(1)`);
    assert(val[0] >= val[1] && val[1] >= val[2], `not sorted: ${val}`);
    assert((await ink(page, `${L} [data-role=bn-search-chart]`)) > 1000, 'scatter blank');
    assert((await ink(page, `${L} [data-role=bn-search-best]`)) > 500, 'best curves blank');
  });

  await check('batchnorm: "narrow the range" moves the ranges to the best trials and into the link', async () => {
    const before = page.url();
    await page.click(`${L} [data-role=bn-search-narrow]`);
    const lo = parseFloat(await page.inputValue(`${L} [data-role=bn-search-lr-lo]`));
    const hi = parseFloat(await page.inputValue(`${L} [data-role=bn-search-lr-hi]`));
    assert(lo < hi && lo >= -6 && hi <= -2, `lr range ${lo} … ${hi}`);
    assert(page.url() !== before && /tlr=/.test(page.url()), `URL: ${page.url()}`);
    const done = await page.getAttribute(`${L} [data-role=bn-search-count]`, 'data-done');
    assert(done === '0', `results not cleared: ${done}`);
  });

  await check('batchnorm: a search can be paused, resumed and reset', async () => {
    // Long enough (20 trials × 20 epochs) that it cannot finish between the clicks.
    await open(page, '#batchnorm?tn=20&tep=20&tlr=-3,-2&lang=en');
    const prog = `${L} [data-role=bn-search-progress]`;
    const value = async () => parseFloat(await page.getAttribute(prog, 'value'));
    await page.click(`${L} [data-role=bn-search-run]`);
    await page.waitForFunction((s) => parseFloat(document.querySelector(s).getAttribute('value')) > 0, prog, { timeout: 60000 });
    await page.click(`${L} [data-role=bn-search-run]`);
    assert((await page.textContent(`${L} [data-role=bn-search-run]`)) === 'Resume', 'not paused');
    await page.waitForTimeout(500);
    const p1 = await value();
    await page.waitForTimeout(1500);
    const p2 = await value();
    assert(p1 === p2, `progress moved while paused: ${p1} → ${p2}`);
    await page.click(`${L} [data-role=bn-search-run]`);
    assert((await page.textContent(`${L} [data-role=bn-search-run]`)) === 'Pause', 'not running again');
    await page.waitForFunction(([s, v]) => parseFloat(document.querySelector(s).getAttribute('value')) > v, [prog, p2], { timeout: 60000 });
    await page.click(`${L} [data-role=bn-search-reset]`);
    assert((await page.getAttribute(`${L} [data-role=bn-search-status]`, 'data-state')) === 'idle', 'not reset');
    assert((await page.getAttribute(`${L} [data-role=bn-search-count]`, 'data-done')) === '0', 'results kept after reset');
  });

  await check('batchnorm: without a worker the same experiment runs on the page (Korean)', async () => {
    const p = await openPage({ width: 1280, height: 800 }, '?worker=0#batchnorm?sn=2&sep=2&lang=ko');
    await p.waitForSelector(`${L}:not([hidden])`);
    await p.click(`${L} [data-role=bn-scales-run]`);
    await p.waitForSelector(`${L} [data-role=bn-scales-count-done][data-done="2"]`, { timeout: 180000 });
    assert((await p.getAttribute(`${L} [data-role=bn-scales-status]`, 'data-place')) === 'page', 'not on the page');
    assert(/완료/.test(await p.textContent(`${L} [data-role=bn-scales-status]`)), 'status not Korean');
    await p.context().close();
  });

  await check('batchnorm (Korean): both experiments run shortened in the worker and are read from the page; the language switch relabels every view', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#batchnorm?sn=2&sep=2&tn=2&tep=1&lang=ko');
    await p.waitForSelector(`${L}:not([hidden])`);
    assert(/그림 6-19/.test(await p.textContent(`${L} [data-role=bn-scales] h3`)), 'the scales title is not Korean');
    await p.click(`${L} [data-role=bn-scales-run]`);
    await p.waitForSelector(`${L} [data-role=bn-scales-count-done][data-done="2"]`, { timeout: 180000 });
    const scales = `${L} [data-role=bn-scales-status]`;
    assert((await p.getAttribute(scales, 'data-place')) === 'worker', 'the scales did not run in the worker');
    assert((await p.textContent(scales)) === '완료', `status: ${await p.textContent(scales)}`);
    const acc = await cells(p, `${L} [data-role=bn-scales-results] tbody td`);
    assert(acc.length === 4 && acc.every((v) => v >= 0 && v <= 1), `accuracies ${acc}`);
    assert(/2개 중 2개 완료/.test(await p.textContent(`${L} [data-role=bn-scales-count-done]`)), 'count not Korean');
    await p.click(`${L} [data-role=bn-search-run]`);
    await p.waitForSelector(`${L} [data-role=bn-search-count][data-done="2"]`, { timeout: 180000 });
    const search = `${L} [data-role=bn-search-status]`;
    assert((await p.getAttribute(search, 'data-place')) === 'worker', 'the search did not run in the worker');
    const val = await cells(p, `${L} [data-role=bn-search-best-table] tbody td:nth-of-type(1)`);
    assert(val.length === 2 && val[0] >= val[1] && val.every((v) => v >= 0 && v <= 1), `validation accuracies ${val}`);
    assert(/2번 중 2번/.test(await p.textContent(`${L} [data-role=bn-search-count]`)), 'count not Korean');
    assert(/시험 데이터/.test(await p.textContent(`${L} [data-role=bn-search-why]`)), 'the reason is not Korean');
    assert(/특징 1/.test(await p.textContent(`${L} [data-role=bn-samples] caption`)), 'the walk-through is not Korean');
    await p.screenshot({ path: path.join(artifacts, 'batchnorm-ko.png'), fullPage: true });
    // English: titles, tables, statuses and buttons of every view follow; the results stay.
    await p.click('.lang-switch');
    assert((await p.textContent(`${L} [data-role=bn-batch] h3`)) === 'Batch normalization of one mini-batch: every number', 'walk-through title');
    assert(/^Feature 1/.test(await p.textContent(`${L} [data-role=bn-samples] caption`)), 'samples caption');
    assert(/figure 6-19/.test(await p.textContent(`${L} [data-role=bn-scales] h3`)), 'scales title');
    assert((await p.textContent(scales)) === 'Finished' && (await p.textContent(search)) === 'Finished', 'statuses');
    assert((await p.textContent(`${L} [data-role=bn-scales-run]`)) === 'Run again', 'run button');
    assert(/2 of 2 trials done/.test(await p.textContent(`${L} [data-role=bn-search-count]`)), 'search count');
    assert(/test data/.test(await p.textContent(`${L} [data-role=bn-search-why]`)), 'the reason is not English');
    const acc2 = await cells(p, `${L} [data-role=bn-scales-results] tbody td`);
    assert(JSON.stringify(acc2) === JSON.stringify(acc), `results changed with the language: ${acc} → ${acc2}`);
    await p.context().close();
  });

  await check('batchnorm: a phone shows every section without sideways scrolling of the page', async () => {
    const p = await openPage({ width: 390, height: 844 }, '#batchnorm?lang=en');
    await p.waitForSelector(`${L}:not([hidden])`);
    const w = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(w <= 392, `page is ${w}px wide`);
    await p.screenshot({ path: path.join(artifacts, 'batchnorm-390.png'), fullPage: true });
    await p.context().close();
  });
}
