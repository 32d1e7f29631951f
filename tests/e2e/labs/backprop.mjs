// End-to-end checks of the backpropagation lab: the graph stepper reaches the book's numbers by buttons and
// keys, the sigmoid graph ends at y(1 − y), the inspector steps and learns XOR, the gradient check passes,
// bad input is marked, a link reopens the same view, and the phone layout fits.
export default async function ({ page, check, assert, ink, openPage, artifacts, path }) {
  const S = '#lab-backprop';
  await check('the apple-and-orange graph steps forward to 715 and back to the book\'s gradients', async () => {
    await page.click('.lab-link[href="#backprop"]');
    await page.waitForSelector(`${S}:not([hidden]) canvas`);
    const c = `${S} .bp-graph canvas`;
    const size = await page.$eval(c, (el) => [el.width, el.getBoundingClientRect().width, devicePixelRatio]);
    assert(Math.abs(size[0] - size[1] * size[2]) <= 1, `canvas is not HiDPI: ${size}`);
    await page.selectOption(`${S} .bp-graph select`, 'fruit');
    const hash = () => page.evaluate(() => location.hash);
    assert(/g=fruit/.test(await hash()), `the URL does not keep the graph: ${await hash()}`);
    const before = await ink(page, c);
    for (let i = 0; i < 4; i++) await page.click(`${S} [data-role=graph-step]`);
    let text = await page.textContent(`${S} .bp-readout`);
    assert(/715/.test(text) && /650/.test(text), `forward values missing: ${text}`);
    // The rest by keyboard: s steps the graph when focus is in its panel.
    await page.focus(`${S} [data-role=graph-step]`);
    for (let i = 0; i < 4; i++) await page.keyboard.press('s');
    text = await page.textContent(`${S} .bp-readout`);
    for (const v of ['2.2', '110', '3.3', '165']) assert(text.includes(v), `gradient ${v} missing: ${text}`);
    assert((await ink(page, c)) > before, 'the gradients added no ink');
    await page.screenshot({ path: path.join(artifacts, 'backprop-graph-en.png'), fullPage: false });
    await page.keyboard.press('r');
    text = await page.textContent(`${S} .bp-readout`);
    assert(!text.includes('715'), 'reset kept the values');
  });

  await check('the sigmoid graph stepped backward arrives at y(1 − y)', async () => {
    await page.selectOption(`${S} .bp-graph select`, 'sigmoid');
    for (let i = 0; i < 8; i++) await page.click(`${S} [data-role=graph-step]`);
    const text = await page.textContent(`${S} .bp-readout`);
    // x = 1: y = 0.731059, y(1 − y) = 0.196612.
    assert(text.includes('0.731059') && text.includes('0.196612'), text);
    assert((await page.$$(`${S} .bp-readout math`)).length >= 2, 'no MathML rule');
  });

  await check('the inspector steps through forward, backward and update', async () => {
    const st = `${S} .bp-stages li.current`;
    await page.click(`${S} [data-role=ins-reset]`);
    const first = await page.textContent(st);
    for (let i = 0; i < 5; i++) await page.click(`${S} [data-role=ins-step]`);
    const last = await page.textContent(st);
    assert(first !== last, `stage did not move: ${first}`);
    const html = await page.innerHTML(`${S} .bp-steps`);
    assert(/W1\[1\]\[0\]/.test(html) && (html.match(/<math/g) || []).length >= 5, 'numbers or formulas missing');
    await page.screenshot({ path: path.join(artifacts, 'backprop-inspector-en.png'), fullPage: true });
  });

  await check('training (space) learns XOR in seconds', async () => {
    await page.click(`${S} [data-role=ins-reset]`);
    await page.click(`${S} .bp-inspector h3`);
    await page.keyboard.press(' ');
    await page.waitForTimeout(3000);
    await page.keyboard.press(' ');
    const marks = await page.$$eval(`${S} .bp-progress-box td.mark`, (t) => t.map((e) => e.textContent));
    assert(marks.length === 4 && marks.every((m) => m === '✓'), `XOR not learned: ${marks}`);
  });

  await check('the gradient check passes where it can judge, and says which rows are too small', async () => {
    // After XOR is learned every gradient is below the criterion's floor: judged "too small", never "pass".
    await page.click(`${S} [data-role=ins-check]`);
    let rows = await page.$$eval(`${S} .bp-check tbody tr`, (r) => r.map((e) => e.className));
    assert(rows.length === 9 && rows.every((c) => c === 'pass' || c === 'small'), `trained rows: ${rows}`);
    // From the fresh network the gradients are large enough to judge, and they pass.
    await page.click(`${S} [data-role=ins-reset]`);
    await page.click(`${S} [data-role=ins-check]`);
    rows = await page.$$eval(`${S} .bp-check tbody tr`, (r) => r.map((e) => e.className));
    assert(rows.length === 9 && !rows.includes('fail') && rows.filter((c) => c === 'pass').length >= 5, `fresh rows: ${rows}`);
  });

  await check('a bad learning rate is marked at the field and the network keeps going', async () => {
    const f = `${S} .bp-inspector .field input`;
    await page.fill(f, '-3');
    assert((await page.getAttribute(f, 'aria-invalid')) === 'true', 'not marked invalid');
    await page.click(`${S} [data-role=ins-step]`);
    await page.fill(f, '0.5');
    const h = await page.evaluate(() => location.hash);
    assert(/lr=0.5/.test(h), h);
  });

  await check('a backprop link reopens the same view', async () => {
    const p2 = await openPage({ width: 1280, height: 860 }, '#backprop?g=sigmoid&gx=-2&arch=2-3-2&lr=0.3&seed=9&n=1', 'en-US');
    await p2.waitForSelector(`${S}:not([hidden])`);
    assert((await p2.inputValue(`${S} .bp-graph select`)) === 'sigmoid', 'graph');
    assert((await p2.inputValue(`${S} .bp-inspector select`)) === '2-3-2', 'arch');
    const cols = await p2.$$eval(`${S} .bp-steps table:first-of-type tbody tr`, (r) => r.length);
    assert(cols === 1, `one sample expected, got ${cols} rows`);
    await p2.context().close();
  });

  await check('on a phone the backprop lab fits the width and the graph draws', async () => {
    const p3 = await openPage({ width: 390, height: 844 }, '#backprop?g=fruit');
    const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert((await ink(p3, `${S} .bp-graph canvas`)) > 1000, 'blank graph on a phone');
    for (let i = 0; i < 8; i++) await p3.click(`${S} [data-role=graph-step]`);
    await p3.screenshot({ path: path.join(artifacts, 'phone-backprop-ko.png'), fullPage: true });
    await p3.context().close();
  });
}
