// The events page: the audit log, newest first, filtered by project (the bar's filter),
// session, kind and priority. New events arrive over the live feed and are added when they
// match; older ones are read a page at a time.
import { api } from './api.js';
import { element, localTime, sessionLink, words } from './dom.js';

const PAGE = 100;
const RANK = { urgent: 0, action: 1, warning: 2, info: 3 };

export class EventsView {
  constructor(root) {
    this.root = root;
    this.rows = root.querySelector('#event-rows');
    this.form = root.querySelector('#event-filters');
    this.older = root.querySelector('#older-events');
    this.project = '';
    this.loaded = false;
    this.oldest = 0;
    this.seen = new Set();
    let typing = null;
    this.form.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.reload(), 250);
    });
    this.form.addEventListener('submit', (event) => event.preventDefault());
    this.older.addEventListener('click', () => this.readOlder());
  }

  setProject(project) {
    this.project = project;
    if (this.loaded) this.reload();
  }

  filter() {
    const fields = this.form.elements;
    const filter = { limit: String(PAGE) };
    if (this.project) filter.project = this.project;
    if (fields.session.value.trim()) filter.session = fields.session.value.trim();
    if (fields.type.value) filter.type = fields.type.value;
    if (fields.priority.value) filter.priority = fields.priority.value;
    return filter;
  }

  matches(event) {
    const filter = this.filter();
    if (filter.project && event.project !== filter.project) return false;
    if (filter.session && event.session !== filter.session) return false;
    if (filter.priority && RANK[event.priority] > RANK[filter.priority]) return false;
    if (filter.type) {
      const prefix = filter.type.endsWith('.*') ? filter.type.slice(0, -1) : null;
      if (prefix ? !event.type.startsWith(prefix) : event.type !== filter.type) return false;
    }
    return true;
  }

  async reload() {
    this.loaded = true;
    this.rows.replaceChildren();
    this.seen.clear();
    this.oldest = 0;
    await this.readOlder();
  }

  async readOlder() {
    const filter = this.filter();
    if (this.oldest) filter.before = String(this.oldest);
    const state = this.root.querySelector('.events-state');
    state.textContent = 'Reading…';
    try {
      const { events } = await api.events(filter);
      for (const event of events) this.rows.append(this.row(event));
      if (events.length) this.oldest = events[events.length - 1].seq;
      this.older.hidden = events.length < PAGE;
      state.textContent = this.rows.children.length ? '' : 'No events match.';
    } catch (error) {
      state.textContent = error.message;
    }
  }

  // An event from the live feed: shown at the top when it matches and the page has been read.
  add(event) {
    if (!this.loaded || this.seen.has(event.seq) || !this.matches(event)) return;
    this.rows.prepend(this.row(event));
    this.root.querySelector('.events-state').textContent = '';
  }

  row(event) {
    this.seen.add(event.seq);
    const row = element('tr');
    row.dataset.type = event.type;
    row.dataset.priority = event.priority;
    const session = element('td');
    if (event.session) session.append(sessionLink(event.session));
    row.append(element('td', 'when', localTime(event.at)), element('td', 'priority', words(event.priority)),
               element('td', 'type', event.type), session, element('td', 'actor', event.actor || ''),
               element('td', 'message', event.message));
    return row;
  }
}
