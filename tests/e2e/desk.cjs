// The dashboard's other pages in a real browser, on project "desk" (local tracker and local
// SCM with CI): the spawn form with the tracker's issues, a session's pull request with the
// failing check's log and a review comment handed to the agent, merge from the session page,
// a decision answered on the decisions page, and the audit log with its filters, live.
// Started by tst_dashboard_browser with FLOTILLA_BASE, FLOTILLA_LINK, FLOTILLA_TOKEN,
// FAKE_AGENT_RECORD, DESK_ORIGIN (the bare repository desk pushes to), ARTIFACTS and CHROMIUM.
'use strict';
const fs = require('fs');
const { execFileSync } = require('child_process');
const { env, base, check, api, eventually, launch, main } = require('./helpers.cjs');

const received = (text) => fs.existsSync(env.FAKE_AGENT_RECORD)
  && fs.readFileSync(env.FAKE_AGENT_RECORD, 'utf8').includes(text);
const session = async (id) => (await api('GET', '/api/v1/sessions/' + id)).json.session;
const originFile = (path) => {
  try {
    return execFileSync('git', ['--git-dir', env.DESK_ORIGIN, 'show', 'main:' + path], { encoding: 'utf8' });
  } catch {
    return null;
  }
};

main(async () => {
  const browser = await launch();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(env.FLOTILLA_LINK);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');

    // The spawn form lists the tracker's issues; ticking three starts three sessions.
    await page.goto(base + '/#/spawn');
    await page.locator('#spawn-form select[name=project]').selectOption('desk');
    await page.waitForSelector('#issue-list [data-issue="DESK-4"]');
    check(await page.locator('#issue-list .issue').count() === 4, "the spawn form lists the tracker's four open issues");
    for (const issue of ['DESK-1', 'DESK-2', 'DESK-3'])
      await page.locator(`#issue-list [data-issue="${issue}"] input`).check();
    await page.locator('#spawn-form textarea[name=prompt]').fill('Keep each commit small.');
    await page.locator('#spawn-form button[type=submit]').click();
    await page.waitForFunction(() => document.querySelectorAll('#spawn-results [data-outcome]').length === 3,
                               null, { timeout: 90000 });
    const started = await page.$$eval('#spawn-results [data-outcome="started"] a', (links) =>
      links.map((link) => [link.closest('li').textContent.split(':')[0], link.textContent]));
    check(started.length === 3, 'three sessions start from the form: ' + started.map((s) => s.join(' → ')).join(', '));
    const of = Object.fromEntries(started);
    await page.waitForSelector('#issue-list [data-issue="DESK-1"] a.session-id');
    check(await page.locator('#issue-list [data-issue="DESK-1"] input').isDisabled(),
          'an issue an agent works on says which session and cannot be started twice');
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-spawn.png', fullPage: true });
    check((await session(of['DESK-2'])).issue === 'DESK-2', 'each session works on its issue');

    // Each agent pushes a branch: DESK-1's breaks CI, the others pass.
    const work = { 'DESK-1': 'EDIT broken.txt oops\nCOMMIT Add a stray file\nPUSH',
                   'DESK-2': 'EDIT search.txt a search box\nCOMMIT Add a search box\nPUSH',
                   'DESK-3': 'EDIT export.txt csv\nCOMMIT Export to CSV\nPUSH' };
    for (const [issue, text] of Object.entries(work))
      check((await api('POST', `/api/v1/sessions/${of[issue]}/send`, { text })).status === 200, `${issue}'s agent is told to push`);
    // Says where the session stood when it did not get there, for the failure message.
    const ci = async (id, state) => {
      let facts = null;
      const reached = await eventually(async () => {
        facts = await session(id);
        return facts.pr && facts.pr.number > 0 && facts.pr.ci === state;
      }, 60000);
      if (!reached) {
        const snapshot = (await api('GET', `/api/v1/sessions/${id}/pull-request`)).json;
        console.log(`# ${id}: ${JSON.stringify(facts)}\n# its pull request as last read: ${JSON.stringify(snapshot)}`);
      }
      return reached;
    };
    check(await ci(of['DESK-1'], 'failing'), "DESK-1's pull request fails CI");

    // The pull request panel: the failing check with its log, and a review comment to hand on.
    const reviewed = await api('POST', `/api/v1/sessions/${of['DESK-1']}/review`, {
      verdict: 'request-changes', summary: 'Not this file', comments: [{ path: 'broken.txt', line: 1, body: 'Delete this file' }] });
    check(reviewed.status === 201, 'a reviewer asks for changes with a line comment');
    await page.goto(base + '/#/session/' + of['DESK-1']);
    await page.waitForSelector('#pr-card .check[data-status="failed"] .excerpt', { timeout: 30000 });
    check((await page.locator('#pr-card .excerpt').first().textContent()).includes('FAIL: broken.txt must not ship'),
          "the failing check shows its log excerpt");
    const comment = page.locator('#pr-card .comment', { hasText: 'Delete this file' });
    await comment.waitFor({ timeout: 30000 });
    await comment.locator('.ask-fix').click();
    await comment.locator('.ask-fix', { hasText: 'Sent to the agent' }).waitFor({ timeout: 15000 });
    check(await eventually(() => received('Delete this file'), 15000), '"Ask agent to fix" hands the comment to the agent');
    check(await page.locator('#merge-session').isVisible(), 'an open pull request offers Merge');
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-pull-request.png', fullPage: true });

    // A stale head is refused; Merge from the page merges at the head it shows, after confirming.
    check(await ci(of['DESK-2'], 'passing'), "DESK-2's pull request passes CI");
    const stale = await api('POST', `/api/v1/sessions/${of['DESK-2']}/merge`, { headSha: '0000000000' });
    check(stale.status === 409 && stale.json.error.code === 'merge.head_moved', 'a merge at a head nobody saw is refused (409)');
    await page.goto(base + '/#/session/' + of['DESK-2']);
    await page.waitForFunction(() => document.querySelector('#pr-card .pr-body a'), null, { timeout: 30000 });
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      dialog.accept();
    });
    await page.locator('#merge-session').click();
    await page.locator('#session-view .action-state', { hasText: /Merged pull request|Not merged/ }).waitFor({ timeout: 30000 });
    const mergeState = await page.locator('#session-view .action-state').textContent();
    check(mergeState.startsWith('Merged pull request'), 'Merge from the page merges: ' + mergeState);
    check(asked.includes('Merge pull request #') && asked.includes('CI: passing'), 'Merge says what it merges and asks first');
    check(originFile('search.txt') === 'a search box\n', "the merge lands on the origin's main");
    check(await eventually(async () => (await session(of['DESK-2'])).status === 'merged', 15000),
          'the session shows merged');

    // An approved, green pull request asks a person; the decisions page answers.
    check(await ci(of['DESK-3'], 'passing'), "DESK-3's pull request passes CI");
    check((await api('POST', `/api/v1/sessions/${of['DESK-3']}/review`, { verdict: 'approve' })).status === 201,
          'a reviewer approves DESK-3');
    await page.goto(base + '/#/decisions');
    const decision = page.locator(`#decision-list .decision:has(a.session-id:text-is("${of['DESK-3']}"))`);
    await decision.waitFor({ timeout: 30000 });
    check(Number(await page.locator('#decision-count').textContent()) >= 1, 'the bar counts the waiting decisions');
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-decisions.png', fullPage: true });
    page.once('dialog', (dialog) => dialog.accept());
    await decision.locator('button[data-option="approve"]').click();
    await page.locator('#decisions-view .decisions-state', { hasText: 'merged' }).waitFor({ timeout: 30000 });
    check(originFile('export.txt') === 'csv\n', 'approving the merge decision merges the pull request');
    check(await eventually(async () => (await page.locator(`#decision-list [data-decision]`).count()) === 0
                                       || !(await decision.count()), 10000), 'the answered decision leaves the page');

    // The audit log: filtered by session and kind, and live.
    await page.goto(base + '/#/events');
    // The filter applies once typing pauses: wait until every row is the session's.
    const onlySession = (id) => page.waitForFunction((wanted) => {
      const cells = [...document.querySelectorAll('#event-rows tr td:nth-child(4)')];
      return cells.length > 0 && cells.every((cell) => cell.textContent === wanted);
    }, id);
    await page.locator('#event-filters input[name=session]').fill(of['DESK-2']);
    await onlySession(of['DESK-2']);
    const merged = page.locator('#event-rows tr[data-type="merge.requested"]');
    await merged.first().waitFor({ timeout: 10000 });
    check((await merged.first().locator('.actor').textContent()) === 'dashboard', 'the audit log names the dashboard as who merged');
    const sessionsShown = await page.$$eval('#event-rows tr td:nth-child(4)', (cells) => [...new Set(cells.map((c) => c.textContent))]);
    check(sessionsShown.length === 1 && sessionsShown[0] === of['DESK-2'], 'the session filter shows that session only');
    await page.locator('#event-filters select[name=type]').selectOption('merge.*');
    await page.waitForFunction(() => [...document.querySelectorAll('#event-rows tr')].every((row) => row.dataset.type.startsWith('merge.'))
                                     && document.querySelectorAll('#event-rows tr').length > 0);
    check(true, 'the kind filter shows merge events only');
    await page.locator('#event-filters select[name=type]').selectOption('');
    await page.locator('#event-filters input[name=session]').fill(of['DESK-1']);
    await onlySession(of['DESK-1']);
    const sentRows = '#event-rows tr[data-type="session.message_sent"]';
    const before = await page.locator(sentRows).count();
    const sentAt = Date.now();
    await api('POST', `/api/v1/sessions/${of['DESK-1']}/send`, { text: 'A note for the audit log' });
    await page.waitForFunction(([selector, count]) => document.querySelectorAll(selector).length > count,
                               [sentRows, before], { timeout: 5000 });
    check(true, `a new event shows on the events page without a reload (${Date.now() - sentAt} ms)`);
    await page.screenshot({ path: env.ARTIFACTS + '/dashboard-events.png', fullPage: true });
  } finally {
    await browser.close();
  }
});
