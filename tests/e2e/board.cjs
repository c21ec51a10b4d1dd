// The dashboard in a real browser: Debian's Chromium driven by playwright-core against a real
// `flotilla --headless` whose agents are the fake agent CLI in tmux. Started by
// tst_dashboard_browser, which passes the instance through the environment:
//   FLOTILLA_BASE      http://127.0.0.1:PORT
//   FLOTILLA_LINK      a one-time sign-in link
//   FLOTILLA_TOKEN     the API token (used only outside the browser, to change state)
//   FLOTILLA_SESSIONS  three live session ids, comma-separated
//   FAKE_AGENT_RECORD  the file where the fake agents write what they received
//   ARTIFACTS          where screenshots go;  CHROMIUM  the browser binary
// Prints "ok - …" per check; exits 1 at the first failure.
'use strict';
const fs = require('fs');
const { env, base, port, check, raw, eventually, launch, main } = require('./helpers.cjs');

const sessions = env.FLOTILLA_SESSIONS.split(',');

const card = (page, id, where = '') => page.locator(`${where} [data-session="${id}"]`.trim());

main(async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();

    let response = await page.goto(base + '/');
    check(response.status() === 401, 'a page load without signing in is refused (401)');
    check(await page.locator('script').count() === 0 && (await page.content()).includes('flo dashboard'),
          'the refusal page runs nothing and says how to sign in');

    // What the board weighs: every page and asset it loads (not the API's data), uncompressed.
    const loaded = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path === '/' || path.startsWith('/assets/')) loaded.push(r.body().then((b) => b.length).catch(() => 0));
    });
    response = await page.goto(env.FLOTILLA_LINK);
    check(new URL(page.url()).pathname === '/', 'the one-time link signs in and lands on the board');
    const started = Date.now();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await page.waitForFunction(() => document.getElementById('connection').dataset.state === 'live');
    console.log(`# board ready and live ${Date.now() - started} ms after landing`);
    const weight = (await Promise.all(loaded)).reduce((sum, n) => sum + n, 0);
    check(weight > 0 && weight < 200 * 1024, `the board weighs ${(weight / 1024).toFixed(1)} KB (< 200 KB)`);
    for (const id of sessions) check(await card(page, id).count() === 1, `the board shows ${id}`);
    check(await card(page, sessions[0]).locator('.ci').count() === 1, 'cards carry a CI badge');
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-board.png', fullPage: true });

    const cookie = (await context.cookies()).find((c) => c.name === 'flotilla_dashboard');
    check(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', 'the cookie is HttpOnly and SameSite=Strict');
    check(!(await page.evaluate(() => document.cookie.includes('flotilla_dashboard'))),
          "the page's scripts cannot read the cookie");
    const withCookie = { Cookie: `${cookie.name}=${cookie.value}`, 'Content-Type': 'application/json' };
    let answer = await raw('/api/v1/sessions', { method: 'POST', body: '{"project":"shop"}',
                                                 headers: { ...withCookie, Origin: 'http://evil.example' } });
    check(answer.status === 403, 'a cross-origin POST with the cookie is refused (403)');
    answer = await raw('/', { headers: { ...withCookie, Host: 'evil.example:' + port } });
    check(answer.status === 403 && !answer.body.includes('app.js'), 'a foreign Host is refused (403)');

    // A reply typed on a card reaches that session's agent, exactly.
    const text = 'From the dashboard: keep the changelog entry short ' + Date.now();
    const first = card(page, sessions[0]);
    await first.locator('textarea').fill(text);
    await first.locator('button[type=submit]').click();
    await first.locator('.reply-state', { hasText: 'Sent' }).waitFor({ timeout: 10000 });
    const received = await eventually(() => fs.existsSync(env.FAKE_AGENT_RECORD)
                                            && fs.readFileSync(env.FAKE_AGENT_RECORD, 'utf8').includes(text), 15000);
    check(received, 'a message sent from the page reaches the agent');

    // A session's page: its facts, its pull request panel, the agent's live output and a send box.
    await page.goto(base + '/#/session/' + sessions[0]);
    await page.waitForFunction((id) => document.getElementById('session-title').textContent.startsWith(id), sessions[0]);
    check(await page.locator('#board').isHidden(), "a session's page replaces the board");
    const outputShown = await eventually(async () => (await page.locator('#output').textContent()).trim().length > 0, 10000);
    check(outputShown, "the agent's output streams to the session page");
    const second = 'Second line from the session page ' + Date.now();
    await page.locator('#session-send textarea').fill('First line\n' + second);
    await page.locator('#session-send button[type=submit]').click();
    await page.locator('#session-view .send-state', { hasText: 'Sent' }).waitFor({ timeout: 10000 });
    const heard = await eventually(() => fs.readFileSync(env.FAKE_AGENT_RECORD, 'utf8').includes(second), 15000);
    check(heard, 'a message of two lines from the session page reaches the agent');
    const shownInOutput = await eventually(async () => (await page.locator('#output').textContent()).includes('Second line'),
                                           10000);
    check(shownInOutput, "the agent's answer shows in the live output");
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-session.png', fullPage: true });
    await page.goto(base + '/#/');
    await page.waitForFunction(() => !document.getElementById('board').hidden);

    // A change made elsewhere shows without a reload.
    const moved = page.waitForSelector(`#finished [data-session="${sessions[2]}"]`, { state: 'attached', timeout: 15000 });
    answer = await raw(`/api/v1/sessions/${sessions[2]}/kill`, { method: 'POST', body: '{"why":"browser test"}',
                                                               headers: { Authorization: 'Bearer ' + env.FLOTILLA_TOKEN,
                                                                          'Content-Type': 'application/json' } });
    const changed = Date.now();
    check(answer.status === 200, 'the fleet changes through the API');
    await moved;
    const latency = Date.now() - changed;
    check(latency < 1000, `the change is on the board ${latency} ms after it was made (< 1000 ms)`);

    // Kill from the page, after confirming.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      dialog.accept();
    });
    await card(page, sessions[1]).locator('.kill').click();
    await page.waitForSelector(`#finished [data-session="${sessions[1]}"]`, { state: 'attached', timeout: 20000 });
    check(asked.includes(sessions[1]), 'kill asks for confirmation first');
    answer = await raw(`/api/v1/sessions/${sessions[1]}`, { headers: { Authorization: 'Bearer ' + env.FLOTILLA_TOKEN } });
    check(JSON.parse(answer.body).session.status === 'killed', 'kill from the page ends the session');
    check(!(await card(page, sessions[1]).locator('.reply').isVisible()), 'an ended session offers no reply or kill');
    await page.locator('#finished summary').click();
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-board-after.png', fullPage: true });
  } finally {
    await browser.close();
  }
});
