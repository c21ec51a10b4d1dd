// What the browser scripts share: the instance's address from the environment, checks that
// print "ok - …", requests outside the browser, waiting for a condition, and a signed-in page.
'use strict';
const http = require('http');
const { chromium } = require('playwright-core');

const env = process.env;
const base = env.FLOTILLA_BASE;
const port = Number(new URL(base).port);

function check(condition, what) {
  if (!condition) throw new Error(what);
  console.log('ok - ' + what);
}

// A request outside the browser, with whatever headers a hostile page or program would send.
function raw(path, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path, method,
                                   headers: { Host: '127.0.0.1:' + port, ...headers } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: text }));
    });
    request.on('error', reject);
    if (body) request.write(body);
    request.end();
  });
}

// The API as `flo` uses it: with the token, outside the browser.
async function api(method, path, body) {
  const answer = await raw(path, { method, body: body === undefined ? undefined : JSON.stringify(body),
                                   headers: { Authorization: 'Bearer ' + env.FLOTILLA_TOKEN,
                                              'Content-Type': 'application/json' } });
  let json = null;
  try {
    json = JSON.parse(answer.body);
  } catch {
    json = null;
  }
  return { status: answer.status, json };
}

async function eventually(condition, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

const launch = () => chromium.launch({ executablePath: env.CHROMIUM || '/usr/bin/chromium',
                                       args: ['--no-sandbox'], headless: true });

// Runs `body` and exits 1 with "not ok - …" at the first failure.
function main(body) {
  body().catch((error) => {
    console.log('not ok - ' + error.message);
    process.exit(1);
  });
}

module.exports = { env, base, port, check, raw, api, eventually, launch, main };
