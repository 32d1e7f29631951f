// End-to-end checks of issue #12's number and language faults that only a real page shows: canvases follow a
// devicePixelRatio change without a resize (item 18), the gradients lab's status texts after Reset and at lr 10
// (item 2), the playground's "All weights" table when first opened (item 5), typed numbers with the true minus
// sign, full-width digits and 1e999 (item 15), optimizer limits stated as their decimals (item 14), and the
// playground's chart axis in Korean (item 16).
export default async function ({ check, assert, openPage, artifacts, path }) {
  // Chromium's device emulation changes devicePixelRatio without changing the CSS viewport, as moving a window
  // to a monitor with another scale does. Every canvas of the lab must then hold cssWidth × the new ratio.
  for (const [lab, sel] of [['perceptron', '#lab-perceptron canvas'], ['activation', '#lab-activation canvas'],
    ['optimizers', '#lab-optimizers canvas']]) {
    await check(`dpr: the ${lab} canvases re-size when devicePixelRatio changes without a resize`, async () => {
      const p = await openPage({ width: 1280, height: 900 }, `#${lab}`, 'en-US');
      await p.waitForSelector(`#lab-${lab}:not([hidden]) canvas`);
      await p.waitForTimeout(300);
      const sizes = () => p.$$eval(sel, (cs) => cs.filter((c) => c.getBoundingClientRect().width > 0)
        .map((c) => [c.width, c.getBoundingClientRect().width, devicePixelRatio]));
      const before = await sizes();
      assert(before.length > 0 && before[0][2] === 2, `start: ${JSON.stringify(before)}`);
      // Count the browser's own resize events: the re-size must come from the ratio watcher, not from one.
      await p.evaluate(() => { window.__trusted = 0; addEventListener('resize', (e) => { if (e.isTrusted) window.__trusted++; }); });
      const cdp = await p.context().newCDPSession(p);
      await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 3, mobile: false });
      await p.waitForFunction(() => devicePixelRatio === 3);
      await p.waitForTimeout(1500);
      const after = await sizes();
      const trusted = await p.evaluate(() => window.__trusted);
      assert(trusted === 0, `the browser fired ${trusted} resize events itself: this check cannot tell`);
      for (const [w, css, dpr] of after) {
        assert(dpr === 3, `ratio ${dpr}`);
        assert(Math.abs(w - css * 3) <= 1, `canvas ${w} px for ${css} CSS px at ratio 3: ${JSON.stringify(after)}`);
      }
      // And back (the watcher re-arms itself for the new ratio each time).
      await cdp.send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false });
      await p.waitForFunction(() => devicePixelRatio === 1);
      await p.waitForTimeout(1500);
      for (const [w, css] of await sizes()) assert(Math.abs(w - css) <= 1, `not back at ratio 1: ${w} for ${css}`);
      await p.context().close();
    });
  }

  await check('gradients ③: Reset says no step was taken; lr 10 says where x stops and why', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#gradient?tab=descent', 'en-US');
    const st = '#grad-panel-descent .grad-status';
    await p.waitForSelector(`${st}`);
    await p.click('#grad-panel-descent button[data-preset=good]');
    await p.click('#grad-panel-descent button[data-role=reset]');
    const reset = await p.textContent(st);
    assert((await p.getAttribute(st, 'data-outcome')) === 'start', reset);
    assert(!/Barely moved/.test(reset), reset);
    await p.click('#grad-panel-descent button[data-preset=big]');
    const big = await p.textContent(st);
    assert(/From step 10 on, x no longer changes/.test(big), big);
    await p.context().close();
  });

  await check('playground: "All weights" is filled as soon as it is opened', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#playground', 'en-US');
    await p.waitForSelector('#lab-playground:not([hidden]) details.pg-weights');
    await p.click('#lab-playground details.pg-weights > summary');
    await p.waitForTimeout(100);
    const tables = await p.$$eval('#lab-playground .pg-weights-body table', (t) => t.length);
    assert(tables >= 4, `tables: ${tables}`);
    await p.context().close();
  });

  await check('fields: −0.5 with the true minus, full-width digits, 1e999 too large, 0.9999 as a limit', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#perceptron', 'en-US');
    const f = '#pct-gates input[data-knob=w1]:not([type=range])';
    await p.waitForSelector(f);
    await p.fill(f, '−0.5');
    assert((await p.getAttribute(f, 'aria-invalid')) !== 'true', 'the true minus sign was refused');
    await p.fill(f, '－０．２５');
    assert((await p.getAttribute(f, 'aria-invalid')) !== 'true', 'full-width digits were refused');
    await p.fill(f, '1e999');
    assert((await p.getAttribute(f, 'aria-invalid')) === 'true', '1e999 accepted');
    const msg = await p.textContent('#pct-gates .field-error');
    assert(/too large/.test(msg), msg);
    await p.goto(p.url().split('#')[0] + '#optimizers');
    await p.waitForSelector('#lab-optimizers:not([hidden])');
    const limits = await p.$$eval('#lab-optimizers .limits', (l) => l.map((e) => e.textContent));
    assert(limits.some((l) => /0\.9999$/.test(l)), `limits: ${limits}`);
    assert(!limits.some((l) => /0\.99989|0000000|e9/.test(l)), `limits: ${limits}`);
    await p.context().close();
  });

  await check('playground in Korean: the curves are labelled 에폭', async () => {
    const p = await openPage({ width: 1280, height: 900 }, '#playground', 'ko-KR');
    await p.waitForSelector('#lab-playground:not([hidden]) canvas.pg-loss');
    // The label is drawn on the canvas: read it back through the chart's text calls.
    const texts = await p.evaluate(async () => {
      const seen = [];
      const orig = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (t, ...r) { seen.push(String(t)); return orig.call(this, t, ...r); };
      window.dispatchEvent(new Event('resize'));
      await new Promise((ok) => setTimeout(ok, 200));
      CanvasRenderingContext2D.prototype.fillText = orig;
      return seen;
    });
    assert(texts.includes('에폭'), `texts drawn: ${texts.slice(0, 40)}`);
    assert(!texts.includes('epoch'), 'an English "epoch" was drawn');
    await p.screenshot({ path: path.join(artifacts, 'numbers-playground-ko.png'), fullPage: true });
    await p.context().close();
  });
}
