// End-to-end harness: seeds a fresh demo database, starts `belfry serve` on a free port,
// launches Debian's chromium through playwright-core, and checks pages with axe-core.
//
//   BELFRY_BIN       the belfry binary (default ../build/dev/src/belfry relative to web/)
//   BELFRY_WEB_ROOT  the built UI (default web/dist)
//   CHROMIUM         the browser (default /usr/bin/chromium)
//   NETSIM_BIN       netsim, the stand-in for the networks (default ../build/dev/tools/netsim/netsim)
//   E2E_TRACE=1      print the server's log lines
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axe = require('axe-core');

const here = path.dirname(fileURLToPath(import.meta.url));
export const WEB_DIR = path.resolve(here, '..', '..');
export const BELFRY_BIN = path.resolve(WEB_DIR, process.env.BELFRY_BIN || '../build/dev/src/belfry');
export const WEB_ROOT = path.resolve(WEB_DIR, process.env.BELFRY_WEB_ROOT || 'dist');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const NETSIM_BIN = path.resolve(WEB_DIR, process.env.NETSIM_BIN || '../build/dev/tools/netsim/netsim');
export const DEMO_PASSWORD = 'belfry-demo-2026';

const trace = !!process.env.E2E_TRACE;

/** How to run the binary: a .mjs/.js stand-in runs under this node. */
function command(bin, args) {
  return /\.(mjs|cjs|js)$/.test(bin) ? [process.execPath, [bin, ...args]] : [bin, args];
}

/** Why the suite cannot run here, or null. */
export function missingPrerequisite() {
  if (!existsSync(BELFRY_BIN)) return `belfry binary not found at ${BELFRY_BIN} (build the server or set BELFRY_BIN)`;
  if (!existsSync(path.join(WEB_ROOT, 'index.html'))) return `built UI not found in ${WEB_ROOT} (run npm run build or set BELFRY_WEB_ROOT)`;
  if (!existsSync(CHROMIUM)) return `chromium not found at ${CHROMIUM} (apt-get install chromium)`;
  return null;
}

/**
 * Starts `cmd args` and resolves with the address from its first {"listening":"…"} stdout line.
 * Returns { url, logs, stop }; stop() sends SIGTERM (SIGKILL after 5 s).
 */
async function startListening(name, cmd, args, { env = process.env, timeoutMs = 60_000 } = {}) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const logs = [];
  let exited = null;
  let started = false;
  let stopping = false;
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report {"listening":…} within ${timeoutMs} ms; output:\n${logs.join('\n')}`)), timeoutMs);
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        logs.push(line);
        if (trace) console.error(`[${name}] ${line}`);
        try {
          const obj = JSON.parse(line);
          if (obj && typeof obj.listening === 'string') {
            started = true;
            clearTimeout(timer);
            resolve(obj.listening.replace(/\/+$/, ''));
          }
        } catch {
          /* not JSON: keep reading */
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      for (const line of chunk.split('\n')) if (line.trim()) logs.push(line);
      if (trace) process.stderr.write(`[${name}:err] ${chunk}`);
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      clearTimeout(timer);
      // After start-up, an exit nobody asked for is a crash: say so, with the last lines it wrote.
      if (started && !stopping) console.error(`# ${name} exited unexpectedly (code ${code}, signal ${signal}); its last lines:\n${logs.slice(-40).join('\n')}`);
      reject(new Error(`${name} exited early (code ${code}, signal ${signal}):\n${logs.join('\n')}`));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  }).catch((err) => {
    if (!exited) child.kill('SIGKILL');
    throw err;
  });
  const stop = async () => {
    stopping = true;
    if (!exited && child.exitCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(timer);
    }
  };
  return { url, logs, stop };
}

/** Starts netsim on a free loopback port. Returns { url, logs, stop }. */
export async function startNetsim() {
  if (!existsSync(NETSIM_BIN)) throw new Error(`netsim binary not found at ${NETSIM_BIN} (build the netsim target or set NETSIM_BIN)`);
  const [cmd, args] = command(NETSIM_BIN, ['--listen', '127.0.0.1:0']);
  return startListening('netsim', cmd, args);
}

/**
 * Seeds the demo registry in a temporary SQLite database and starts the server. With `netsim`
 * (a netsim URL), the demo accounts are created there and their channels connected, sealed with
 * a secret key generated in the temporary directory.
 * Returns { url, tmp, database, logs, stop }.
 */
export async function startServer({ timeoutMs = 60_000, netsim = null } = {}) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'belfry-e2e-'));
  const database = `sqlite:${path.join(tmp, 'e2e.sqlite')}`;
  const env = { ...process.env, BELFRY_SECRET_KEY_FILE: path.join(tmp, 'secret.key') };
  const [seedCmd, seedArgs] = command(BELFRY_BIN, ['seed', 'demo', '--database', database, ...(netsim ? ['--netsim', netsim] : [])]);
  const seeded = spawnSync(seedCmd, seedArgs, { encoding: 'utf8', timeout: timeoutMs, env });
  if (seeded.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`belfry seed demo failed (exit ${seeded.status}, signal ${seeded.signal}):\n${seeded.stdout}\n${seeded.stderr}\n${seeded.error ?? ''}`);
  }
  const [cmd, args] = command(BELFRY_BIN, ['serve', '--listen', '127.0.0.1:0', '--database', database, '--web-root', WEB_ROOT]);
  let server;
  try {
    server = await startListening('belfry', cmd, args, { env, timeoutMs });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const stop = async () => {
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  return { url: server.url, tmp, database, logs: server.logs, stop };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * One server and one browser for a test file. `newPage({ locale })` opens a fresh context
 * (own cookies and localStorage) whose navigator.language is `locale`; page errors, CSP
 * violations and failed requests are collected in page.problems.
 */
export async function startEnvironment({ netsim = null } = {}) {
  const server = await startServer({ netsim });
  let browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    await server.stop();
    throw err;
  }
  const contexts = [];
  return {
    url: server.url,
    server,
    browser,
    async newPage({ locale = 'fr-BE' } = {}) {
      const context = await browser.newContext({ locale, baseURL: server.url, viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.problems = [];
      page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        const text = msg.text();
        if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) page.problems.push(`CSP: ${text}`);
        if (trace && msg.type() === 'error') console.error(`[console] ${text}`);
      });
      return page;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.stop();
    },
  };
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails with a readable list. */
export async function axeCheck(page, label = '') {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) {
    // Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not apply.
    await page.evaluate(axe.source);
  }
  const results = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 200), summary: n.failureSummary })),
    }));
  });
  if (results.length) {
    const where = `${label ? `${label} — ` : ''}${page.url()}`;
    const text = results
      .map((v) => `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `      at ${n.target}\n        ${n.html}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n')}`)
      .join('\n');
    assert.fail(`axe found ${results.length} accessibility violation(s) on ${where}:\n${text}`);
  }
}

/** Asserts that no page error or CSP violation happened on the page so far. */
export function assertNoPageProblems(page) {
  assert.deepEqual(page.problems, [], `problems on ${page.url()}`);
}

/** Signs in through the login form and waits until the app has left /login. */
export async function signIn(page, username, password = DEMO_PASSWORD, next = '') {
  await page.goto(next ? `/login?next=${encodeURIComponent(next)}` : '/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function signOut(page) {
  await page.locator('.session-box button').click();
  await page.waitForURL((u) => u.pathname.startsWith('/login'));
}

/** JSON from the server, outside the browser (public endpoints). */
export async function getJson(base, pathAndQuery) {
  const res = await fetch(base + pathAndQuery, { headers: { Accept: 'application/json' } });
  assert.equal(res.ok, true, `GET ${pathAndQuery} → ${res.status}`);
  return res.json();
}

/** The demo world as the public API shows it: organisations and helpers to find them. */
export async function demoWorld(base) {
  const { items: orgs } = await getJson(base, '/api/v1/public/organisations');
  const name = (o) => o.names?.en || o.names?.fr || o.names?.nl || o.slug;
  const find = (pred) => orgs.find(pred);
  const foreignAffairs =
    find((o) => o.slug === 'foreign-affairs') ||
    find((o) => o.kind === 'service' && /foreign affairs|affaires étrangères|buitenlandse zaken/i.test(`${o.names?.en} ${o.names?.fr} ${o.names?.nl}`));
  const employment =
    find((o) => o.slug === 'employment') ||
    find((o) => o.kind === 'service' && /employment|emploi|werkgelegenheid/i.test(`${o.names?.en} ${o.names?.fr} ${o.names?.nl}`));
  return { orgs, name, foreignAffairs, employment, ministers: orgs.filter((o) => o.kind === 'minister') };
}

/**
 * A signed-in API client outside the browser (session cookie + CSRF token), for setting up what a
 * test is not about. Returns { get, send(method, path, body) } resolving to { status, body }.
 */
export async function apiSession(base, username, password = DEMO_PASSWORD) {
  const res = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(res.status, 200, `sign-in of ${username} → ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  const { csrf_token: csrf } = await res.json();
  const call = async (method, p, body) => {
    const r = await fetch(base + p, {
      method,
      headers: { Accept: 'application/json', Cookie: cookie, ...(method === 'GET' ? {} : { 'X-CSRF-Token': csrf }), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { get: (p) => call('GET', p), send: call };
}

/**
 * Lets an organisation's drafts be scheduled directly (no peer review, no spokesperson trigger
 * beyond the defaults, no attestation, no language parity): for tests about publishing itself,
 * not about the editorial workflow (tested in workflow.test.mjs). Done as the demo administrator.
 */
export async function relaxPolicy(base, organisationId) {
  const admin = await apiSession(base, 'admin');
  const r = await admin.send('PUT', `/api/v1/organisations/${organisationId}/policy`, {
    peer_reviews: 0,
    require_attestation: false,
    channel_language_parity: false,
    required_languages: [],
  });
  assert.equal(r.status, 200, `PUT policy of organisation ${organisationId} → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
