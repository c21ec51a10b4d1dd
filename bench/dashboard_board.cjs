// The dashboard's board in Debian's Chromium (playwright-core): signs in once, then loads the
// board RUNS times and times each load from navigation until every card is on the page.
// Started by bench_dashboard_board, which passes FLOTILLA_BASE, FLOTILLA_LINK, SESSIONS (the
// count expected), RUNS, CHROMIUM and PLAYWRIGHT_CORE (the module's folder). Prints one line
// per run ("run N: X ms") and exits 1 when a load does not complete.
'use strict';
const { chromium } = require(process.env.PLAYWRIGHT_CORE);

const env = process.env;
const expected = Number(env.SESSIONS);

(async () => {
  const browser = await chromium.launch({ executablePath: env.CHROMIUM, args: ['--no-sandbox'], headless: true });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(env.FLOTILLA_LINK);
    for (let run = 1; run <= Number(env.RUNS); ++run) {
      const started = Date.now();
      await page.goto(env.FLOTILLA_BASE + '/');
      await page.waitForFunction((count) => document.documentElement.dataset.ready === 'true'
                                            && document.querySelectorAll('.card:not(.orchestrator-card)').length === count, expected,
                                 { polling: 'raf', timeout: 30000 });
      console.log(`run ${run}: ${Date.now() - started} ms`);
    }
  } finally {
    await browser.close();
  }
})().catch((error) => {
  console.log('failed: ' + error.message);
  process.exit(1);
});
