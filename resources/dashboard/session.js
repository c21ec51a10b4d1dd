// One session's page: its facts, its pull request (checks with the failing log excerpt, review
// comments each with "ask agent to fix"), the agent's live output, a send box, kill, restore
// and merge. Built with DOM calls only: nothing an agent or a reviewer writes can run.
import { api } from './api.js';
import { element, externalLink, words } from './dom.js';

export class SessionView {
  constructor(root) {
    this.root = root;
    this.id = '';
    this.session = null;
    this.pr = null; // the pull request as the panel shows it: a merge goes ahead only at this head
    root.querySelector('#session-send').addEventListener('submit', (event) => {
      event.preventDefault();
      this.send(event.target.elements.text);
    });
    root.querySelector('#kill-session').addEventListener('click', () => this.act('kill'));
    root.querySelector('#restore-session').addEventListener('click', () => this.act('restore'));
    root.querySelector('#merge-session').addEventListener('click', () => this.merge());
  }

  async show(id) {
    this.id = id;
    this.session = null;
    this.pr = null;
    this.root.querySelector('#output').textContent = '';
    this.root.querySelector('.send-state').textContent = '';
    this.root.querySelector('.action-state').textContent = '';
    try {
      const { session } = await api.session(id);
      this.update(session);
    } catch (error) {
      this.root.querySelector('#session-title').textContent = id;
      this.root.querySelector('#session-facts').textContent = error.message;
    }
  }

  update(session) {
    if (session.id !== this.id) return;
    const prChanged = !this.session || this.session.id !== session.id
      || JSON.stringify(this.session.pr) !== JSON.stringify(session.pr);
    this.session = session;
    this.root.querySelector('#session-title').textContent =
      [session.id, session.issue, session.displayName].filter(Boolean).join(' · ');
    this.root.querySelector('#session-facts').textContent =
      `${words(session.status)} · ${session.agent} · branch ${session.branch}`;
    this.root.querySelector('#kill-session').hidden = session.terminal;
    this.root.querySelector('#restore-session').hidden = !session.terminal;
    this.root.querySelector('#session-send').hidden = session.terminal;
    this.root.querySelector('#merge-session').hidden = session.terminal || !session.pr || session.pr.state !== 'open';
    if (prChanged) this.loadPullRequest();
  }

  showOutput(sessionId, output) {
    if (sessionId !== this.id) return;
    const view = this.root.querySelector('#output');
    const following = view.scrollTop + view.clientHeight >= view.scrollHeight - 4;
    view.textContent = output;
    if (following) view.scrollTop = view.scrollHeight;
  }

  async loadPullRequest() {
    const body = this.root.querySelector('.pr-body');
    const id = this.id;
    let answer;
    try {
      answer = await api.pullRequest(id);
    } catch (error) {
      body.replaceChildren(element('p', 'problem', error.message));
      return;
    }
    if (id !== this.id) return;
    const pr = answer.pullRequest;
    this.pr = pr && pr.number ? pr : null;
    if (!pr || !pr.number) {
      body.replaceChildren(element('p', 'muted', 'No pull request read yet.'));
      return;
    }
    const head = element('p');
    head.append(externalLink(`#${pr.number} ${pr.title || ''}`, pr.url), ' ', element('span', 'badge', 'CI ' + words(pr.ci)), ' ',
                element('span', 'badge', 'review ' + words(pr.review)));
    const checks = element('ul', 'checks');
    for (const check of pr.checks) {
      const item = element('li', 'check', `${check.name}: ${check.conclusion || check.status}`);
      item.dataset.status = check.status;
      if (check.logExcerpt) item.append(element('pre', 'excerpt', check.logExcerpt));
      checks.append(item);
    }
    const comments = element('ul', 'comments');
    for (const comment of pr.comments) {
      const item = element('li', 'comment');
      const where = comment.path ? `${comment.path}${comment.line ? ':' + comment.line : ''}` : 'the pull request';
      item.append(element('p', 'muted', `${comment.author} on ${where}`), element('p', '', comment.body));
      const ask = element('button', 'ask-fix', 'Ask agent to fix');
      ask.type = 'button';
      ask.addEventListener('click', async () => {
        ask.disabled = true;
        try {
          await api.send(id, `Please address this review comment by ${comment.author} on ${where}:\n${comment.body}`);
          ask.textContent = 'Sent to the agent';
        } catch (error) {
          ask.disabled = false;
          ask.textContent = 'Not sent: ' + error.message;
        }
      });
      item.append(ask);
      comments.append(item);
    }
    body.replaceChildren(head, element('h4', '', 'Checks'), checks,
                         element('h4', '', `Unresolved comments (${pr.comments.length})`), comments);
  }

  async send(field) {
    const state = this.root.querySelector('.send-state');
    if (!field.value.trim()) return;
    state.textContent = 'Sending…';
    try {
      await api.send(this.id, field.value);
      field.value = '';
      state.textContent = 'Sent';
    } catch (error) {
      state.textContent = 'Not sent: ' + error.message; // the text stays in the box
    }
  }

  // Merges at the head the panel shows; if the agent pushed since, the merge is refused and the
  // panel is read again so the person sees what changed.
  async merge() {
    const session = this.session;
    if (!session) return;
    const pr = this.pr || session.pr;
    const head = pr.headSha || (session.pr && session.pr.headSha) || '';
    const question = `Merge pull request #${pr.number} of ${this.id}?\n`
      + `CI: ${words(pr.ci) || 'unknown'} · review: ${words(pr.review) || 'unknown'}`
      + (head ? ` · head ${head.slice(0, 7)}` : '');
    if (!window.confirm(question)) return;
    const state = this.root.querySelector('.action-state');
    state.textContent = 'Merging…';
    try {
      const merged = await api.merge(this.id, head);
      state.textContent = `Merged pull request #${merged.pr} (${merged.method})`;
    } catch (error) {
      state.textContent = 'Not merged: ' + error.message;
      if (error.code === 'merge.head_moved') this.loadPullRequest();
    }
  }

  async act(action) {
    const question = action === 'kill' ? `Kill ${this.id}? Its agent stops; you can restore the session later.`
                                       : `Restore ${this.id}? Its agent starts again in its workspace.`;
    if (!window.confirm(question)) return;
    const state = this.root.querySelector('.action-state');
    try {
      await (action === 'kill' ? api.kill(this.id) : api.restore(this.id));
      state.textContent = action === 'kill' ? 'Killed' : 'Restored';
    } catch (error) {
      state.textContent = `Not ${action === 'kill' ? 'killed' : 'restored'}: ` + error.message;
    }
  }
}
