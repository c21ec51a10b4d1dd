// The spawn page: pick a project and its agent, search the project's tracker, tick issues (an
// issue an agent already works on says which session), add instructions, start. Each issue
// gets its own session; each result links to the new session or says why it failed.
import { api } from './api.js';
import { element, externalLink, sessionLink } from './dom.js';

const AT_ONCE = 4; // spawns in flight at a time

export class SpawnView {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector('#spawn-form');
    this.list = root.querySelector('#issue-list');
    this.results = root.querySelector('#spawn-results');
    this.projects = [];
    this.searching = 0;
    const fields = this.form.elements;
    fields.project.addEventListener('change', () => this.pickProject());
    let typing = null;
    fields.q.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.search(), 250);
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.start();
    });
  }

  setProjects(projects, preferred) {
    this.projects = projects;
    const select = this.form.elements.project;
    const current = select.value || preferred;
    select.replaceChildren(...projects.map((project) => new Option(project.name || project.id, project.id)));
    if (projects.some((project) => project.id === current)) select.value = current;
    this.pickProject();
  }

  project() {
    return this.projects.find((project) => project.id === this.form.elements.project.value);
  }

  pickProject() {
    const project = this.project();
    const agent = this.form.elements.agent;
    agent.replaceChildren(...(project ? project.agents : []).map((name) => new Option(name, name)));
    if (project && project.defaultAgent) agent.value = project.defaultAgent;
    this.search();
  }

  async search() {
    const project = this.project();
    const state = this.root.querySelector('.issues-state');
    this.list.replaceChildren();
    if (!project) return;
    if (!project.tracker) {
      state.textContent = 'This project has no issue tracker: describe the task below.';
      return;
    }
    const ticket = ++this.searching;
    state.textContent = 'Reading issues…';
    try {
      const { issues } = await api.issues(project.id, this.form.elements.q.value.trim());
      if (ticket !== this.searching) return; // a newer search is under way
      this.list.replaceChildren(...issues.map((issue) => this.issueItem(issue)));
      state.textContent = issues.length ? '' : 'No open issues match.';
    } catch (error) {
      if (ticket === this.searching) state.textContent = error.message;
    }
  }

  issueItem(issue) {
    const item = element('li', 'issue');
    item.dataset.issue = issue.id;
    const label = element('label');
    const box = element('input');
    box.type = 'checkbox';
    box.name = 'issue';
    box.value = issue.id;
    label.append(box, ' ', externalLink(issue.id, issue.url), ' ' + issue.title);
    item.append(label);
    if (issue.session) {
      box.disabled = true;
      item.append(' · worked on by ', sessionLink(issue.session));
    }
    return item;
  }

  async start() {
    const project = this.project();
    if (!project) return;
    const fields = this.form.elements;
    const issues = [...this.list.querySelectorAll('input[name=issue]:checked')].map((box) => box.value);
    const prompt = fields.prompt.value.trim();
    if (!issues.length && !prompt) {
      this.results.replaceChildren(element('li', 'problem', 'Pick an issue or describe the task.'));
      return;
    }
    const requests = (issues.length ? issues : ['']).map((issue) => ({
      project: project.id, issue: issue || undefined, prompt: prompt || undefined, agent: fields.agent.value || undefined,
    }));
    const button = this.form.querySelector('button[type=submit]');
    button.disabled = true;
    this.results.replaceChildren();
    const queue = requests.map((request) => {
      const item = element('li', 'spawn-result', `${request.issue || 'Task'}: starting…`);
      this.results.append(item);
      return { request, item };
    });
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { request, item } = next;
        try {
          const { session } = await api.spawn(request);
          item.dataset.outcome = 'started';
          item.replaceChildren(`${request.issue || 'Task'}: started `, sessionLink(session.id));
        } catch (error) {
          item.dataset.outcome = 'failed';
          item.textContent = `${request.issue || 'Task'}: not started: ${error.message}`;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, queue.length) }, worker));
    button.disabled = false;
    if (this.results.querySelector('[data-outcome="started"]')) fields.prompt.value = '';
    this.search(); // the started issues now say which session works on them
  }
}
