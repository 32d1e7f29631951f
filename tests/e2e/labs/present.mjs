// Present mode's keys (issue #11): P enters and leaves, present=1 in the link enters, ↓/↑ move between the lab's
// stages, → steps and R resets the current stage through its [data-key-action] buttons, Esc leaves; keys never
// fire while typing in a field; the shortcuts toggle turns them off and is remembered after a reload.
export default async function ({ page, check, assert, origin }) {
  const presenting = () => page.evaluate(() => document.documentElement.classList.contains('presenting'));
  const epochText = () => page.textContent('#lab-perceptron .learn-status');
  const body = page.locator('body');

  await check('present: P enters present mode (link says present=1, lab list hidden), Esc leaves', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(origin + '#perceptron');
    await page.waitForSelector('#lab-perceptron:not([hidden]) [data-stage]');
    await body.press('p');
    assert(await presenting(), 'P did not enter present mode');
    assert(/present=1/.test(await page.evaluate(() => location.hash)), 'present=1 missing from the link');
    assert(!(await page.isVisible('.labs-nav')), 'the lab list is still visible');
    assert(await page.isVisible('.present-bar'), 'no presentation toolbar');
    await body.press('Escape');
    assert(!(await presenting()), 'Esc did not leave');
    assert(!/present=1/.test(await page.evaluate(() => location.hash)), 'present=1 still in the link');
  });

  await check('present: a link with present=1 opens in present mode; ↓ moves to the next stage; → steps, R resets', async () => {
    await page.goto(origin + '#perceptron?present=1');
    await page.waitForFunction(() => document.documentElement.classList.contains('presenting'));
    const first = await page.$eval('.stage-current', (s) => s.id);
    assert(first === 'pct-gates', `first stage is ${first}`);
    await body.press('ArrowDown');
    const second = await page.$eval('.stage-current', (s) => s.id);
    assert(second === 'pct-learn', `↓ went to ${second}`);
    await body.press('r');
    const t0 = await epochText();
    await body.press('ArrowRight');
    await page.waitForTimeout(100);
    const t1 = await epochText();
    assert(t1 !== t0, `→ did not step the learning rule: "${t0}"`);
    await body.press('PageDown');
    await page.waitForTimeout(100);
    assert((await epochText()) !== t1, 'PageDown did not step');
    await body.press('r');
    await page.waitForTimeout(100);
    assert((await epochText()) === t0, `R did not reset: "${await epochText()}"`);
    await body.press('ArrowUp');
    assert((await page.$eval('.stage-current', (s) => s.id)) === 'pct-gates', '↑ did not go back');
  });

  await check('present: keys do not fire while typing in a field', async () => {
    await body.press('ArrowDown');
    const t0 = await epochText();
    const field = page.locator('#lab-perceptron [data-role="eta"]');
    await field.focus();
    await field.press('ArrowRight');
    await field.press('p');
    await field.press('r');
    assert(await presenting(), 'P typed in a field left present mode');
    assert((await epochText()) === t0, 'a key typed in a field stepped the run');
    await field.fill('0.1');
    await body.press('Escape');
  });

  await check('present: the shortcuts toggle turns single-key shortcuts off, and is remembered', async () => {
    await page.goto(origin + '#perceptron');
    await page.waitForSelector('header.top .keys-toggle input');
    await page.uncheck('header.top .keys-toggle input');
    await body.press('p');
    assert(!(await presenting()), 'P worked with shortcuts off');
    await page.reload();
    await page.waitForSelector('header.top .keys-toggle input');
    assert(!(await page.isChecked('header.top .keys-toggle input')), 'the toggle was not remembered');
    await body.press('p');
    assert(!(await presenting()), 'P worked after a reload with shortcuts off');
    // The Present button still works, and Esc still leaves.
    await page.click('#lab-perceptron .present-btn');
    assert(await presenting(), 'the Present button did not enter present mode');
    await body.press('ArrowDown');
    assert((await page.$eval('.stage-current', (s) => s.id)) === 'pct-gates', '↓ moved with shortcuts off');
    await body.press('Escape');
    assert(!(await presenting()), 'Esc did not leave with shortcuts off');
    await page.check('header.top .keys-toggle input');
    await body.press('p');
    assert(await presenting(), 'P did not work after turning shortcuts back on');
    await body.press('Escape');
    await page.setViewportSize({ width: 1280, height: 860 });
    // Leave a fresh page (focus at the top) for the checks that follow.
    await page.goto(origin + '#loss');
    // Chromium's Tab starts from the last focused point: start it again at the top of the page.
    await page.evaluate(() => { document.activeElement && document.activeElement.blur(); scrollTo(0, 0); });
    await page.mouse.click(2, 2);
  });
}
