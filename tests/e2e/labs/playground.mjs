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

  await check('batch norm after each Affine (Korean): the switch rides in the link; three ReLU layers at std 0.01 learn the circle with it and stay at ln 2 without', async () => {
    // The native test's setup (tests/playground_core.rs), stopped after 100 epochs by the stop rule.
    const base = '#playground?d=circle&n=200&nz=0&tr=0&ds=1&h=8,8,8&a=relu,relu,relu&i=std&is=0.01&lr=0.1&bs=20&s=5&me=100&sp=0';
    const p = await openPage({ width: 1280, height: 900 }, base + '&bn=1', 'ko-KR');
    await p.waitForSelector(`${S}:not([hidden])`);
    assert(await p.isChecked(`${S} input[data-role=batchnorm]`), 'bn=1 did not tick the switch');
    assert(/각 Affine 뒤에 배치 정규화/.test(await p.textContent(`${S} label:has(input[data-role=batchnorm])`)), 'no Korean label');
    assert(/2-8-8-8-1 \(\+ 배치 정규화\)/.test(await p.textContent(`${S} .pg-status`)), 'the status does not say batch norm');
    const train = async () => {
      await p.click(`${S} .pg-play`);
      await p.waitForFunction((s) => Number(document.querySelector(`${s} .pg-status`).dataset.epoch) >= 100, S, { timeout: 60000 });
      return { loss: await status(p, 'loss'), acc: await status(p, 'acc') };
    };
    const withBn = await train();
    await p.uncheck(`${S} input[data-role=batchnorm]`);
    assert(/[?&]bn=0/.test(p.url()), `URL: ${p.url()}`);
    assert(!/배치 정규화/.test(await p.textContent(`${S} .pg-status`)), 'the status still says batch norm');
    assert((await status(p, 'epoch')) === 0, 'the switch did not restart the run');
    const without = await train();
    console.log(`     circle, 2-8-8-8-1 ReLU, std 0.01, 100 epochs: loss ${withBn.loss} (accuracy ${withBn.acc}) with batch norm, ${without.loss} (${without.acc}) without`);
    assert(withBn.acc > 0.9 && withBn.loss < 0.35, `with BN: ${JSON.stringify(withBn)}`);
    assert(Math.abs(without.loss - Math.LN2) < 0.01, `without BN: ${JSON.stringify(without)}`);
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
