// End-to-end checks of the XOR & 2-D playground: a 2-2-1 network learns the XOR four points in seconds
// (Play, then the status reaches 100 %), the boundary picture changes while training, Space/S/R work,
// clicking adds a point, a too-large learning rate pauses with the advice, a link reopens a setup, the
// frame rate while training 2-8-8-1 on 500 points (measured and printed, not asserted), and a phone layout.
export default async function ({ page, check, assert, ink, openPage, artifacts, path }) {
  const S = '#lab-playground';
  const status = async (p, k) => Number(await p.getAttribute(`${S} .pg-status`, `data-${k}`));
  const pixels = (p, sel) => p.$eval(sel, (c) => Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 === 0)).join());

  await check('the playground opens with XOR and a 2-2-1 network that learns it within seconds', async () => {
    await page.goto(page.url().split('#')[0] + '#playground');
    await page.waitForSelector(`${S}:not([hidden]) canvas.pg-boundary`);
    assert(/2-2-1/.test(await page.textContent(`${S} .pg-status`)), 'status does not name 2-2-1');
    assert((await ink(page, `${S} canvas.pg-boundary`)) > 1000, 'boundary blank');
    const before = await pixels(page, `${S} canvas.pg-boundary`);
    const t0 = Date.now();
    await page.click(`${S} .pg-play`);
    await page.waitForFunction((s) => Number(document.querySelector(`${s} .pg-status`).dataset.acc) === 1
      && Number(document.querySelector(`${s} .pg-status`).dataset.loss) < 0.1, S, { timeout: 15000 });
    console.log(`     XOR learned (100 %, loss < 0.1) in ${Date.now() - t0} ms of wall time`);
    await page.click(`${S} .pg-play`);
    const after = await pixels(page, `${S} canvas.pg-boundary`);
    assert(after !== before, 'the boundary picture did not change');
    assert((await ink(page, `${S} canvas.pg-loss`)) > 500, 'loss chart blank');
    await page.screenshot({ path: path.join(artifacts, 'playground-xor-ko.png'), fullPage: true });
  });

  await check('keys: R resets to epoch 0, S steps once, Space plays and pauses (and not while typing)', async () => {
    await page.focus(`${S} .pg-status`).catch(() => {});
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    assert((await status(page, 'iteration')) === 0, 'r did not reset');
    await page.keyboard.press('s');
    assert((await status(page, 'iteration')) === 1, 's did not step');
    await page.keyboard.press(' ');
    await page.waitForTimeout(300);
    await page.keyboard.press(' ');
    const it = await status(page, 'iteration');
    assert(it > 1, `space did not train: ${it}`);
    await page.focus(`${S} .pg-controls-lr input, ${S} .field input`);
    await page.keyboard.press('r');
    assert((await status(page, 'iteration')) === it, 'r in a text field reset the run');
  });

  await check('clicking the boundary adds a point, shift-click removes it', async () => {
    await page.keyboard.press('Tab');
    const box = await page.locator(`${S} canvas.pg-boundary`).boundingBox();
    const before = await pixels(page, `${S} canvas.pg-boundary`);
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    const added = await pixels(page, `${S} canvas.pg-boundary`);
    assert(added !== before, 'no point drawn');
    await page.keyboard.down('Shift');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.keyboard.up('Shift');
    assert((await page.$(`.message:not([hidden])`)) === null, 'an error message appeared');
  });

  await check('a too-large learning rate pauses with the advice, and reset recovers', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#playground?d=spiral&n=200&h=8&a=relu&o=identity&i=std&is=10&lr=10&bs=10', 'en-US');
    await p.waitForSelector(`${S}:not([hidden])`);
    await p.click(`${S} .pg-play`);
    await p.waitForSelector('.message:not([hidden])', { timeout: 15000 });
    const msg = await p.textContent('.message-text');
    assert(/learning rate is probably too high/.test(msg), `message: ${msg}`);
    assert((await p.textContent(`${S} .pg-play`)).includes('Play'), 'not paused');
    await p.screenshot({ path: path.join(artifacts, 'playground-nan-en.png'), fullPage: true });
    await p.click(`${S} .pg-reset`);
    assert((await p.$('.message:not([hidden])')) === null, 'reset did not clear the message');
    assert(Number(await p.getAttribute(`${S} .pg-status`, 'data-iteration')) === 0, 'not reset');
    await p.context().close();
  });

  await check('a link reopens the setup; 2-8-8-1 on 500 points trains smoothly (frames counted)', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#playground?d=spiral&n=500&nz=0.1&tr=0.3&h=8,8&a=tanh,tanh&o=sigmoid&i=xavier&opt=adam&lr=0.03&bs=10&sp=0', 'en-US');
    await p.waitForSelector(`${S}:not([hidden])`);
    assert(/2-8-8-1/.test(await p.textContent(`${S} .pg-status`)), 'not 2-8-8-1');
    assert((await p.inputValue(`${S} .controls select >> nth=0`)) === 'spiral', 'data set not restored');
    await p.click(`${S} .pg-play`);
    await p.waitForTimeout(500);
    const frames = await p.evaluate(() => new Promise((ok) => {
      let n = 0; const t0 = performance.now();
      const f = () => { n++; if (performance.now() - t0 < 2000) requestAnimationFrame(f); else ok(n / ((performance.now() - t0) / 1000)); };
      requestAnimationFrame(f);
    }));
    const iters = Number(await p.getAttribute(`${S} .pg-status`, 'data-iteration'));
    console.log(`     2-8-8-1 on 500 points: ${frames.toFixed(1)} frames/s while training (${iters} steps so far; page fps readout ${await p.getAttribute(`${S} .pg-status`, 'data-fps')})`);
    await p.waitForTimeout(3000);
    await p.click(`${S} .pg-play`);
    assert(Number(await p.getAttribute(`${S} .pg-status`, 'data-iteration')) > iters, 'training did not go on');
    await p.screenshot({ path: path.join(artifacts, 'playground-spiral-en.png'), fullPage: true });
    await p.context().close();
  });

  await check('on a phone the playground fits the width and draws', async () => {
    const p = await openPage({ width: 390, height: 844 }, '#playground');
    await p.waitForSelector(`${S}:not([hidden])`);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 1, `horizontal overflow of ${overflow}px`);
    assert((await ink(p, `${S} canvas.pg-boundary`)) > 1000, 'blank boundary on a phone');
    await p.screenshot({ path: path.join(artifacts, 'phone-playground-ko.png'), fullPage: true });
    await p.context().close();
  });
}
