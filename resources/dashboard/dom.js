// Small DOM helpers shared by the pages. Text always goes in through textContent, never as
// HTML, so nothing an agent, an issue or a reviewer writes can run.
export const element = (tag, className, text) => {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
};

export const words = (name) => (name || '').replaceAll('_', ' ');

// A link to a page outside Flotilla (a pull request, an issue), only for http(s) addresses.
export function externalLink(text, url) {
  const link = element('a', '', text);
  if (/^https?:\/\//.test(url || '')) {
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
  }
  return link;
}

export const sessionLink = (id) => {
  const link = element('a', 'session-id', id);
  link.href = '#/session/' + encodeURIComponent(id);
  return link;
};

export function localTime(iso) {
  if (!iso) return '';
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : when.toLocaleString();
}
