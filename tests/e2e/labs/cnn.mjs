// End-to-end checks of the CNN lab's views 1–3 (issue #15): the sliding window steps and its numbers equal
// the formula computed here in JS; the book's presets; a refused combination shows its formula beside the
// field; im2col follows the same example and prints its sizes; max pooling and its backward routing; a link
// reopens the scene; both languages.
export default async function ({ page, check, assert, ink, origin, artifacts, path }) {
  const L = '#lab-cnn';
  const A = '#cnn-arith', I = '#cnn-im2col', P = '#cnn-pool';
  // Figure 7-4's input and filter, tiled as the lab does (channel c shifts rows by c, filter f columns by f).
  const X = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]];
  const F = [[2, 0, 1], [0, 1, 2], [1, 0, 2]];
  function conv({ c = 1, h = 4, w = 4, fh = 3, fw = 3, p = 0, s = 1, b = 0, fn = 1 }) {
    const oh = (h + 2 * p - fh) / s + 1, ow = (w + 2 * p - fw) / s + 1;
    const out = [];
    for (let f = 0; f < fn; f++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
      let sum = b;
      for (let ch = 0; ch < c; ch++) for (let fy = 0; fy < fh; fy++) for (let fx = 0; fx < fw; fx++) {
        const y = i * s + fy - p, x = j * s + fx - p;
        if (y >= 0 && y < h && x >= 0 && x < w) sum += X[(y + ch) % 4][x % 4] * F[(fy + ch) % 3][(fx + f) % 3];
      }
      out.push(sum);
    }
    return { oh, ow, out, n: fn * oh * ow };
  }
  const text = (sel) => page.textContent(sel);
  const cellValue = async () => {
    const t = await text(`${A} [data-role=cell]`);
    const m = t.match(/=\s*(−?\d+)\s*$/);
    assert(m, `no value in "${t}"`);
    return Number(m[1].replace('−', '-'));
  };

  await check('cnn: figure 7-4 by default; stepping the window shows each output equal to the formula', async () => {
    await page.goto(origin + '#cnn?lang=ko');
    await page.waitForSelector(`${L}:not([hidden])`);
    await page.waitForSelector(`${A} [data-role=cell]`);
    assert((await text(`${A} [data-role=oh]`)).includes('OH = (4 + 2·0 − 3)/1 + 1 = 2'), await text(`${A} [data-role=oh]`));
    const want = conv({}).out;
    assert(want.join() === '15,16,6,15', `JS formula: ${want}`);
    assert((await text(`${A} [data-role=muladd]`)).includes('1·2 + 2·0 + 3·1 + 0·0 + 1·1 + 2·2 + 3·1 + 0·0 + 1·2'), 'multiply-add text');
    for (let k = 0; k < want.length; k++) {
      if (k > 0) await page.click(`${A} [data-key-action=step]`);
      assert((await cellValue()) === want[k], `position ${k}: ${await cellValue()} vs ${want[k]}`);
      assert((await text(`${A} [data-role=position]`)).includes(`${k + 1} / 4`), await text(`${A} [data-role=position]`));
    }
    assert(await page.isDisabled(`${A} [data-key-action=step]`), 'step stays enabled at the last window');
    await page.click(`${A} [data-key-action=back]`);
    assert((await cellValue()) === want[2], 'back did not go to window 3');
    assert(/ak=2/.test(page.url()), `the position is not in the link: ${page.url()}`);
    assert((await ink(page, `${A} canvas`)) > 500, 'the figure is blank');
    // The scrubber jumps; reset goes back to the first window.
    await page.$eval(`${A} input[data-role=scrub]`, (r) => { r.value = '1'; r.dispatchEvent(new Event('input')); });
    assert((await cellValue()) === want[1], 'the scrubber did not move the window');
    await page.click(`${A} [data-key-action=reset]`);
    assert((await cellValue()) === want[0], 'reset');
  });

  await check('cnn: presets (bias, padding, stride, 3 channels) equal the formula at every window; play advances', async () => {
    const cases = [
      ['fig7_5', { b: 3 }, '18,19,9,18'],
      ['fig7_6', { p: 1 }, '7,12,10,2,4,15,16,10,10,6,15,6,8,10,4,3'],
      ['fig7_7', { h: 7, w: 7, s: 2 }, null],
      ['fig7_8', { c: 3 }, null],
      ['fig7_10', { c: 3, fn: 2, b: 1 }, null],
    ];
    for (const [preset, cfg, book] of cases) {
      await page.click(`${A} button[data-preset=${preset}]`);
      const { oh, out, n } = conv(cfg);
      if (book) assert(out.join() === book, `${preset}: JS formula ${out}`);
      assert((await text(`${A} [data-role=oh]`)).endsWith(`= ${oh}`), `${preset}: ${await text(`${A} [data-role=oh]`)}`);
      for (let k = 0; k < out.length; k++) {
        if (k > 0) await page.click(`${A} [data-key-action=step]`);
        assert((await cellValue()) === out[k], `${preset} window ${k}: ${await cellValue()} vs ${out[k]}`);
      }
      assert((await text(`${A} [data-role=position]`)).includes(`${n} / ${n}`), 'did not reach the last window');
    }
    assert(/필터 1|filter 1/.test(await text(`${A} [data-role=position]`)), 'FN = 2: the second filter is not named');
    // Three channels: one line per channel, and the bias in the last line.
    assert((await page.$$eval(`${A} [data-role=muladd] li`, (l) => l.length)) === 4, 'C = 3 should show 3 channel lines + 1');
    await page.click(`${A} [data-key-action=reset]`);
    await page.click(`${A} [data-key-action=play]`);
    await page.waitForTimeout(1600);
    const pos = await text(`${A} [data-role=position]`);
    assert(/^(위치|Position) \d/.test(pos) && !/^(위치 1 \/|Position 1 of)/.test(pos), `play did not move: ${pos}`);
  });

  await check('cnn: a refused combination shows its formula beside the field; fixing it clears the message', async () => {
    await page.click(`${A} button[data-preset=fig7_4]`);
    const stride = `${A} .cnn-fields label.field >> nth=6 >> input`;
    await page.click(stride);
    await page.fill(stride, '2');
    const inline = '[data-message-inline]:not([hidden])';
    await page.waitForSelector(inline);
    const msg = await text(inline);
    assert(msg.includes('OH = (H + 2P − FH)/S + 1') && msg.includes('(4 + 2·0 − 3)/2 + 1'), `message: ${msg}`);
    const beside = await page.evaluate(() => {
      const m = document.querySelector('[data-message-inline]:not([hidden])');
      const f = document.querySelectorAll('#cnn-arith .cnn-fields label.field')[6];
      return m.previousElementSibling === f || f.contains(m) || m.closest('fieldset') === f.closest('fieldset');
    });
    assert(beside, 'the message is not beside the stride field');
    assert((await text(`${A} .cnn-readout`)).length > 0, 'the numbers disappeared');
    await page.fill(stride, '1');
    await page.waitForTimeout(50);
    assert(!(await page.isVisible(inline)), 'the message stayed after the fix');
    // A value out of its limits is marked at the field itself.
    const c = `${A} .cnn-fields label.field >> nth=0 >> input`;
    await page.fill(c, '7');
    assert((await page.getAttribute(c, 'aria-invalid')) === 'true', 'C = 7 accepted');
    await page.fill(c, '1');
  });

  await check('cnn: im2col unrolls the same example with the engine, prints every size, and steps with the window', async () => {
    await page.click(`${A} button[data-preset=fig7_8]`);
    const sizes = await text(`${I} [data-role=sizes]`);
    for (const s of ['1 × 3 × 4 × 4', '(N·OH·OW) × (C·FH·FW) = 4 × 27', '(C·FH·FW) × FN = 27 × 1', '(N·OH·OW) × FN = 4 × 1', 'N × FN × OH × OW = 1 × 1 × 2 × 2'])
      assert(sizes.includes(s), `sizes lack ${s}: ${sizes}`);
    const { out } = conv({ c: 3 });
    await page.click(`${I} [data-key-action=step]`);
    const dot = await text(`${I} [data-role=rowdot]`);
    assert(dot.trim().endsWith(`= ${out[1]}`), `row 1 · W_col: ${dot} vs ${out[1]}`);
    // The arithmetic view follows to the same window.
    assert((await cellValue()) === out[1], 'the window view did not follow im2col');
    assert((await ink(page, `${I} canvas`)) > 500, 'the im2col figure is blank');
    // Two filters: two columns of W_col, two output maps; the last step is filter 1's last output.
    await page.click(`${A} button[data-preset=fig7_10]`);
    const s2 = await text(`${I} [data-role=sizes]`);
    assert(s2.includes('(C·FH·FW) × FN = 27 × 2') && s2.includes('N × FN × OH × OW = 1 × 2 × 2 × 2'), s2);
    const two = conv({ c: 3, fn: 2, b: 1 }).out;
    await page.$eval(`${I} input[data-role=scrub]`, (r) => { r.value = '7'; r.dispatchEvent(new Event('input')); });
    assert((await text(`${I} [data-role=rowdot]`)).trim().endsWith(`= ${two[7]}`), `filter 1 row 3: ${await text(`${I} [data-role=rowdot]`)} vs ${two[7]}`);
  });

  await check('cnn: max pooling highlights each maximum and routes dout to it (backward)', async () => {
    const max = await text(`${P} [data-role=max]`);
    assert(max.includes('max(1, 2, 0, 1) = 2'), max);
    await page.click(`${P} [data-key-action=step]`);
    assert((await text(`${P} [data-role=max]`)).includes('= 3'), await text(`${P} [data-role=max]`));
    assert((await text(`${P} [data-role=route]`)).includes('dout[0, 1] = 2 → dx[1, 3]'), await text(`${P} [data-role=route]`));
    // dx: 1 at (0, 1), 2 at (1, 3), 3 at (3, 1), 4 at (2, 3) (the first maximum on ties).
    const dx = (await page.innerHTML(`${P} [data-role=dx]`)).split('<br>');
    assert(dx.join('|') === '[0, 1, 0, 0]|[0, 0, 0, 2]|[0, 0, 0, 4]|[0, 3, 0, 0]', `dx = ${dx.join('|')}`);
    // A bad stride is refused with the formula.
    const s = `${P} .cnn-fields label.field >> nth=3 >> input`;
    await page.click(s);
    await page.fill(s, '3');
    await page.waitForSelector('[data-message-inline]:not([hidden])');
    assert((await text('[data-message-inline]:not([hidden])')).includes('(4 + 2·0 − 2)/3 + 1'), 'pool message');
    await page.fill(s, '1');
    assert((await text(`${P} [data-role=oh]`)).endsWith('= 3'), await text(`${P} [data-role=oh]`));
    assert((await ink(page, `${P} canvas`)) > 500, 'the pooling figure is blank');
  });

  await check('cnn: a link reopens the scene; English labels and messages', async () => {
    await page.goto(origin + '#cnn?ap=1&ak=5&ps=1&pk=4&lang=en');
    await page.waitForSelector(`${L}:not([hidden])`);
    await page.waitForSelector(`${A} [data-role=cell]`);
    assert((await text(`${A} [data-role=position]`)).includes('Position 6 of 16'), await text(`${A} [data-role=position]`));
    assert((await cellValue()) === conv({ p: 1 }).out[5], 'the window from the link');
    assert((await text(`${P} [data-role=position]`)).includes('Position 5 of 9'), await text(`${P} [data-role=position]`));
    assert((await text(`${A} h3`)).includes('Convolution'), 'not English');
    const stride = `${A} .cnn-fields label.field >> nth=6 >> input`;
    await page.click(stride);
    await page.fill(stride, '4');
    await page.waitForSelector('[data-message-inline]:not([hidden])');
    const msg = await text('[data-message-inline]:not([hidden])');
    assert(/not a whole number/.test(msg), `English message: ${msg}`);
    await page.fill(stride, '1');
    const raw = await page.$$eval(`${L} [data-i18n]`, (els) => els.filter((e) => e.textContent.trim() === e.getAttribute('data-i18n')).map((e) => e.getAttribute('data-i18n')));
    assert(raw.length === 0, `untranslated: ${raw}`);
    await page.screenshot({ path: path.join(artifacts, 'cnn-views-en.png'), fullPage: true });
  });
}
