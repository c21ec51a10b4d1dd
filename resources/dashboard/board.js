// The fleet board: one card per session in the column of what it waits for, each project's
// orchestrator pinned above them. Cards are built with DOM calls only (never HTML strings), so
// nothing an agent or an issue writes can run.
import { api } from './api.js';
import { element } from './dom.js';

const REVIEW_STATES = new Set(['pr_open', 'review_pending', 'ci_failed', 'changes_requested']);
const READY_STATES = new Set(['approved', 'mergeable']);

export function columnOf(session) {
  if (session.terminal) return 'finished';
  if (session.needsAttention) return 'needs-you';
  if (READY_STATES.has(session.status)) return 'ready';
  if (REVIEW_STATES.has(session.status)) return 'in-review';
  return 'working';
}

const words = (name) => (name || '').replaceAll('_', ' ');

function badgeTone(kind, value) {
  if (kind === 'ci') return { failing: 'bad', passing: 'good', pending: 'busy' }[value] || 'none';
  if (kind === 'review') return { approved: 'good', changes_requested: 'bad', pending: 'busy' }[value] || 'none';
  return 'none';
}

export class Board {
  constructor(root, finished, template, { onReply, onKill, pinned }) {
    this.pinned = pinned; // the OrchestratorStrip that shows running orchestrators instead
    this.root = root;
    this.finished = finished;
    this.template = template;
    this.onReply = onReply;
    this.onKill = onKill;
    this.sessions = new Map();
    this.cards = new Map();
    this.project = '';
  }

  setProject(project) {
    this.project = project;
    this.pinned?.setProject(project);
    for (const [id, card] of this.cards) card.hidden = !this.shows(this.sessions.get(id));
    this.recount();
  }

  shows(session) {
    return !this.project || session.project === this.project;
  }

  replaceAll(sessions) {
    const seen = new Set();
    for (const session of sessions) {
      seen.add(session.id);
      this.upsert(session, false);
    }
    for (const id of [...this.sessions.keys()]) {
      if (!seen.has(id)) {
        this.cards.get(id)?.remove();
        this.cards.delete(id);
        this.sessions.delete(id);
      }
    }
    this.recount();
  }

  upsert(session, recount = true) {
    this.sessions.set(session.id, session);
    this.pinned?.upsert(session);
    if (this.pinned && isPinned(session)) {
      this.cards.get(session.id)?.remove(); // it was in a column before it came back to life
      this.cards.delete(session.id);
      if (recount) this.recount();
      return;
    }
    let card = this.cards.get(session.id);
    if (!card) {
      card = this.template.content.firstElementChild.cloneNode(true);
      card.dataset.session = session.id;
      card.querySelector('.reply').addEventListener('submit', (event) => {
        event.preventDefault();
        const field = card.querySelector('textarea');
        this.onReply(card.dataset.session, field.value, card);
      });
      card.querySelector('.kill').addEventListener('click', () => this.onKill(card.dataset.session, card));
      this.cards.set(session.id, card);
    }
    this.fill(card, session);
    const column = columnOf(session);
    const list = column === 'finished'
      ? this.finished.querySelector('.cards')
      : this.root.querySelector(`[data-column="${column}"] .cards`);
    if (card.parentElement !== list) list.prepend(card);
    card.hidden = !this.shows(session);
    if (recount) this.recount();
  }

  fill(card, session) {
    card.dataset.status = session.status;
    const link = card.querySelector('.session-id');
    link.textContent = session.id;
    link.href = '#/session/' + encodeURIComponent(session.id);
    const status = card.querySelector('.status');
    status.textContent = words(session.status);
    status.dataset.tone = session.needsAttention ? 'bad' : 'none';
    const title = [session.issue, session.displayName].filter(Boolean).join('  ');
    card.querySelector('.title').textContent = title || session.summary || session.branch;
    const pr = card.querySelector('.pr');
    const hasPr = session.pr && session.pr.number > 0;
    pr.textContent = hasPr ? '#' + session.pr.number : 'no PR';
    if (hasPr && /^https?:\/\//.test(session.pr.url)) pr.href = session.pr.url;
    else pr.removeAttribute('href');
    for (const kind of ['ci', 'review']) {
      const badge = card.querySelector('.' + kind);
      const value = hasPr ? session.pr[kind] : 'none';
      badge.textContent = kind.toUpperCase() + ' ' + (value === 'none' ? '–' : words(value));
      badge.dataset.tone = badgeTone(kind, value);
    }
    card.querySelector('.reply').hidden = session.terminal;
  }

  recount() {
    for (const section of this.root.querySelectorAll('.column')) {
      const shown = [...section.querySelectorAll('.card')].filter((card) => !card.hidden).length;
      section.querySelector('.count').textContent = String(shown);
    }
    const ended = [...this.finished.querySelectorAll('.card')].filter((card) => !card.hidden).length;
    this.finished.querySelector('.count').textContent = String(ended);
  }
}

// A project's running orchestrator is pinned above the columns, not in them: it is where a
// person talks to the project, whatever its status.
export const isPinned = (session) => session.kind === 'orchestrator' && !session.terminal;

const MAX_CHAT_LINES = 20;
const MESSAGE_EVENTS = ['session.message_sent', 'session.message_failed'];
const SENDERS = { dashboard: 'You', desktop: 'You (app)', cli: 'You (flo)', api: 'You (API)' };

// A logged message as a conversation line. The log keeps an orchestrator's messages whole up
// to a limit; a longer one says it goes on.
function lineOf(event) {
  const data = event.data || {};
  let text = data.preview || '';
  if ((data.length || 0) > text.length) text += '…';
  const failed = event.type === 'session.message_failed';
  return { who: SENDERS[event.actor] || event.actor, at: new Date(event.at), text, eventId: event.id,
           state: failed ? 'failed' : 'delivered',
           outcome: failed ? 'not delivered: ' + (data.error || event.message) : 'delivered' };
}

function clock(date) {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

// One card per configured project, pinned on top of the board in the configuration's order:
// its orchestrator with a chat box (several lines; Ctrl+Enter sends; what was said from this
// page and whether it arrived), or a button that starts one. DOM calls only, like the board.
export class OrchestratorStrip {
  constructor(root, template) {
    this.root = root;
    this.template = template;
    this.cards = new Map(); // project → card
    this.order = [];
    this.names = new Map();
    this.project = '';
  }

  setNames(projects) {
    for (const project of projects) this.names.set(project.id, project.name || project.id);
    for (const [id, card] of this.cards) card.querySelector('.project-name').textContent = this.names.get(id) || id;
  }

  // GET /api/v1/orchestrators: each configured project with its running orchestrator or none.
  replaceAll(orchestrators) {
    this.order = orchestrators.map((entry) => entry.project);
    for (const entry of orchestrators) this.show(entry.project, entry.session);
    for (const [project, card] of this.cards) {
      if (!this.order.includes(project) && !card.dataset.session) {
        card.remove();
        this.cards.delete(project);
      }
    }
    this.arrange();
  }

  // A session changed (live feed or a fresh read); only orchestrators concern the strip.
  upsert(session) {
    if (session.kind !== 'orchestrator') return;
    const card = this.cards.get(session.project);
    if (!session.terminal) this.show(session.project, session);
    else if (card && card.dataset.session === session.id) this.show(session.project, null); // ended: start another
    this.arrange();
  }

  setProject(project) {
    this.project = project;
    for (const [id, card] of this.cards) card.hidden = !!project && id !== project;
  }

  arrange() {
    const known = this.order.filter((project) => this.cards.has(project));
    const others = [...this.cards.keys()].filter((project) => !this.order.includes(project)).sort();
    for (const project of [...known, ...others]) this.root.append(this.cards.get(project));
  }

  show(project, session) {
    let card = this.cards.get(project);
    if (!card) {
      card = this.template.content.firstElementChild.cloneNode(true);
      card.dataset.project = project;
      card.querySelector('.project-name').textContent = this.names.get(project) || project;
      card.querySelector('.start-orchestrator').addEventListener('click', () => this.start(project, card));
      const form = card.querySelector('.chat');
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        this.send(card, form.elements.text);
      });
      form.elements.text.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          form.requestSubmit();
        }
      });
      this.cards.set(project, card);
    }
    const status = card.querySelector('.status');
    if (session) {
      if (card.dataset.session !== session.id) {
        card.querySelector('.chat-log').replaceChildren();
        this.loadHistory(card, session.id);
      }
      card.dataset.session = session.id;
      card.dataset.status = session.status;
      const link = card.querySelector('.session-id');
      link.textContent = session.id;
      link.href = '#/session/' + encodeURIComponent(session.id);
      card.querySelector('.conversation').href = link.href;
      status.textContent = words(session.status);
      status.dataset.tone = session.needsAttention ? 'bad' : 'none';
    } else {
      delete card.dataset.session;
      delete card.dataset.status;
      status.textContent = 'none';
      status.dataset.tone = 'none';
    }
    card.querySelector('.orchestrator-chat').hidden = !session;
    card.querySelector('.orchestrator-none').hidden = !!session;
    card.querySelector('.start-orchestrator').hidden = !!session;
    card.hidden = !!this.project && project !== this.project;
  }

  async start(project, card) {
    const button = card.querySelector('.start-orchestrator');
    const state = card.querySelector('.chat-state');
    button.disabled = true;
    state.textContent = 'Starting the orchestrator…';
    state.dataset.tone = 'none';
    try {
      const { session, outcome } = await api.startOrchestrator(project);
      this.show(project, session);
      state.textContent = `Orchestrator ${words(outcome)}: ${session.id}`;
    } catch (error) {
      state.textContent = 'Not started: ' + error.message;
      state.dataset.tone = 'bad';
    } finally {
      button.disabled = false;
    }
  }

  // One line of the conversation, appended (or, for history, put before what is there).
  say(card, { who, at, text, state, outcome, eventId }, first = false) {
    const log = card.querySelector('.chat-log');
    if (eventId && log.querySelector(`[data-event="${CSS.escape(eventId)}"]`)) return null;
    const line = element('li', 'chat-message');
    line.dataset.state = state;
    if (eventId) line.dataset.event = eventId;
    line.append(element('span', 'chat-who', who + ' · ' + clock(at)), element('p', 'chat-text', text),
                element('span', 'chat-outcome', outcome));
    if (first) log.prepend(line);
    else log.append(line);
    while (log.children.length > MAX_CHAT_LINES) log.firstElementChild.remove();
    return line;
  }

  // What was said to the orchestrator before this page opened, from the audit log.
  async loadHistory(card, id) {
    let events = [];
    try {
      ({ events } = await api.events({ session: id, type: MESSAGE_EVENTS.join(','), limit: String(MAX_CHAT_LINES) }));
    } catch {
      return; // the conversation starts empty; sending still works
    }
    if (card.dataset.session !== id) return;
    for (const event of events) this.say(card, lineOf(event), true); // newest first: each goes on top
  }

  // A message event from the live feed: said from another window, the app or flo.
  addEvent(event) {
    if (!MESSAGE_EVENTS.includes(event.type)) return;
    const card = [...this.cards.values()].find((candidate) => candidate.dataset.session === event.session);
    if (!card) return;
    const line = lineOf(event);
    // This page's own message shows already; it only learns its place in the log.
    const own = [...card.querySelectorAll('.chat-message:not([data-event])')]
      .find((candidate) => candidate.querySelector('.chat-text').textContent.startsWith(line.text.replace(/…$/, '')));
    if (own && event.actor === 'dashboard') own.dataset.event = event.id;
    else this.say(card, line);
  }

  async send(card, field) {
    const text = field.value;
    const id = card.dataset.session;
    if (!text.trim() || !id || card.dataset.sending) return;
    const line = this.say(card, { who: 'You', at: new Date(), text, state: 'sending', outcome: 'sending…' });
    const outcome = line.querySelector('.chat-outcome');
    const state = card.querySelector('.chat-state');
    state.textContent = 'Sending…';
    state.dataset.tone = 'none';
    card.dataset.sending = 'true';
    try {
      await api.send(id, text);
      line.dataset.state = 'delivered';
      outcome.textContent = 'delivered';
      if (field.value === text) field.value = '';
      state.textContent = 'Sent';
    } catch (error) {
      line.dataset.state = 'failed';
      outcome.textContent = 'not delivered: ' + error.message;
      state.textContent = 'Not sent: ' + error.message; // the text stays in the box
      state.dataset.tone = 'bad';
    } finally {
      delete card.dataset.sending;
    }
  }
}
