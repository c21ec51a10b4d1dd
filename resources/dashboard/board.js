// The fleet board: one card per session in the column of what it waits for. Cards are built
// with DOM calls only (never HTML strings), so nothing an agent or an issue writes can run.
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
  constructor(root, finished, template, { onReply, onKill }) {
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
