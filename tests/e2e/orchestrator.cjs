// The projects' orchestrators on the board, in a real browser: a card per project pinned above
// the columns, "Start orchestrator" starting one, its chat box delivering several lines to the
// agent (Ctrl+Enter), the conversation kept across reloads and joined by what flo sends, and a
// card that follows the orchestrator's end and return live.
// Started by tst_dashboard_browser with FLOTILLA_BASE, FLOTILLA_LINK, FLOTILLA_TOKEN,
// FAKE_AGENT_RECORD, ARTIFACTS and CHROMIUM.
'use strict';
const fs = require('fs');
const { env, base, check, api, eventually, launch, main } = require('./helpers.cjs');

const received = (text) => fs.existsSync(env.FAKE_AGENT_RECORD)
  && fs.readFileSync(env.FAKE_AGENT_RECORD, 'utf8').includes(text);

main(async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.FLOTILLA_LINK);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');

    // Every configured project has its card on top, in the configuration's order.
    const projects = await page.$$eval('#orchestrators > .orchestrator-card', (cards) => cards.map((c) => c.dataset.project));
    check(projects.join(',') === 'shop,desk', 'each project has an orchestrator card pinned on top: ' + projects.join(', '));
    const shop = page.locator('#orchestrators [data-project="shop"]');
    check(await shop.locator('.start-orchestrator').isVisible() && !(await shop.locator('textarea').isVisible()),
          'a project without an orchestrator offers to start one');

    // Start it from the page.
    await shop.locator('.start-orchestrator').click();
    // The live feed may show the session before the answer to the click says how it went.
    await shop.locator('.chat-state', { hasText: /Orchestrator|Not started/ }).waitFor({ timeout: 60000 });
    check((await shop.locator('.chat-state').textContent()).startsWith('Orchestrator started'),
          'the card says the orchestrator started: ' + (await shop.locator('.chat-state').textContent()));
    const id = await shop.getAttribute('data-session');
    check(id === 'shop-orchestrator', 'the started orchestrator is on its card: ' + id);
    const listed = (await api('GET', '/api/v1/orchestrators')).json.orchestrators.find((o) => o.project === 'shop');
    check(listed && listed.session && listed.session.id === id, 'the API knows it as the project\'s orchestrator');

    // Pinned first: the first card on the page, not repeated in a column; first of its project too.
    check(await page.evaluate(() => document.querySelector('.card').dataset.session) === id,
          'the orchestrator is the first card on the board');
    check(await page.locator(`[data-session="${id}"]`).count() === 1, 'it is not repeated in a column');
    await page.locator('#project-filter').selectOption('shop');
    const firstShown = await page.evaluate(() => [...document.querySelectorAll('.card')]
      .find((card) => !card.hidden && card.offsetParent !== null).dataset.session);
    check(firstShown === id, 'with the project picked, its orchestrator heads its cards');
    check(await page.locator('#orchestrators [data-project="desk"]').isHidden(), "another project's card is hidden");

    // Several lines with Ctrl+Enter reach the agent; the chat shows them as delivered.
    const second = 'Then start agents on the first two ' + Date.now();
    const text = 'Split the checkout work in three issues.\n' + second;
    await shop.locator('textarea').fill(text);
    await shop.locator('textarea').press('Control+Enter');
    await shop.locator('.chat-message[data-state="delivered"]').waitFor({ timeout: 15000 });
    check((await shop.locator('.chat-message .chat-text').textContent()) === text, 'the chat shows what was said');
    check(await shop.locator('textarea').inputValue() === '', 'the box is empty once the text is delivered');
    check(await eventually(() => received(second), 15000), "a message typed in the orchestrator's chat reaches its agent");
    const logged = (await api('GET', `/api/v1/events?session=${id}&type=session.message_sent`)).json.events || [];
    check(logged.some((event) => event.actor === 'dashboard'), 'the audit log has it from the dashboard');

    // What is said elsewhere (here: flo) shows as it happens, once; after a reload the
    // conversation comes back from the log.
    const fromFlo = 'Also look at the flaky test ' + Date.now();
    const sentByFlo = await api('POST', `/api/v1/sessions/${id}/send`, { text: fromFlo, actor: 'cli' });
    check(sentByFlo.status === 200, 'a message is sent as flo would');
    await shop.locator('.chat-message', { hasText: fromFlo }).waitFor({ timeout: 15000 });
    check((await shop.locator('.chat-message', { hasText: fromFlo }).locator('.chat-who').textContent())
      .startsWith('You (flo)'), "a message sent with flo shows in the card's conversation, said by flo");
    check(await shop.locator('.chat-message').count() === 2, "the page's own message is not shown twice");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await shop.locator('.chat-message', { hasText: fromFlo }).waitFor({ timeout: 15000 });
    const history = await shop.locator('.chat-message .chat-text').allTextContents();
    check(history.length === 2 && history[0] === text && history[1] === fromFlo,
          'after a reload the conversation is read back from the log, oldest first: ' + JSON.stringify(history));
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-orchestrator.png', fullPage: true });

    // Its end and its return show on the card as they happen.
    const killed = await api('POST', `/api/v1/sessions/${id}/kill`, { why: 'browser test' });
    check(killed.status === 200, 'the orchestrator is stopped through the API');
    await shop.locator('.start-orchestrator').waitFor({ state: 'visible', timeout: 15000 });
    check(!(await shop.getAttribute('data-session')), 'an ended orchestrator leaves its card offering a new start');
    await shop.locator('.start-orchestrator').click();
    await shop.locator('.chat-state', { hasText: /Orchestrator (restored|started)|Not started/ }).waitFor({ timeout: 60000 });
    check(/^Orchestrator (restored|started)/.test(await shop.locator('.chat-state').textContent()),
          'started again: ' + (await shop.locator('.chat-state').textContent()));
    check(await shop.locator('textarea').isVisible(), 'started again, the chat is back');
    // Brought back under the same id, its conversation is still there.
    await shop.locator('.chat-message', { hasText: fromFlo }).waitFor({ timeout: 15000 });
    await page.locator('#project-filter').selectOption('');
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-orchestrator-again.png', fullPage: true });
  } finally {
    await browser.close();
  }
});
