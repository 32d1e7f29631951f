// The classroom layout check (issue #11): every lab at 1920×1080, 1280×800, 820×1180 and 390×844, in Korean
// and English, normal and present mode. It fails when a stage's figure ([data-stage-figure]) and its numbers
// ([data-stage-numbers]) are not both inside the viewport once the stage is scrolled into view (desktop sizes
// and present mode), when texts of the lab list overlap, when the page scrolls sideways, or when a message
// caused by a control lands outside the viewport. Screenshots: tests/e2e/artifacts/layout/.
// One page is reused and only its viewport changes, to keep the run short.
import fs from 'node:fs';

const SIZES = [
  { name: '1920', width: 1920, height: 1080, desktop: true },
  { name: '1280', width: 1280, height: 800, desktop: true },
  { name: '820', width: 820, height: 1180 },
  { name: '390', width: 390, height: 844 },
];

// Runs in the page: the stages of the shown lab, each with the rectangles of its figure and numbers after
// scrolling it into view (a stage in a hidden tab panel first gets its tab clicked).
async function stageReport(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const own = (stage, sel) => [...stage.querySelectorAll(sel)].find((e) => e.closest('[data-stage]') === stage);
    const out = [];
    const stages = [...document.querySelectorAll('section.lab:not([hidden]) [data-stage]')];
    for (const [i, s] of stages.entries()) {
      const panel = s.closest('[role=tabpanel]');
      if (panel && panel.hidden) { document.querySelector(`[aria-controls="${panel.id}"]`)?.click(); await frame(); }
      const fig = own(s, '[data-stage-figure]');
      const nums = own(s, '[data-stage-numbers]');
      if (!fig || !fig.getClientRects().length) continue;
      const view = fig.closest('.stage-view') || fig;
      if (!document.documentElement.classList.contains('presenting')) { view.scrollIntoView({ block: 'start' }); await frame(); }
      const r = (e) => { if (!e) return null; const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, h: b.height }; };
      const name = (s.querySelector('h3, h4')?.textContent || s.id || s.className).trim().slice(0, 40);
      out.push({ i, name, fig: r(fig), nums: nums && nums.getClientRects().length ? r(nums) : null, vw: innerWidth, vh: innerHeight });
    }
    return out;
  });
}

function outside(rect, vw, vh) {
  return rect && (rect.top < -1 || rect.left < -1 || rect.bottom > vh + 1 || rect.right > vw + 1);
}

// Text elements of the lab list that overlap each other.
async function navOverlaps(page) {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('.labs-nav .lab-link > span')].filter((e) => e.getClientRects().length);
    const rs = els.map((e) => ({ t: e.textContent.trim(), b: e.getBoundingClientRect() }));
    const hits = [];
    for (let i = 0; i < rs.length; i++) for (let j = i + 1; j < rs.length; j++) {
      const a = rs[i].b, b = rs[j].b;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) hits.push(`"${rs[i].t}" × "${rs[j].t}"`);
    }
    return hits;
  });
}

// Elements wider than the page (the cause of a sideways scroll), when there is one.
async function sideways(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= vw + 1) return [];
    return [...document.querySelectorAll('body *')].filter((e) => {
      const b = e.getBoundingClientRect();
      return b.right > vw + 1 && b.width > 0 && getComputedStyle(e).position !== 'fixed';
    }).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`);
  });
}

export default async function ({ page, check, assert, artifacts, path, origin }) {
  const dir = path.join(artifacts, 'layout');
  fs.mkdirSync(dir, { recursive: true });
  // CSS-pixel screenshots (not the page's 2× device pixels): a quarter of the bytes, quicker to take.
  const shot = (name) => page.screenshot({ path: path.join(dir, `${name}.png`), scale: 'css' });
  const t0 = Date.now();
  const labs = await page.$$eval('.lab-link', (as) => as.map((a) => a.getAttribute('href').slice(1)));
  const show = async (id, extra = '') => {
    await page.evaluate((h) => { location.hash = h; }, `#${id}${extra}`);
    await page.waitForSelector(`#lab-${id}:not([hidden])`);
    await page.waitForTimeout(60);
  };
  const setLang = async (lang) => {
    if ((await page.getAttribute('html', 'lang')) !== lang) await page.click('.lang-switch');
  };

  for (const lang of ['ko', 'en']) {
    await page.goto(origin + '#perceptron');
    await page.waitForSelector('.lab-link');
    await setLang(lang);
    for (const size of SIZES) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await check(`[layout ${lang} ${size.name}] the lab list has no overlapping text and no lab scrolls sideways; stages fit`, async () => {
        const problems = [];
        const hits = await navOverlaps(page);
        if (hits.length) problems.push(`lab list overlaps: ${hits.slice(0, 4).join(', ')}`);
        for (const id of labs) {
          await show(id);
          const wide = await sideways(page);
          if (wide.length) problems.push(`${id}: page scrolls sideways (${wide.join('; ')})`);
          if (size.desktop) {
            for (const s of await stageReport(page)) {
              if (outside(s.fig, s.vw, s.vh)) problems.push(`${id} stage ${s.i} "${s.name}": figure ${JSON.stringify(s.fig)} outside ${s.vw}×${s.vh}`);
              if (outside(s.nums, s.vw, s.vh)) problems.push(`${id} stage ${s.i} "${s.name}": numbers ${JSON.stringify(s.nums)} outside ${s.vw}×${s.vh}`);
            }
          }
          // The first stage in view, as a person would see it.
          await page.evaluate(() => {
            const v = document.querySelector('section.lab:not([hidden]) .stage-view');
            if (v) v.scrollIntoView({ block: 'start' }); else scrollTo(0, 0);
          });
          await page.waitForTimeout(30);
          await shot(`${id}-${lang}-${size.name}`);
        }
        assert(problems.length === 0, problems.join('\n     '));
      });
    }

    for (const size of SIZES.filter((s) => s.desktop)) {
      await page.setViewportSize({ width: size.width, height: size.height });
      await check(`[layout ${lang} ${size.name}] present mode: each stage's figure and numbers on one screen, chrome hidden`, async () => {
        const problems = [];
        for (const id of labs) {
          await show(id, '?present=1');
          await page.waitForFunction(() => document.documentElement.classList.contains('presenting'));
          const chrome = await page.evaluate(() => ['header.top', '.labs-nav'].filter((s) => document.querySelector(s)?.getClientRects().length));
          if (chrome.length) problems.push(`${id}: ${chrome.join(', ')} still shown in present mode`);
          const n = await page.$$eval(`#lab-${id} [data-stage]`, (s) => s.length);
          for (let k = 0; k < Math.max(n, 1); k++) {
            if (k > 0) { await page.locator('body').press('ArrowDown'); await page.waitForTimeout(60); }
            const cur = await page.evaluate(() => {
              const s = document.querySelector('.stage-current');
              if (!s) return null;
              const own = (sel) => [...s.querySelectorAll(sel)].find((e) => e.closest('[data-stage]') === s);
              const r = (e) => { if (!e || !e.getClientRects().length) return null; const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, left: b.left, right: b.right }; };
              return { fig: r(own('[data-stage-figure]')), nums: r(own('[data-stage-numbers]')), vw: innerWidth, vh: innerHeight,
                name: (s.querySelector('h3, h4')?.textContent || '').trim().slice(0, 40) };
            });
            if (n && !cur) { problems.push(`${id}: no current stage`); break; }
            if (!cur) break;
            if (!cur.fig || outside(cur.fig, cur.vw, cur.vh)) problems.push(`${id} present stage ${k} "${cur.name}": figure ${JSON.stringify(cur.fig)} not inside ${cur.vw}×${cur.vh}`);
            if (outside(cur.nums, cur.vw, cur.vh)) problems.push(`${id} present stage ${k} "${cur.name}": numbers ${JSON.stringify(cur.nums)} outside`);
            if (k === 0 || (size.name === '1920' && lang === 'ko')) await shot(`${id}-${lang}-${size.name}-present-${k}`);
          }
          await page.locator('body').press('Escape');
          await page.waitForFunction(() => !document.documentElement.classList.contains('presenting'));
          if (/present=1/.test(await page.evaluate(() => location.hash))) problems.push(`${id}: present=1 still in the link after Esc`);
        }
        assert(problems.length === 0, problems.join('\n     '));
      });
    }
  }

  // A message caused by a control appears beside it, inside the viewport, at every size.
  for (const size of SIZES) {
    await check(`[layout ${size.name}] a bad CSV import in the playground shows its message beside the button, on screen`, async () => {
      await page.setViewportSize({ width: size.width, height: size.height });
      await show('playground');
      const S = '#lab-playground';
      await page.evaluate((s) => { document.querySelector(`${s} details.pg-csv`).open = true; }, S);
      await page.fill(`${S} .pg-csv-text`, 'x1,x2,label\n1,2,cat\n');
      await page.click(`${S} .pg-import`);
      const m = await page.waitForSelector('[data-message-inline]:not([hidden])', { timeout: 3000 });
      const r = await m.evaluate((e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, vw: innerWidth, vh: innerHeight, near: !!e.closest('#lab-playground details.pg-csv, #lab-playground .pg-row') }; });
      assert(!outside(r, r.vw, r.vh), `message outside the viewport: ${JSON.stringify(r)}`);
      assert(r.near, 'the message is not beside the import button');
      const top = await page.$eval('main .message:not(.message-inline)', (e) => !e.hidden);
      assert(top, 'the top alert should repeat the message');
      await shot(`message-playground-${size.name}`);
      await page.click('[data-message-inline] .message-close');
    });
  }
  await check('[layout] a bad value in a number field shows its error beside the field, on screen (1280×800)', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await show('optimizers');
    const sel = '#lab-optimizers .controls .field input';
    await page.locator(sel).first().scrollIntoViewIfNeeded();
    await page.fill(sel, 'abc');
    const r = await page.evaluate(() => {
      const e = [...document.querySelectorAll('#lab-optimizers .field-error')].find((x) => x.textContent.trim());
      if (!e) return null;
      const b = e.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, vw: innerWidth, vh: innerHeight };
    });
    assert(r, 'no error text beside the field');
    assert(!outside(r, r.vw, r.vh), `field error outside the viewport: ${JSON.stringify(r)}`);
  });
  await page.setViewportSize({ width: 1280, height: 860 });
  console.log(`     layout checks took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
