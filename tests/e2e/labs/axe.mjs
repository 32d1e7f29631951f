// Accessibility (issue #12 item 17): axe-core (pinned in the Makefile's npm-tools) over every lab in both
// languages, after the interactions that add content (the gradient check's table, the MNIST analysis); fails on
// any serious or critical violation, listing rule, impact and the first offending elements.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const top = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(path.join(top, 'target/npm/package.json'));
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// Clicks that bring out content a lab only shows after use.
const AFTER_OPEN = {
  backprop: ['#lab-backprop [data-role=ins-check]'],
};

async function violations(p) {
  return p.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
  });
}

export default async function ({ page, check, assert, openPage }) {
  const labs = await page.$$eval('.lab-link', (as) => as.map((a) => a.getAttribute('href').slice(1)));
  const p = await openPage({ width: 1280, height: 860 }, '', 'ko-KR');
  await p.addScriptTag({ content: axeSource });
  for (const lang of ['ko', 'en']) {
    if (lang === 'en') await p.click('.lang-switch');
    for (const id of labs) {
      await check(`[${lang}] axe-core: no serious or critical violation in lab ${id}`, async () => {
        await p.click(`.lab-link[href="#${id}"]`);
        await p.waitForSelector(`#lab-${id}:not([hidden]) .lab-head + *`);
        if (id === 'mnist') await p.waitForSelector('#lab-mnist button.mnist-digit', { timeout: 20000 });
        for (const sel of AFTER_OPEN[id] || []) await p.click(sel);
        const v = await violations(p);
        assert(v.length === 0, v.join('\n     '));
      });
    }
  }
  await p.context().close();
}
