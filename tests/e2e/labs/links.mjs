// End-to-end checks of links that carry the whole scene (issue #11, state): in every lab a link with its
// settings, the step of its runs and the language reopens the same scene; leaving through the lab list and
// coming back keeps a lab's state; step back and the scrubber of every run; a bad value in a link falls back
// with one message and a corrected address bar; the copy-link button; the smaller faults (the lab list in
// chapter order, ▶ markers, MNIST's Pause label). Screenshots at 390 and 1280 px in both languages.
export default async function ({ page, check, assert, openPage, artifacts, path }) {
  const W = { width: 1280, height: 860 };
  const lab = (id) => `#lab-${id}`;
  const hashOf = (p) => p.evaluate(() => decodeURIComponent(location.hash));
  const visibleMessage = (p) => p.$eval('.message', (m) => (m.hidden ? '' : m.textContent));
  // The scene a person sees in a lab: every field, select, box and scrubber, the timelines' "k / n", the
  // current backprop stage, and the page language.
  const scene = (p, id) => p.$eval(lab(id), (sec) => {
    const vals = [...sec.querySelectorAll('input, select')]
      .filter((e) => e.type !== 'file' && !e.classList.contains('share-url'))
      .map((e) => (e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value));
    // The position on each timeline (not its end: a perceptron run's end is how far it has been played).
    const pos = [...sec.querySelectorAll('.timeline-pos')].map((e) => e.textContent.split(' /')[0]);
    const stage = [...sec.querySelectorAll('.bp-stages li.current')].map((e) => e.textContent);
    return JSON.stringify({ lang: document.documentElement.lang, vals, pos, stage });
  });
  const open = async (p, id) => {
    await p.click(`.lab-link[href="#${id}"]`);
    await p.waitForSelector(`${lab(id)}:not([hidden])`);
  };
  const clickN = async (p, sel, n) => { for (let i = 0; i < n; i++) await p.click(sel); };

  // What each lab's run does before its link is taken: settings changed, steps taken, one step back.
  const prepare = {
    perceptron: async (p) => {
      await p.click(`${lab('perceptron')} [data-role=reset]`);
      await p.selectOption(`${lab('perceptron')} select[data-role=target] >> nth=1`, 'xor').catch(() => {});
      await clickN(p, `${lab('perceptron')} [data-role=step]`, 4);
      await p.click(`${lab('perceptron')} [data-key-action=back]`);
    },
    activation: async (p) => {
      const boxes = `${lab('activation')} input[type=checkbox]`;
      await p.click(`${boxes} >> nth=0`);
    },
    loss: async (p) => {
      await p.click(`${lab('loss')} input[type=radio] >> nth=1`).catch(() => {});
    },
    gradient: async (p) => {
      await p.click(`${lab('gradient')} .grad-tab[data-tab=descent]`);
      await p.click(`#grad-panel-descent [data-role=reset]`);
      await clickN(p, `#grad-panel-descent [data-role=step]`, 5);
      await p.click(`#grad-panel-descent [data-key-action=back]`);
    },
    backprop: async (p) => {
      await p.selectOption(`${lab('backprop')} .bp-graph select`, 'sigmoid');
      await clickN(p, `${lab('backprop')} [data-role=graph-step]`, 5);
      await clickN(p, `${lab('backprop')} [data-role=ins-step]`, 8);
      await p.click(`${lab('backprop')} .bp-inspector [data-key-action=back]`);
    },
    playground: async (p) => {
      await p.selectOption(`${lab('playground')} select >> nth=0`, { index: 2 });
    },
    optimizers: async (p) => {
      await p.click(`${lab('optimizers')} [data-role=reset]`);
      await clickN(p, `${lab('optimizers')} [data-role=step]`, 6);
      await p.click(`${lab('optimizers')} [data-key-action=back]`);
    },
    mnist: async (p) => {
      await p.fill(`${lab('mnist')} input[data-role=hidden]`, '30');
      await p.$eval(`${lab('mnist')} input[data-role=hidden]`, (e) => e.dispatchEvent(new Event('change')));
    },
  };

  const ids = await page.$$eval('.lab-link', (as) => as.map((a) => a.getAttribute('href').slice(1)));
  for (const id of ids) {
    await check(`links: ${id}: a link with its settings, run steps and language reopens the same scene`, async () => {
      const p = await openPage(W, '', 'ko-KR');
      await open(p, id);
      await p.click('.lang-switch');
      await (prepare[id] || (async () => {}))(p);
      await p.waitForTimeout(300);
      const before = await scene(p, id);
      const url = p.url();
      assert(/lang=en/.test(url), `the link has no language: ${url}`);
      const p2 = await openPage(W, url.slice(url.indexOf('#')), 'ko-KR');
      await p2.waitForSelector(`${lab(id)}:not([hidden])`);
      await p2.waitForTimeout(300);
      const after = await scene(p2, id);
      assert(after === before, `${id}: the link opened another scene\n      before ${before}\n      after  ${after}`);
      assert((await visibleMessage(p2)) === '', `a message on a good link: ${await visibleMessage(p2)}`);
      await p.context().close();
      await p2.context().close();
    });
  }

  await check('links: leaving through the lab list and coming back keeps each lab\'s state', async () => {
    const p = await openPage(W);
    for (const id of ['perceptron', 'gradient', 'optimizers', 'backprop']) {
      await open(p, id);
      await prepare[id](p);
      const before = await scene(p, id);
      const h = await hashOf(p);
      await open(p, 'loss');
      await open(p, id);
      assert((await scene(p, id)) === before, `${id}: state lost after a round trip through the lab list`);
      assert((await hashOf(p)) === h, `${id}: the address bar changed: ${await hashOf(p)} vs ${h}`);
    }
    // The playground keeps its trained network (not only its settings): the epoch count survives.
    await open(p, 'playground');
    await p.click(`${lab('playground')} [data-role=step]`).catch(() => {});
    const epoch = await p.textContent(`${lab('playground')}`);
    await open(p, 'mnist');
    await open(p, 'playground');
    assert((await p.textContent(`${lab('playground')}`)) === epoch, 'the playground was rebuilt');
    await p.context().close();
  });

  await check('links: step back and the scrubber in every run (perceptron, descent, race, graph, inspector)', async () => {
    const p = await openPage(W, '', 'en-US');
    const pos = (sel) => p.textContent(`${sel} .timeline-pos`);
    // Perceptron epochs: back gives the very weights of the epoch before.
    await open(p, 'perceptron');
    const P = lab('perceptron');
    await p.click(`${P} [data-role=reset]`);
    await clickN(p, `${P} [data-role=step]`, 2);
    const w2 = await scene(p, 'perceptron');
    await p.click(`${P} [data-role=step]`);
    assert((await pos(P)).startsWith('3 /'), `perceptron at ${await pos(P)}`);
    await p.click(`${P} [data-key-action=back]`);
    assert((await scene(p, 'perceptron')) === w2, 'perceptron: back did not give epoch 2\'s weights');
    assert(/ep=2/.test(p.url()), `perceptron URL: ${p.url()}`);
    await p.fill(`${P} .timeline input[type=range]`, '0');
    assert((await pos(P)).startsWith('0 /'), `perceptron scrubbed to ${await pos(P)}`);
    assert(await p.$eval(`${P} [data-key-action=back]`, (b) => b.disabled), 'back is enabled at epoch 0');
    // Gradient descent.
    await open(p, 'gradient');
    await p.click(`${lab('gradient')} .grad-tab[data-tab=descent]`);
    const D = '#grad-panel-descent';
    await p.click(`${D} [data-role=reset]`);
    await clickN(p, `${D} [data-role=step]`, 3);
    await p.click(`${D} [data-key-action=back]`);
    assert((await pos(D)) === '2 / 100', `descent at ${await pos(D)}`);
    assert(/[?&]at=2(&|$)/.test(p.url()), `descent URL: ${p.url()}`);
    await p.fill(`${D} .timeline input[type=range]`, '40');
    assert((await pos(D)) === '40 / 100', `descent scrubbed to ${await pos(D)}`);
    // The optimizer race.
    await open(p, 'optimizers');
    const O = lab('optimizers');
    await p.click(`${O} [data-role=reset]`);
    await clickN(p, `${O} [data-role=step]`, 4);
    const table4 = await p.textContent(`${O} .opt-results`);
    await p.click(`${O} [data-role=step]`);
    await p.click(`${O} [data-key-action=back]`);
    assert((await pos(O)).startsWith('4 /'), `race at ${await pos(O)}`);
    assert((await p.textContent(`${O} .opt-results`)) === table4, 'race: back did not give step 4\'s table');
    // The computational graph and the inspector, whose stage pills are buttons.
    await open(p, 'backprop');
    const G = `${lab('backprop')} .bp-graph`;
    await p.click(`${G} [data-role=graph-step]`);
    await p.click(`${G} [data-role=graph-step]`);
    await p.click(`${G} [data-key-action=back]`);
    assert((await pos(G)).startsWith('1 /'), `graph at ${await pos(G)}`);
    const I = `${lab('backprop')} .bp-inspector`;
    await p.click(`${I} [data-role=ins-reset]`);
    await clickN(p, `${I} [data-role=ins-step]`, 3);
    const at3 = await p.textContent(`${I} .bp-steps`);
    await p.click(`${I} [data-role=ins-step]`);
    await p.click(`${I} [data-key-action=back]`);
    assert((await p.textContent(`${I} .bp-steps`)) === at3, 'inspector: back did not give stage 3 again');
    await p.click(`${I} .bp-stages button[data-bp-stage="1"]`);
    assert((await p.getAttribute(`${I} .bp-stages li.current button`, 'data-bp-stage')) === '1', 'a pill did not go to its stage');
    await p.screenshot({ path: path.join(artifacts, 'links-backprop-timeline-en-1280.png'), fullPage: false, clip: undefined });
    await p.context().close();
  });

  await check('links: a bad value falls back with one message and the address bar is corrected', async () => {
    const p = await openPage(W, '#gradient?tab=descent&lr=abc&zzz=1&n=50&lang=en');
    await p.waitForSelector(`${lab('gradient')}:not([hidden])`);
    const msg = await visibleMessage(p);
    assert(/lr/.test(msg) && /zzz/.test(msg) && /default/.test(msg), `message: ${msg}`);
    const h = await hashOf(p);
    assert(!/abc|zzz/.test(h) && /n=50/.test(h) && /lang=en/.test(h), `address bar not corrected: ${h}`);
    await p.reload();
    await p.waitForSelector(`${lab('gradient')}:not([hidden])`);
    assert((await visibleMessage(p)) === '', 'the message came back after a reload of the corrected link');
    const bad = await openPage(W, '#loss?lang=fr');
    assert(/lang/.test(await visibleMessage(bad)), 'a bad language was not reported');
    await p.context().close();
    await bad.context().close();
  });

  await check('links: lang in the link wins on open and is written when switched', async () => {
    const p = await openPage(W, '#loss?lang=en', 'ko-KR');
    assert((await p.getAttribute('html', 'lang')) === 'en', 'lang=en not applied');
    await p.click('.lang-switch');
    assert(/lang=ko/.test(p.url()), `switching did not write the language: ${p.url()}`);
    await p.context().close();
  });

  await check('links: the copy-link button copies the link and says so', async () => {
    for (const lang of ['ko-KR', 'en-US']) {
      const p = await openPage(W, '#perceptron', lang);
      await p.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await p.click(`${lab('perceptron')} .copy-link`);
      await p.waitForSelector(`${lab('perceptron')} .share-status:not([hidden])`);
      const said = await p.textContent(`${lab('perceptron')} .share-status`);
      assert(/Copied|복사했습니다/.test(said), `status: ${said}`);
      const copied = await p.evaluate(() => navigator.clipboard.readText());
      assert(copied === p.url(), `copied ${copied} for ${p.url()}`);
      for (const w of [390, 1280]) {
        await p.setViewportSize({ width: w, height: 844 });
        await p.screenshot({ path: path.join(artifacts, `links-header-${lang.slice(0, 2)}-${w}.png`) });
      }
      await p.context().close();
    }
  });

  await check('the lab list is in chapter order, MNIST after chapter 6.1 and before the labs that train on its digits', async () => {
    assert(ids.join(',') === 'perceptron,activation,loss,gradient,backprop,playground,optimizers,mnist,batchnorm,cnn', ids.join(','));
  });

  await check('collapsible sections show a ▶ marker, ▼ when open', async () => {
    const marks = await page.$$eval('details > summary', (ss) => ss.map((s) => [s.parentElement.open, getComputedStyle(s, '::before').content]));
    assert(marks.length > 0, 'no details');
    for (const [open, c] of marks) assert(c.includes(open ? '▼' : '▶'), `marker ${c} (open ${open})`);
  });

  await check('timelines: screenshots at 390 and 1280 px in both languages', async () => {
    for (const lang of ['ko-KR', 'en-US']) {
      for (const w of [390, 1280]) {
        const p = await openPage({ width: w, height: 844 }, '#gradient?tab=descent&at=30', lang);
        await p.waitForSelector('#grad-panel-descent .timeline');
        await p.$eval('#grad-panel-descent .timeline', (e) => e.scrollIntoView({ block: 'center' }));
        await p.screenshot({ path: path.join(artifacts, `links-descent-${lang.slice(0, 2)}-${w}.png`) });
        await p.goto(p.url().replace(/#.*/, '#backprop?is=3&it=0'));
        await p.waitForSelector(`${lab('backprop')} .bp-inspector .timeline`);
        await p.$eval(`${lab('backprop')} .bp-inspector .timeline`, (e) => e.scrollIntoView({ block: 'start' }));
        await p.screenshot({ path: path.join(artifacts, `links-inspector-${lang.slice(0, 2)}-${w}.png`) });
        await p.context().close();
      }
    }
  });

  await check('MNIST: Train says Pause while training, and Train again when paused', async () => {
    const p = await openPage(W, '#mnist', 'en-US');
    const run = `${lab('mnist')} [data-role=run]`;
    await p.waitForSelector(`${lab('mnist')} button.mnist-digit`, { timeout: 20000 });
    await p.click(run);
    assert((await p.textContent(run)).trim() === 'Pause', `while training: ${await p.textContent(run)}`);
    await p.click('.lang-switch');
    assert((await p.textContent(run)).trim() === '일시 정지', `while training, Korean: ${await p.textContent(run)}`);
    await p.click(run);
    assert((await p.textContent(run)).trim() === '학습 시작', `paused: ${await p.textContent(run)}`);
    await p.context().close();
  });

  await lesson({ check, assert, openPage, artifacts, path });
}

// A lesson: scenes collected from two labs with titles, presented one after another from one link.
export async function lesson({ check, assert, openPage, artifacts, path }) {
  await check('lesson: scenes from two labs, with titles, presented in order from one link', async () => {
    const p = await openPage({ width: 1280, height: 860 }, '#perceptron', 'en-US');
    await p.click('#lab-perceptron button[data-gate=or]');
    await p.fill('#lab-perceptron [data-role=lesson-title]', 'OR gate');
    await p.click('#lab-perceptron [data-role=lesson-add]');
    await p.click('.lab-link[href="#gradient"]');
    await p.click('#lab-gradient .grad-tab[data-tab=descent]');
    await p.click('#grad-panel-descent [data-role=reset]');
    await p.click('#grad-panel-descent [data-role=step]');
    await p.fill('#lab-gradient [data-role=lesson-title]', 'One step of descent');
    await p.click('#lab-gradient [data-role=lesson-add]');
    assert(/2/.test(await p.textContent('.lesson-bar .lesson-now')), 'the draft does not count two scenes');
    await p.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await p.click('.lesson-bar [data-role=lesson-copy]');
    await p.waitForSelector('.lesson-bar .share-status:not([hidden])');
    const link = await p.evaluate(() => navigator.clipboard.readText());
    assert(/lesson=/.test(link), `not a lesson link: ${link}`);
    // The link alone, in a fresh browser: scene 1, then Next opens scene 2 as it was.
    const q = await openPage({ width: 1280, height: 860 }, link.slice(link.indexOf('#')), 'ko-KR');
    await q.waitForSelector('.lesson-bar[data-mode=present]');
    assert(/OR gate/.test(await q.textContent('.lesson-bar .lesson-now')), await q.textContent('.lesson-bar .lesson-now'));
    assert((await q.inputValue('#lab-perceptron select[data-role=target] >> nth=0')) === 'or', 'scene 1 is not the OR gate');
    await q.screenshot({ path: path.join(artifacts, 'links-lesson-en-1280.png') });
    await q.click('.lesson-bar [data-role=next-scene]');
    await q.waitForSelector('#lab-gradient:not([hidden])');
    assert(/One step of descent/.test(await q.textContent('.lesson-bar .lesson-now')), 'scene 2 title');
    assert((await q.textContent('#grad-panel-descent .timeline-pos')) === '1 / 100', 'scene 2 is not at step 1');
    assert(await q.$eval('.lesson-bar [data-role=next-scene]', (b) => b.disabled), 'Next is enabled on the last scene');
    await q.click('.lesson-bar [data-role=prev-scene]');
    await q.waitForSelector('#lab-perceptron:not([hidden])');
    await p.context().close();
    await q.context().close();
  });
}
