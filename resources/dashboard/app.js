// The dashboard page: the board filled once from the API, then kept current by the live feed.
import { api } from './api.js';
import { Board, OrchestratorStrip } from './board.js';
import { DecisionsView } from './decisions.js';
import { EventsView } from './events.js';
import { LiveFeed } from './live.js';
import { SessionView } from './session.js';
import { SpawnView } from './spawn.js';

const connection = document.getElementById('connection');
const problem = document.getElementById('problem');
const projectFilter = document.getElementById('project-filter');

function showProblem(text) {
  problem.textContent = text;
  problem.hidden = !text;
}

function showConnection(state, retryInSeconds) {
  connection.dataset.state = state;
  connection.textContent = state === 'live' ? 'Live'
    : state === 'connecting' ? 'Connecting…'
    : `Offline, retrying in ${retryInSeconds} s`;
}

async function reply(sessionId, text, card) {
  const state = card.querySelector('.reply-state');
  if (!text.trim()) return;
  state.textContent = 'Sending…';
  try {
    await api.send(sessionId, text);
    card.querySelector('textarea').value = '';
    state.textContent = 'Sent';
  } catch (error) {
    state.textContent = 'Not sent: ' + error.message; // the text stays in the box
  }
}

async function kill(sessionId, card) {
  const state = card.querySelector('.reply-state');
  if (!window.confirm(`Kill ${sessionId}? Its agent stops; you can restore the session later.`)) return;
  state.textContent = 'Killing…';
  try {
    await api.kill(sessionId);
    state.textContent = 'Killed';
  } catch (error) {
    state.textContent = 'Not killed: ' + error.message;
  }
}

const orchestrators = new OrchestratorStrip(document.getElementById('orchestrators'),
                                           document.getElementById('orchestrator-template'));
const board = new Board(document.getElementById('board'), document.getElementById('finished'),
                        document.getElementById('card-template'),
                        { onReply: reply, onKill: kill, pinned: orchestrators });

// Each configured project's orchestrator (or none); an older Flotilla without them shows none.
const readOrchestrators = () => api.orchestrators().catch(() => ({ orchestrators: [] }));

const decisions = new DecisionsView(document.getElementById('decisions-view'),
                                   document.getElementById('decision-count'));
const events = new EventsView(document.getElementById('events-view'));
const spawn = new SpawnView(document.getElementById('spawn-view'));

async function load() {
  try {
    const [{ sessions }, { projects }, { orchestrators: pinned }] =
      await Promise.all([api.sessions(), api.projects(), readOrchestrators(), decisions.reload()]);
    const known = new Set([...projectFilter.options].map((option) => option.value));
    for (const project of projects) {
      if (known.has(project.id)) continue;
      projectFilter.append(new Option(project.name || project.id, project.id));
    }
    orchestrators.setNames(projects);
    orchestrators.replaceAll(pinned);
    board.replaceAll(sessions);
    spawn.setProjects(projects, projectFilter.value);
    showProblem('');
  } catch (error) {
    showProblem(error.status === 401 ? 'Signed out: open the dashboard again from the app.' : error.message);
  }
}

projectFilter.addEventListener('change', () => {
  board.setProject(projectFilter.value);
  decisions.setProject(projectFilter.value);
  events.setProject(projectFilter.value);
});

// Messages that arrive while the fleet is being read are applied after it, so a change that
// happened during the read is not overwritten by the older snapshot.
let reading = null;
const queued = [];

const sessionView = new SessionView(document.getElementById('session-view'));

function apply(message) {
  if (message.type === 'session' && message.session) {
    board.upsert(message.session);
    sessionView.update(message.session);
  } else if (message.type === 'output') {
    sessionView.showOutput(message.session, message.output);
  } else if (message.type === 'event' && message.event) {
    events.add(message.event);
    orchestrators.addEvent(message.event);
    if (message.event.type.startsWith('decision.')) decisions.reload();
  }
}

function refresh() {
  reading = load().then(() => {
    reading = null;
    queued.splice(0).forEach(apply);
    document.documentElement.dataset.ready = 'true';
  });
}

const feed = new LiveFeed({
  onMessage: (message) => (reading ? queued.push(message) : apply(message)),
  onState: showConnection,
  onOpen: refresh, // what changed while the feed was down
});

// #/ is the board, #/session/ID one session's page, #/decisions, #/events and #/spawn the others.
const PAGES = {
  board: ['orchestrators', 'board', 'finished'],
  session: ['session-view'],
  decisions: ['decisions-view'],
  events: ['events-view'],
  spawn: ['spawn-view'],
};

function route() {
  const match = /^#\/session\/(.+)$/.exec(location.hash);
  const id = match ? decodeURIComponent(match[1]) : '';
  const named = /^#\/(decisions|events|spawn)$/.exec(location.hash);
  const page = id ? 'session' : named ? named[1] : 'board';
  for (const [name, sections] of Object.entries(PAGES))
    for (const section of sections) document.getElementById(section).hidden = name !== page;
  for (const link of document.querySelectorAll('.nav a'))
    link.toggleAttribute('aria-current', link.dataset.page === page);
  document.querySelector('.nav a[aria-current]')?.setAttribute('aria-current', 'page');
  feed.watch(id);
  if (id) sessionView.show(id);
  if (page === 'events' && !events.loaded) events.reload();
  document.documentElement.dataset.page = page;
}

window.addEventListener('hashchange', route);
refresh(); // the board shows even while the feed cannot connect
feed.start();
route();
