// End-to-end checks of the activation-functions lab: the chart draws (HiDPI), the derivative toggle, the
// readout, field validation, a link that reopens the same view, the softmax and non-linearity panels, and the
// phone layout.
export default async function ({ page, check, assert, ink, openPage, origin, artifacts, path }) {
  await check('the activation chart draws, and the derivative toggle adds ink', async () => {
    await page.click('.lab-link[href="#activation"]');
    await page.waitForSelector('#lab-activation:not([hidden]) canvas');
    const c = '#lab-activation canvas';
    const size = await page.$eval(c, (el) => [el.width, el.height, el.getBoundingClientRect().width, devicePixelRatio]);
    assert(Math.abs(size[0] - size[2] * size[3]) <= 1, `canvas is not HiDPI: ${size}`);
    const before = await ink(page, c);
    assert(before > 2000, `chart nearly blank: ${before}`);
    await page.check('#lab-activation input[data-role=derivative]');
    const after = await ink(page, c);
    assert(after > before, `${after} <= ${before}`);
    assert(/d=1/.test(page.url()), `the URL does not keep the setting: ${page.url()}`);
  });

  await check('pointing at the chart gives a readout of x, h(x), h\'(x)', async () => {
    const box = await page.locator('#lab-activation canvas >> nth=0').boundingBox();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    const rows = await page.$$eval('#lab-activation .readout tbody tr', (r) => r.length);
    assert(rows >= 1, 'no readout rows');
  });

  await check('bad input is marked at the field, with a message, and nothing breaks', async () => {
    const f = '#lab-activation .field input';
    await page.fill(f, 'abc');
    assert((await page.getAttribute(f, 'aria-invalid')) === 'true', 'not marked invalid');
    const msg = await page.textContent('#lab-activation .field-error');
    assert(msg.trim().length > 0, 'no message');
    await page.fill(f, '0.2');
    assert((await page.getAttribute(f, 'aria-invalid')) === null, 'still invalid after a good value');
  });

  await check('a link with settings reopens the same view', async () => {
    const p2 = await openPage({ width: 1280, height: 860 }, '#activation?fns=tanh,leaky_relu&d=1&a=0.3&x=4', 'en-US');
    await p2.waitForSelector('#lab-activation:not([hidden])');
    const checked = await p2.$$eval('#lab-activation input[data-kind]', (els) => els.filter((e) => e.checked).map((e) => e.dataset.kind));
    assert(checked.join() === 'tanh,leaky_relu', `checked: ${checked}`);
    assert(await p2.isChecked('#lab-activation input[data-role=derivative]'), 'derivative off');
    await p2.screenshot({ path: path.join(artifacts, 'activation-link-en.png'), fullPage: true });
    await p2.context().close();
  });

  await check('softmax: the overflow preset gives NaN naively, the max-subtracted form stays right', async () => {
    await page.goto(origin + '#activation');
    await page.waitForSelector('#lab-activation:not([hidden])');
    const note = '#lab-activation .overflow-note';
    assert((await page.getAttribute(note, 'data-state')) === 'ok', 'the book example should agree');
    const bars = '#lab-activation canvas.bars';
    const inkBefore = await ink(page, bars);
    assert(inkBefore > 1000, `softmax bars blank: ${inkBefore}`);
    await page.click('#lab-activation button[data-preset=overflow]');
    assert((await page.getAttribute(note, 'data-state')) === 'nan', 'no NaN explanation');
    const naive = await page.textContent('#lab-activation .sm-naive tbody');
    assert(/NaN/.test(naive), `naive column: ${naive}`);
    const stable = await page.textContent('#lab-activation .sm-stable tbody');
    assert(/0\.99995/.test(stable) && /4\.539\d*e-5/.test(stable) && /2\.061\d*e-9/.test(stable), `stable column: ${stable}`);
    assert(/sm=1010/.test(page.url()), `URL lacks the input: ${page.url()}`);
    assert((await ink(page, bars)) !== inkBefore, 'the bars did not change');
    await page.locator('#lab-activation .softmax-panel').screenshot({ path: path.join(artifacts, 'activation-softmax-overflow.png') });
    // A bad entry is marked and the last good result stays.
    const a1 = '#lab-activation .softmax-panel .vcell input >> nth=0';
    await page.fill(a1, '5000');
    assert((await page.getAttribute(a1, 'aria-invalid')) === 'true', 'out of range not marked');
    assert(/NaN/.test(await page.textContent('#lab-activation .sm-naive tbody')), 'last good state lost');
    await page.click('#lab-activation button[data-preset=book]');
    assert((await page.getAttribute(a1, 'aria-invalid')) === null, 'preset did not clear the mark');
  });

  await check('two linear layers equal one; ReLU between them breaks it', async () => {
    const v = '#lab-activation .verdict';
    assert((await page.getAttribute(v, 'data-state')) === 'same', 'linear layers should agree');
    const out = await page.textContent('#lab-activation .lin-out');
    assert(out.includes('5.5'), `composed y missing: ${out}`);
    await page.check('#lab-activation input[data-role=relu]');
    assert((await page.getAttribute(v, 'data-state')) === 'differ', 'ReLU should break the composition');
    assert(/relu=1/.test(page.url()) && /sm=/.test(page.url()), `URL: ${page.url()}`);
    await page.locator('#lab-activation .linear-panel').screenshot({ path: path.join(artifacts, 'activation-linear-relu.png') });
  });

  await check('on a phone the page fits the width and the chart still draws', async () => {
    const p3 = await openPage({ width: 390, height: 844 }, '#activation');
    const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert((await ink(p3, '#lab-activation canvas')) > 1000, 'blank chart on a phone');
    await p3.screenshot({ path: path.join(artifacts, 'phone-activation-ko.png'), fullPage: true });
    await p3.context().close();
  });
}
