// The decisions page: every question waiting for a person, each answered with one of its
// options (after confirming: an approval may merge) or with free-form instructions that reach
// the agent as typed. Re-read when the live feed reports a decision event, never on a timer.
import { api } from './api.js';
import { element, externalLink, localTime, sessionLink, words } from './dom.js';

export class DecisionsView {
  constructor(root, counter) {
    this.root = root;
    this.counter = counter;
    this.list = root.querySelector('#decision-list');
    this.reading = null;
    this.again = false;
    this.project = '';
    this.decisions = [];
  }

  setProject(project) {
    this.project = project;
    this.render();
  }

  // Reads the pending decisions; a call while one read runs asks for one more after it.
  async reload() {
    if (this.reading) {
      this.again = true;
      return this.reading;
    }
    this.reading = (async () => {
      do {
        this.again = false;
        try {
          const { decisions } = await api.decisions();
          this.decisions = decisions;
          this.root.querySelector('.decisions-problem').textContent = '';
        } catch (error) {
          this.root.querySelector('.decisions-problem').textContent = error.message;
        }
      } while (this.again);
      this.reading = null;
      this.render();
    })();
    return this.reading;
  }

  render() {
    this.counter.textContent = String(this.decisions.length);
    this.counter.hidden = this.decisions.length === 0;
    const shown = this.decisions.filter((decision) => !this.project || decision.project === this.project);
    this.root.querySelector('.empty').hidden = shown.length > 0;
    const keep = new Map([...this.list.children].map((item) => [item.dataset.decision, item]));
    const items = shown.map((decision) => keep.get(decision.id) || this.item(decision));
    this.list.replaceChildren(...items);
  }

  item(decision) {
    const item = element('li', 'decision');
    item.dataset.decision = decision.id;
    item.dataset.kind = decision.kind;
    const head = element('div', 'card-head');
    const priority = element('span', 'badge', words(decision.priority));
    priority.dataset.tone = decision.priority === 'urgent' ? 'bad' : decision.priority === 'action' ? 'busy' : 'none';
    head.append(sessionLink(decision.session), priority);
    const context = decision.context || {};
    const facts = element('p', 'muted');
    facts.append(`${words(decision.kind)} · asked ${localTime(decision.createdAt)}`);
    if (context.prNumber) facts.append(' · ', externalLink(`PR #${context.prNumber}`, context.prUrl));
    if (context.title) facts.append(' · ' + context.title);
    const form = element('form', 'answer');
    const options = element('div', 'options');
    for (const option of decision.options || []) {
      const button = element('button', 'option', option);
      button.type = 'button';
      button.dataset.option = option;
      button.addEventListener('click', () => {
        const what = decision.kind === 'merge' && option === 'approve' ? 'This merges the pull request. ' : '';
        if (window.confirm(`${what}Answer "${option}" to ${decision.session}?`)) this.answer(decision, option, item);
      });
      options.append(button);
    }
    const text = element('textarea');
    text.name = 'text';
    text.rows = 2;
    text.placeholder = 'Or instructions for the agent';
    text.setAttribute('aria-label', 'Instructions for the agent');
    const send = element('button', '', 'Send answer');
    send.type = 'submit';
    form.append(options, text, send, element('span', 'answer-state'));
    form.querySelector('.answer-state').setAttribute('role', 'status');
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (text.value.trim()) this.answer(decision, text.value, item);
    });
    item.append(head, element('p', 'question', decision.question), facts, form);
    return item;
  }

  async answer(decision, text, item) {
    const state = item.querySelector('.answer-state');
    const buttons = item.querySelectorAll('button');
    buttons.forEach((button) => (button.disabled = true));
    state.textContent = 'Answering…';
    try {
      const result = await api.answer(decision.id, text);
      this.root.querySelector('.decisions-state').textContent =
        `Answered ${decision.session} with "${text.trim().slice(0, 80)}": ${result.outcome}`;
      this.reload();
    } catch (error) {
      buttons.forEach((button) => (button.disabled = false));
      state.textContent = 'Not answered: ' + error.message; // the text stays in the box
    }
  }
}
