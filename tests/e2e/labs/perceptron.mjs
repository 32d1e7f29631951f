// End-to-end checks of the perceptron lab: presets and the truth table, a weight change that moves the line
// (pixels, formula and URL), field validation, learning that converges on OR and cycles on XOR, the
// keyboard, a link that reopens a learned view in Korean, and the phone layout. Screenshots go to artifacts.
export default async function ({ page, check, assert, ink, openPage, artifacts, path }) {
  const L = '#lab-perceptron';
  const field = (knob) => `${L} #pct-gates input[data-knob=${knob}]:not([type=range])`;
  const oks = (sel) => page.$$eval(`${sel} .mark.ok`, (e) => e.length);
  const hash = (p, sel) => p.$eval(sel, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 0; for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
    return h;
  });

  await check('perceptron: the presets give the notes\' truth tables, and the plot draws sharp', async () => {
    await page.click('.lab-link[href="#perceptron"]');
    await page.waitForSelector(`${L}:not([hidden]) #pct-gates canvas`);
    const c = `${L} #pct-gates canvas`;
    const size = await page.$eval(c, (el) => [el.width, el.height, el.getBoundingClientRect().width, devicePixelRatio]);
    assert(Math.abs(size[0] - size[2] * size[3]) <= 1, `canvas is not HiDPI: ${size}`);
    assert((await ink(page, c)) > 5000, 'the decision plot is nearly blank');
    for (const [g, theta] of [['nand', '-0.7'], ['or', '0.3'], ['and', '0.7']]) {
      await page.click(`${L} button[data-gate=${g}]`);
      assert((await oks(`${L} #pct-gates .truth-wrap`)) === 4, `${g}: not four right rows`);
      assert((await page.inputValue(field('theta'))) === theta, `${g}: θ is ${await page.inputValue(field('theta'))}`);
    }
    assert((await page.$$eval(`${L} #pct-gates math`, (m) => m.length)) >= 4, 'formulas are not MathML');
  });

  await check('perceptron: a weight change moves the line: pixels, formula, table and URL', async () => {
    const c = `${L} #pct-gates canvas`;
    const before = await hash(page, c);
    const formula = await page.textContent(`${L} .line-note`);
    await page.fill(field('w1'), '-1');
    assert((await hash(page, c)) !== before, 'the plot did not change');
    assert((await page.textContent(`${L} .line-note`)) !== formula, 'the line formula did not change');
    assert((await page.$$eval(`${L} #pct-gates .mark.wrong`, (e) => e.length)) > 0, 'no wrong row for w1 = −1');
    assert(/w1=-1(&|$)/.test(page.url()), `the URL does not keep w1: ${page.url()}`);
    await page.fill(field('w2'), '0');
    await page.fill(field('w1'), '0');
    const note = await page.textContent(`${L} .line-note`);
    assert(/no line|직선이 없습니다/.test(note), `w1 = w2 = 0 does not say there is no line: ${note}`);
  });

  await check('perceptron: bad input is marked at the field and the last good state stays', async () => {
    await page.click(`${L} button[data-gate=and]`);
    const table = await page.textContent(`${L} #pct-gates .truth-wrap`);
    for (const bad of ['', 'abc', 'NaN', '7']) {
      await page.fill(field('b'), bad);
      assert((await page.getAttribute(field('b'), 'aria-invalid')) === 'true', `${JSON.stringify(bad)} accepted`);
      assert((await page.textContent(`${L} #pct-gates .truth-wrap`)) === table, `${JSON.stringify(bad)} changed the table`);
    }
    await page.fill(field('b'), '-0.7');
    assert((await page.getAttribute(field('b'), 'aria-invalid')) === null, 'still invalid after a good value');
    await page.fill(`${L} input[data-role=seed]`, '1.5');
    assert((await page.getAttribute(`${L} input[data-role=seed]`, 'aria-invalid')) === 'true', 'a fractional seed was accepted');
    await page.fill(`${L} input[data-role=seed]`, '1');
  });

  await check('perceptron: the keyboard drives presets, fields and sliders', async () => {
    await page.focus(`${L} button[data-gate=or]`);
    await page.keyboard.press('Enter');
    assert((await page.inputValue(field('theta'))) === '0.3', 'Enter on the OR preset did nothing');
    await page.focus(field('w1'));
    await page.keyboard.press('ArrowUp');
    assert((await page.inputValue(field('w1'))) === '0.51', `ArrowUp gave ${await page.inputValue(field('w1'))}`);
    await page.focus(`${L} #pct-gates input[type=range][data-knob=w2]`);
    await page.keyboard.press('ArrowLeft');
    assert((await page.inputValue(field('w2'))) === '0.49', `ArrowLeft on the slider gave ${await page.inputValue(field('w2'))}`);
  });

  await check('perceptron: learning converges on OR and never on XOR (it cycles)', async () => {
    await page.selectOption(`${L} #pct-learn select[data-role=target]`, 'or');
    await page.selectOption(`${L} select[data-role=speed]`, '20');
    await page.click(`${L} button[data-role=reset]`);
    await page.click(`${L} button[data-role=play]`);
    await page.waitForSelector(`${L} .learn-status .status[data-status=converged]`, { timeout: 10000 });
    assert((await oks(`${L} #pct-gates .truth-wrap`)) === 4, 'the learned OR weights are not an OR gate');
    assert(/ep=\d+/.test(page.url()), `the URL does not keep the learning: ${page.url()}`);
    await page.selectOption(`${L} #pct-learn select[data-role=target]`, 'xor');
    await page.click(`${L} button[data-role=reset]`);
    await page.click(`${L} button[data-role=play]`);
    await page.waitForSelector(`${L} .learn-status .status[data-status=limit]`, { timeout: 20000 });
    assert((await page.getAttribute(`${L} .learn-status .status`, 'data-cycle')) === 'true', 'no repeated state found');
    assert((await page.$$eval(`${L} .history-wrap tbody tr`, (r) => r.length)) === 101, 'not 100 epochs');
    assert((await ink(page, `${L} canvas.epochs`)) > 3000, 'no error bars');
    await page.locator(`${L} #pct-learn`).screenshot({ path: path.join(artifacts, 'perceptron-xor-learning.png') });
  });

  await check('perceptron: a link reopens a learned view, in Korean', async () => {
    const p2 = await openPage({ width: 1280, height: 900 }, '#perceptron?g=xor&seed=3&eta=0.1&max=100&ep=7', 'ko-KR');
    await p2.waitForSelector(`${L}:not([hidden])`);
    assert((await p2.$$eval(`${L} .history-wrap tbody tr`, (r) => r.length)) === 8, 'the 7 epochs were not replayed');
    const progress = await p2.textContent(`${L} .learn-status .progress`);
    assert(/에폭 7/.test(progress), `progress: ${progress}`);
    assert((await p2.inputValue(`${L} #pct-learn select[data-role=target]`)) === 'xor', 'target lost');
    await p2.screenshot({ path: path.join(artifacts, 'perceptron-link-ko.png'), fullPage: true });
    await p2.context().close();
  });

  await check('perceptron: on a phone the page fits the width and the plots draw', async () => {
    const p3 = await openPage({ width: 390, height: 844 }, '#perceptron');
    const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert((await ink(p3, `${L} #pct-gates canvas`)) > 3000, 'blank plot on a phone');
    await p3.screenshot({ path: path.join(artifacts, 'phone-perceptron-ko.png'), fullPage: true });
    await p3.context().close();
  });
}
