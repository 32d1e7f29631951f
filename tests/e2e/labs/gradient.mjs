// End-to-end checks of the gradients & descent lab: the four panels (numerical differentiation with its
// error plot, the gradient field, gradient descent with presets and animation, simpleNet), validation, a
// link that reopens a view, keyboard use, and the phone layout. Screenshots of each panel go to artifacts.
export default async function ({ page, check, assert, ink, openPage, artifacts, path }) {
  const L = '#lab-gradient';
  const tab = async (p, key) => {
    await p.click(`${L} .grad-tab[data-tab=${key}]`);
    await p.waitForSelector(`#grad-panel-${key}:not([hidden])`);
  };

  await check('gradient: the derivative panel gives the book\'s 0.2 and 0.3 and draws both charts', async () => {
    await page.click('.lab-link[href="#gradient"]');
    await page.waitForSelector(`${L}:not([hidden]) #grad-panel-diff:not([hidden]) canvas`);
    const canv = `#grad-panel-diff canvas`;
    const size = await page.$eval(canv, (el) => [el.width, el.getBoundingClientRect().width, devicePixelRatio]);
    assert(Math.abs(size[0] - size[1] * size[2]) <= 1, `canvas is not HiDPI: ${size}`);
    assert((await ink(page, `${canv}.plot:not(.grad-wide)`)) > 2000, 'function chart blank');
    assert((await ink(page, `${canv}.grad-wide`)) > 2000, 'error chart blank');
    const central = async () => (await page.textContent('#grad-panel-diff tr[data-formula=central] td:nth-child(3)')).trim();
    assert(/^0\.2(0000|$|9999)|^0\.19999/.test(await central()), `central at 5: ${await central()}`);
    await page.click('#grad-panel-diff button[data-i18n=grad\\.at_x][data-i18n-arg="10"]');
    assert(/^0\.3$|^0\.2999|^0\.3000/.test(await central()), `central at 10: ${await central()}`);
    assert(/x=10/.test(page.url()), `URL: ${page.url()}`);
    await page.screenshot({ path: path.join(artifacts, 'gradient-diff.png'), fullPage: true });
  });

  await check('gradient: f32 makes the central difference visibly worse, and the URL keeps it', async () => {
    const err = async () => Number((await page.textContent('#grad-panel-diff tr[data-formula=central] td:nth-child(4)')).replace('−', '-'));
    const e64 = await err();
    await page.check('#grad-panel-diff input[name=grad-prec][value="32"]');
    const e32 = await err();
    assert(e32 > e64 * 100, `f32 ${e32} vs f64 ${e64}`);
    assert(/p=32/.test(page.url()), `URL: ${page.url()}`);
    await page.check('#grad-panel-diff input[name=grad-prec][value="64"]');
  });

  await check('gradient: a bad h is marked at the field and the last good value stays', async () => {
    const h = `#grad-panel-diff .field input >> nth=1`;
    await page.fill(h, '0');
    assert((await page.getAttribute(h, 'aria-invalid')) === 'true', 'h = 0 accepted');
    assert((await page.textContent('#grad-panel-diff .field-error >> nth=1')).trim().length > 0, 'no message');
    await page.fill(h, '1e-4');
    assert((await page.getAttribute(h, 'aria-invalid')) === null, 'still invalid');
  });

  await check('gradient: the field panel reads the book\'s gradients at a point, by button and by keyboard', async () => {
    await tab(page, 'field');
    assert((await ink(page, '#grad-panel-field canvas')) > 5000, 'field chart blank');
    await page.click('#grad-panel-field button[data-i18n-arg="(0, 2)"]');
    assert((await page.textContent('#grad-panel-field td[data-role=analytic]')).trim() === '(0, 4)', 'analytic at (0, 2)');
    const num = (await page.textContent('#grad-panel-field td[data-role=numeric]')).trim();
    assert(/^\((0|−?\d\.\d+e-\d+), 4\)$/.test(num), `numeric at (0, 2): ${num}`);
    await page.focus('#grad-panel-field canvas');
    await page.keyboard.press('ArrowRight');
    assert((await page.textContent('#grad-panel-field td[data-role=point]')).trim() === '(0.25, 2)', 'keyboard did not move the point');
    await page.screenshot({ path: path.join(artifacts, 'gradient-field.png'), fullPage: true });
  });

  await check('gradient: descent presets converge, diverge (said in words) and barely move', async () => {
    await tab(page, 'descent');
    const st = '#grad-panel-descent .grad-status';
    await page.click('#grad-panel-descent button[data-preset=good]');
    assert((await page.getAttribute(st, 'data-outcome')) === 'converged', await page.textContent(st));
    const converged = await ink(page, '#grad-panel-descent canvas');
    await page.click('#grad-panel-descent button[data-preset=big]');
    assert((await page.getAttribute(st, 'data-outcome')) === 'diverged', await page.textContent(st));
    const text = await page.textContent(st);
    assert(/2\.6e13/.test(text), `no magnitude in: ${text}`);
    assert(/lr=10/.test(page.url()), page.url());
    await page.screenshot({ path: path.join(artifacts, 'gradient-diverged.png'), fullPage: true });
    const diverged = await ink(page, '#grad-panel-descent canvas');
    assert(diverged > 2000 && diverged !== converged, `${diverged} vs ${converged}`);
    await page.click('#grad-panel-descent button[data-preset=small]');
    assert((await page.getAttribute(st, 'data-outcome')) === 'barely', await page.textContent(st));
    await page.click('#grad-panel-descent button[data-preset=good]');
  });

  await check('gradient: reset, step and play animate the path and the x_history table', async () => {
    const rows = () => page.$$eval('#grad-panel-descent details tbody tr', (r) => r.length);
    assert((await rows()) === 101, `full history: ${await rows()}`);
    await page.click('#grad-panel-descent button[data-role=reset]');
    assert((await rows()) === 1, 'reset');
    await page.click('#grad-panel-descent button[data-role=step]');
    await page.click('#grad-panel-descent button[data-role=step]');
    assert((await rows()) === 3, 'two steps');
    const second = await page.textContent('#grad-panel-descent details tbody tr:nth-child(2)');
    assert(/−2\.4/.test(second) && /3\.2/.test(second), `x after one step: ${second}`);
    await page.click('#grad-panel-descent button[data-role=play]');
    await page.waitForTimeout(400);
    const mid = await rows();
    assert(mid > 3, `play did not advance: ${mid}`);
    await page.waitForFunction(() => document.querySelectorAll('#grad-panel-descent details tbody tr').length === 101, null, { timeout: 8000 });
  });

  await check('gradient: an lr of 0, NaN or 1e9 is marked and the last path stays', async () => {
    const lr = '#grad-panel-descent .field input >> nth=0';
    for (const bad of ['0', 'NaN', '1e9']) {
      await page.fill(lr, bad);
      assert((await page.getAttribute(lr, 'aria-invalid')) === 'true', `${bad} accepted`);
    }
    assert((await page.getAttribute('#grad-panel-descent .grad-status', 'data-outcome')) === 'converged', 'the last good path was lost');
    await page.fill(lr, '0.1');
  });

  await check('gradient: a click on the chart sets the start', async () => {
    await page.locator('#grad-panel-descent canvas').scrollIntoViewIfNeeded();
    const box = await page.locator('#grad-panel-descent canvas').boundingBox();
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height * 0.3);
    const sx = Number(await page.inputValue('#grad-panel-descent .field input >> nth=2'));
    assert(sx > 0.5, `start x0 did not follow the click: ${sx}`);
  });

  await check('gradient: simpleNet shows the book\'s loss, one update lowers it, bad W is marked', async () => {
    await tab(page, 'net');
    await page.click('#grad-panel-net button[data-role=book-w]');
    const loss = async () => Number(await page.textContent('#grad-panel-net [data-role=loss]'));
    assert(Math.abs((await loss()) - 0.92806853) < 5e-6, `loss ${await loss()}`);
    const l0 = await loss();
    await page.click('#grad-panel-net button[data-role=update]');
    assert((await loss()) < l0, 'the update did not lower the loss');
    await page.fill('#grad-panel-net input.grad-w', '1 2 3');
    assert((await page.getAttribute('#grad-panel-net input.grad-w', 'aria-invalid')) === 'true', 'bad W accepted');
    await page.fill('#grad-panel-net input.grad-w', '[[0.47355232 0.9977393 0.84668094]\n [0.85557411 0.03563661 0.69422093]]');
    assert(Math.abs((await loss()) - 0.92806853) < 5e-6, 'typed W not used');
    await page.click('#grad-panel-net button[data-role=from-seed]');
    assert(Math.abs((await loss()) - 0.92806853) > 1e-4, 'the seed did not change W');
    await page.screenshot({ path: path.join(artifacts, 'gradient-net.png'), fullPage: true });
  });

  await check('gradient: a link with settings reopens the same view', async () => {
    const p2 = await openPage({ width: 1280, height: 860 }, '#gradient?tab=descent&lr=10&n=50', 'en-US');
    await p2.waitForSelector('#grad-panel-descent:not([hidden])');
    assert((await p2.getAttribute('#grad-panel-descent .grad-status', 'data-outcome')) === 'diverged', 'not diverged');
    assert((await p2.inputValue('#grad-panel-descent .field input >> nth=1')) === '50', 'steps not restored');
    await p2.screenshot({ path: path.join(artifacts, 'gradient-link-en.png'), fullPage: true });
    await p2.context().close();
  });

  await check('gradient: on a phone every panel fits the width and draws', async () => {
    const p3 = await openPage({ width: 390, height: 844 }, '#gradient');
    for (const key of ['diff', 'field', 'descent', 'net']) {
      await tab(p3, key);
      const overflow = await p3.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 1, `${key}: horizontal overflow of ${overflow}px`);
      if (key !== 'net') assert((await ink(p3, `#grad-panel-${key} canvas`)) > 1000, `${key}: blank chart on a phone`);
      await p3.screenshot({ path: path.join(artifacts, `phone-gradient-${key}-ko.png`), fullPage: true });
    }
    await p3.context().close();
  });
}
