// Calls to the local API with the browser's login cookie. Errors come back as Error objects
// carrying the API's own code and message.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function call(method, path, body) {
  const init = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (networkError) {
    throw new ApiError(0, 'network', 'Flotilla does not answer: ' + networkError.message);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    // Errors carry {"error": {code, message}}; a refused answer says what happened instead.
    const error = (json && json.error) || {};
    throw new ApiError(response.status, error.code || 'http_' + response.status,
                       error.message || (json && json.outcome) || response.statusText);
  }
  return json;
}

export const api = {
  sessions: (all = true) => call('GET', '/api/v1/sessions' + (all ? '?all=1' : '')),
  projects: () => call('GET', '/api/v1/projects'),
  session: (id) => call('GET', '/api/v1/sessions/' + encodeURIComponent(id)),
  pullRequest: (id) => call('GET', '/api/v1/sessions/' + encodeURIComponent(id) + '/pull-request'),
  restore: (id) => call('POST', '/api/v1/sessions/' + encodeURIComponent(id) + '/restore', {}),
  kill: (id) => call('POST', '/api/v1/sessions/' + encodeURIComponent(id) + '/kill', { why: 'killed from the dashboard' }),
  merge: (id, headSha) => call('POST', '/api/v1/sessions/' + encodeURIComponent(id) + '/merge', { headSha }),
  decisions: () => call('GET', '/api/v1/decisions'),
  answer: (id, answer) => call('POST', '/api/v1/decisions/' + encodeURIComponent(id) + '/answer',
                               { answer, channel: 'dashboard' }),
  events: (filter) => call('GET', '/api/v1/events?' + new URLSearchParams(filter)),
  issues: (project, q) => call('GET', '/api/v1/projects/' + encodeURIComponent(project) + '/issues?'
                                      + new URLSearchParams({ q, limit: '100' })),
  spawn: (request) => call('POST', '/api/v1/sessions', request),
  send: (id, text) => call('POST', '/api/v1/sessions/' + encodeURIComponent(id) + '/send', { text, actor: 'dashboard' }),
  orchestrators: () => call('GET', '/api/v1/orchestrators'),
  startOrchestrator: (project) => call('POST', '/api/v1/projects/' + encodeURIComponent(project) + '/orchestrator',
                                       { replace: false }),
};
