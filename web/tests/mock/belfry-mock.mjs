#!/usr/bin/env node
// A stand-in for the `belfry` binary, for developing and testing the web UI while the C++ server
// is not built. It speaks the same command line (`seed demo`, `serve`) and an in-memory version of
// docs/api/contract.md, including cookies, CSRF, problem+json, throttling and the strict CSP.
// It is NOT the product: the e2e suite runs against the real binary by default.
//
//   BELFRY_BIN=tests/mock/belfry-mock.mjs npm run test:e2e
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInbox, seedInbox } from './inbox-mock.mjs';

const PASSWORD = 'belfry-demo-2026';
const CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const NETWORKS = ['facebook', 'x', 'linkedin', 'youtube', 'instagram', 'flickr', 'vimeo', 'mastodon', 'bluesky', 'threads', 'googleplus', 'other'];
const ROLES = ['administrator', 'editor', 'reviewer', 'spokesperson', 'moderator', 'analyst', 'agency_member'];
const KINDS = ['government', 'minister', 'service', 'unit', 'diplomatic_post'];
const STATUSES = ['planned', 'active', 'dormant', 'archived', 'deleted'];
const LANGS = ['fr', 'nl', 'de', 'en'];

function arg(args, name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
function dbFile(spec) {
  if (!spec || !spec.startsWith('sqlite:')) throw new Error('--database sqlite:<path> required');
  return spec.slice('sqlite:'.length);
}
const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

// --- demo world ---------------------------------------------------------------------------
function demo() {
  const t = now();
  const orgs = [];
  let oid = 0;
  const org = (parent, kind, slug, fr, nl, de, en) => {
    const o = { id: ++oid, parent_id: parent, kind, slug, names: { fr, nl, de, en }, created_at: t, updated_at: t };
    orgs.push(o);
    return o.id;
  };
  const gov = org(null, 'government', 'federal-government', 'Gouvernement fédéral', 'Federale regering', 'Föderalregierung', 'Federal Government');
  const pm = org(gov, 'minister', 'prime-minister', 'Premier ministre', 'Eerste minister', 'Premierminister', 'Prime Minister');
  const fam = org(gov, 'minister', 'minister-foreign-affairs', 'Ministre des Affaires étrangères', 'Minister van Buitenlandse Zaken', 'Minister der Auswärtigen Angelegenheiten', 'Minister of Foreign Affairs');
  const emm = org(gov, 'minister', 'minister-employment', 'Ministre de l’Emploi', 'Minister van Werk', 'Minister für Beschäftigung', 'Minister of Employment');
  const chancellery = org(pm, 'service', 'chancellery', 'SPF Chancellerie du Premier Ministre', 'FOD Kanselarij van de Eerste Minister', 'FÖD Kanzlei des Premierministers', 'FPS Chancellery of the Prime Minister');
  const fa = org(fam, 'service', 'foreign-affairs', 'SPF Affaires étrangères', 'FOD Buitenlandse Zaken', 'FÖD Auswärtige Angelegenheiten', 'FPS Foreign Affairs');
  const cairo = org(fa, 'diplomatic_post', 'embassy-cairo', 'Ambassade de Belgique au Caire', 'Belgische ambassade in Caïro', 'Belgische Botschaft in Kairo', 'Embassy of Belgium in Cairo');
  org(fa, 'diplomatic_post', 'embassy-paris', 'Ambassade de Belgique à Paris', 'Belgische ambassade in Parijs', 'Belgische Botschaft in Paris', 'Embassy of Belgium in Paris');
  const emp = org(emm, 'service', 'employment', 'SPF Emploi, Travail et Concertation sociale', 'FOD Werkgelegenheid, Arbeid en Sociaal Overleg', 'FÖD Beschäftigung, Arbeit und Soziale Konzertierung', 'FPS Employment, Labour and Social Dialogue');
  org(pm, 'service', 'pensions', 'Service fédéral des Pensions', 'Federale Pensioendienst', 'Föderaler Pensionsdienst', 'Federal Pensions Service');

  const users = [];
  let uid = 0;
  const user = (username, display_name, locale) => {
    users.push({ id: ++uid, username, display_name, email: `${username}@example.be`, locale, disabled: false, created_at: t, last_login_at: null, password: PASSWORD });
    return uid;
  };
  const admin = user('admin', 'Administrator', 'fr');
  const editorFa = user('editor.fa', 'Éditrice Affaires étrangères', 'fr');
  const adminEmp = user('admin.employment', 'Beheerder Werk', 'nl');
  const grants = [
    { id: 1, user_id: admin, organisation_id: gov, role: 'administrator', expires_at: null, granted_by: null, created_at: t },
    { id: 2, user_id: editorFa, organisation_id: fa, role: 'editor', expires_at: null, granted_by: admin, created_at: t },
    { id: 3, user_id: adminEmp, organisation_id: emp, role: 'administrator', expires_at: null, granted_by: admin, created_at: t },
  ];
  const old = '2025-01-10T09:00:00Z';
  const channels = [];
  let cid = 0;
  const ch = (organisation_id, network, handle, url, display_name, languages, status = 'active', validated = old) =>
    channels.push({
      id: ++cid, organisation_id, network, handle, platform_account_id: null, url, display_name, languages, status, status_changed_at: old,
      primary_contact_id: null, backup_contact_id: null, policy_url: null, tags: [], last_validated_at: validated, created_at: old, updated_at: old,
    });
  ch(chancellery, 'x', 'belgiumbe', 'https://x.com/belgiumbe', 'Belgium.be', ['fr', 'nl', 'de', 'en']);
  ch(fa, 'facebook', 'diplomatie.belgium', 'https://www.facebook.com/diplomatie.belgium', 'Diplomatie.be', ['fr', 'nl', 'en']);
  ch(fa, 'x', 'diplobel', 'https://x.com/diplobel', 'Diplomatie Belgique', ['fr', 'nl', 'en'], 'active', now());
  ch(cairo, 'facebook', 'belgiumincairo', 'https://www.facebook.com/belgiumincairo', 'Belgium in Egypt', ['en', 'fr']);
  ch(emp, 'linkedin', 'company/fod-werk', 'https://www.linkedin.com/company/fod-werk', 'FOD WASO / SPF ETCS', ['fr', 'nl']);
  ch(fa, 'googleplus', 'diplobel', 'https://plus.google.com/+diplobel', 'Diplomatie (Google+)', ['fr', 'nl'], 'archived');
  const world = { orgs, users, grants, channels, tokens: [], audit: [], next: { org: oid, user: uid, grant: 3, channel: cid, token: 0, seq: 0 } };
  seedInbox(world);
  return world;
}

// --- helpers --------------------------------------------------------------------------------
class Problem extends Error {
  constructor(status, kind, detail, extra = {}) {
    super(detail);
    this.status = status;
    this.kind = kind;
    this.extra = extra;
  }
}
const TITLES = { 'invalid-request': 'Invalid request', unauthenticated: 'Not signed in', forbidden: 'Forbidden', csrf: 'CSRF token missing or wrong', 'not-found': 'Not found', conflict: 'Conflict', 'too-many-requests': 'Too many requests', 'unsupported-media-type': 'Unsupported media type' };
const invalid = (errors) => new Problem(400, 'invalid-request', errors.map((e) => e.message).join(' '), { field: errors[0]?.field, errors });

function parseAccount(input) {
  const s = String(input || '').trim();
  let m = s.match(/^@?([A-Za-z0-9_.\-/]+)@([a-z]+)$/);
  if (m && NETWORKS.includes(m[2])) return { network: m[2], handle: m[1].toLowerCase(), url: null };
  let u;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(u.protocol)) return null;
  const host = u.hostname.replace(/^www\./, '').replace(/^m\./, '');
  const parts = u.pathname.split('/').filter(Boolean);
  const map = { 'x.com': 'x', 'twitter.com': 'x', 'facebook.com': 'facebook', 'instagram.com': 'instagram', 'youtube.com': 'youtube', 'flickr.com': 'flickr', 'vimeo.com': 'vimeo', 'threads.net': 'threads', 'bsky.app': 'bluesky', 'linkedin.com': 'linkedin', 'plus.google.com': 'googleplus' };
  let network = map[host];
  let handle;
  if (network === 'linkedin') handle = parts.slice(0, 2).join('/');
  else if (network === 'bluesky') handle = parts[1];
  else if (network) handle = parts[0];
  else if (parts[0]?.startsWith('@')) {
    network = 'mastodon';
    handle = `${parts[0].slice(1)}@${host}`;
  }
  if (!network || !handle) return null;
  handle = handle.replace(/^@/, '').toLowerCase();
  return { network, handle, url: `https://${u.hostname}${u.pathname}`.replace(/\/+$/, '') };
}

// --- server ---------------------------------------------------------------------------------
function serve(args) {
  const file = dbFile(arg(args, '--database'));
  const db = JSON.parse(readFileSync(file, 'utf8'));
  const webRoot = arg(args, '--web-root');
  const [host, port] = (arg(args, '--listen') || '127.0.0.1:0').split(':');
  const sessions = new Map(); // id → { userId, csrf }
  const failures = new Map(); // username → [times]

  const userById = (id) => db.users.find((u) => u.id === id);
  const orgById = (id) => db.orgs.find((o) => o.id === id);
  const ancestors = (id) => {
    const out = [];
    for (let o = orgById(id); o; o = o.parent_id ? orgById(o.parent_id) : null) out.unshift(o.id);
    return out;
  };
  const activeGrants = (uid) => db.grants.filter((g) => g.user_id === uid && (!g.expires_at || new Date(g.expires_at) > new Date()));
  const hasRole = (uid, orgId, roles) => {
    const path = new Set(ancestors(orgId));
    return activeGrants(uid).some((g) => path.has(g.organisation_id) && (!roles || roles.includes(g.role)));
  };
  const visibleOrgIds = (uid) => {
    const ids = new Set();
    for (const g of activeGrants(uid)) {
      for (const a of ancestors(g.organisation_id)) ids.add(a);
      const stack = [g.organisation_id];
      while (stack.length) {
        const id = stack.pop();
        ids.add(id);
        for (const c of db.orgs) if (c.parent_id === id) stack.push(c.id);
      }
    }
    return ids;
  };
  const subtree = (id) => {
    const ids = new Set([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const o of db.orgs) if (o.parent_id != null && ids.has(o.parent_id) && !ids.has(o.id)) (ids.add(o.id), (grew = true));
    }
    return ids;
  };
  const publicUser = ({ password, ...u }) => u;
  const withDue = (c) => {
    const base = c.last_validated_at || c.created_at;
    const due = new Date(new Date(base).getTime() + 180 * 86400e3);
    return { ...c, revalidation_due_at: due.toISOString().replace(/\.\d{3}Z$/, 'Z'), revalidation_due: due < new Date() };
  };
  const publicChannel = (c) => {
    const { primary_contact_id, backup_contact_id, ...rest } = withDue(c);
    return rest;
  };
  const audit = (actor, action, object_type, object_id, organisation_id, before, after) => {
    const prev = db.audit[0]?.hash ?? '0'.repeat(64);
    const e = { seq: ++db.next.seq, at: now(), actor: actor ? { id: actor.id, username: actor.username } : null, action, object_type, object_id: String(object_id), organisation_id, before, after, prev_hash: prev };
    e.hash = createHash('sha256').update(prev + JSON.stringify(e)).digest('hex');
    db.audit.unshift(e);
  };
  const page = (items, q) => {
    const p = Math.max(1, Number(q.get('page') || 1));
    const per = Math.min(200, Math.max(1, Number(q.get('per_page') || 50)));
    return { items: items.slice((p - 1) * per, p * per), page: p, per_page: per, total: items.length };
  };
  const inbox = createInbox({ db, send: (...a) => send(...a), Problem, invalid, readBody: (r) => readBody(r), hasRole, subtree, ancestors, orgById, userById, page: (...a) => page(...a) });
  const sessionBody = (s) => ({ user: publicUser(userById(s.userId)), csrf_token: s.csrf, grants: db.grants.filter((g) => g.user_id === s.userId) });

  function send(res, status, body, headers = {}) {
    const h = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store', ...headers };
    if (body === undefined) {
      res.writeHead(status, h);
      return res.end();
    }
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...h });
    res.end(JSON.stringify(body));
  }
  function sendProblem(res, p, headers = {}) {
    send(res, p.status, { type: `/problems/${p.kind}`, title: TITLES[p.kind] || p.kind, status: p.status, detail: p.message, ...p.extra }, { 'Content-Type': 'application/problem+json', ...headers });
  }

  function staticFile(req, res, pathname) {
    const safe = path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    let f = path.join(webRoot, safe);
    if (!f.startsWith(path.resolve(webRoot)) || !existsSync(f) || statSync(f).isDirectory()) f = path.join(webRoot, 'index.html');
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.map': 'application/json' };
    res.writeHead(200, { 'Content-Type': types[path.extname(f)] || 'application/octet-stream', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' });
    createReadStream(f).pipe(res);
  }

  async function readBody(req) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text) return {};
    if (!(req.headers['content-type'] || '').startsWith('application/json')) throw new Problem(415, 'unsupported-media-type', 'Send JSON with Content-Type: application/json.');
    try {
      const v = JSON.parse(text);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error();
      return v;
    } catch {
      throw new Problem(400, 'invalid-request', 'The body is not a JSON object.');
    }
  }

  function cookieSession(req) {
    const m = (req.headers.cookie || '').match(/(?:^|;\s*)belfry_session=([^;]+)/);
    if (m && sessions.has(m[1])) return { id: m[1], ...sessions.get(m[1]) };
    const auth = req.headers.authorization || '';
    if (auth.startsWith('Bearer ')) {
      const hash = createHash('sha256').update(auth.slice(7)).digest('hex');
      const tok = db.tokens.find((t) => t.hash === hash && (!t.expires_at || new Date(t.expires_at) > new Date()));
      if (tok) return { bearer: true, userId: tok.user_id };
    }
    return null;
  }

  async function api(req, res, url) {
    const q = url.searchParams;
    const p = url.pathname;
    const m = req.method;
    let mm;
    // public
    if (p === '/api/v1/meta') return send(res, 200, { version: '0.1.0-mock', networks: NETWORKS, roles: ROLES, languages: LANGS, organisation_kinds: KINDS, channel_statuses: STATUSES, revalidation_days: 180 });
    if (p === '/api/v1/public/organisations') return send(res, 200, { items: db.orgs });
    if (p === '/api/v1/public/channels') {
      let items = db.channels.filter((c) => c.status !== 'deleted' && c.status !== 'planned');
      if (q.get('organisation_id')) {
        const ids = subtree(Number(q.get('organisation_id')));
        items = items.filter((c) => ids.has(c.organisation_id));
      }
      if (q.get('network')) items = items.filter((c) => c.network === q.get('network'));
      if (q.get('language')) items = items.filter((c) => c.languages.includes(q.get('language')));
      if (q.get('q')) items = items.filter((c) => `${c.display_name} ${c.handle}`.toLowerCase().includes(q.get('q').toLowerCase()));
      return send(res, 200, page(items.map(publicChannel), q));
    }
    if (p === '/api/v1/public/verify') {
      const input = q.get('url');
      if (!input) throw invalid([{ field: 'url', message: 'Give an account address (https://…) or handle@network.' }]);
      const acc = parseAccount(input);
      if (!acc) throw invalid([{ field: 'url', message: 'This is neither an account address (https://…) nor handle@network.' }]);
      const matches = db.channels.filter((c) => c.network === acc.network && c.handle === acc.handle && c.status !== 'planned');
      const live = matches.find((c) => ['active', 'dormant'].includes(c.status));
      const former = !live && matches.find((c) => ['archived', 'deleted'].includes(c.status));
      const c = live || former || null;
      const o = c ? orgById(c.organisation_id) : null;
      return send(res, 200, {
        verdict: live ? 'official' : former ? 'former' : 'unknown',
        query: { input, network: acc.network, handle: acc.handle },
        channel: c ? publicChannel(c) : null,
        organisation: o ? { id: o.id, kind: o.kind, names: o.names, path: ancestors(o.id).map((id) => ({ id, names: orgById(id).names })) } : null,
        former_since: former ? former.status_changed_at : null,
        message: live ? 'This account is official.' : former ? 'This account was official.' : 'This account is not in the registry.',
      });
    }
    // session
    if (p === '/api/v1/session' && m === 'POST') {
      const b = await readBody(req);
      const recent = (failures.get(b.username) || []).filter((t) => Date.now() - t < 15 * 60e3);
      if (recent.length >= 5) throw new Problem(429, 'too-many-requests', 'Too many failed sign-ins for this account. Wait 15 minutes.', {});
      const u = db.users.find((x) => x.username === b.username && !x.disabled);
      if (!u || u.password !== b.password) {
        failures.set(b.username, [...recent, Date.now()]);
        throw new Problem(401, 'unauthenticated', 'Wrong user name or password.');
      }
      u.last_login_at = now();
      const id = randomBytes(24).toString('hex');
      const s = { userId: u.id, csrf: randomBytes(16).toString('hex') };
      sessions.set(id, s);
      return send(res, 200, sessionBody(s), { 'Set-Cookie': `belfry_session=${id}; HttpOnly; SameSite=Strict; Path=/` });
    }
    const s = cookieSession(req);
    if (!s) throw new Problem(401, 'unauthenticated', 'Sign in first.');
    if (m !== 'GET' && !s.bearer && req.headers['x-csrf-token'] !== s.csrf) throw new Problem(403, 'csrf', 'Missing or wrong X-CSRF-Token header.');
    const me = userById(s.userId);
    if (p === '/api/v1/session' && m === 'GET') return send(res, 200, sessionBody(s));
    if (p === '/api/v1/session' && m === 'DELETE') {
      sessions.delete(s.id);
      return send(res, 204, undefined, { 'Set-Cookie': 'belfry_session=; Max-Age=0; Path=/' });
    }
    const visible = visibleOrgIds(me.id);
    const requireAdmin = (orgId) => {
      if (!visible.has(orgId)) throw new Problem(404, 'not-found', `No organisation ${orgId}.`);
      if (!hasRole(me.id, orgId, ['administrator'])) throw new Problem(403, 'forbidden', 'You need the administrator role on this organisation.');
    };
    // organisations
    if (p === '/api/v1/organisations' && m === 'GET') return send(res, 200, { items: db.orgs.filter((o) => visible.has(o.id)) });
    if (p === '/api/v1/organisations' && m === 'POST') {
      const b = await readBody(req);
      const errors = [];
      if (!orgById(b.parent_id)) errors.push({ field: 'parent_id', message: 'Choose an existing parent organisation.' });
      if (!KINDS.includes(b.kind) || b.kind === 'government') errors.push({ field: 'kind', message: 'Choose a kind: minister, service, unit or diplomatic_post.' });
      const names = b.names && typeof b.names === 'object' ? b.names : {};
      if (!Object.values(names).some((v) => typeof v === 'string' && v.trim())) errors.push({ field: 'names', message: 'Give at least one name.' });
      let slug = b.slug ?? (names.en || names.fr || names.nl || '').toLowerCase().normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-');
      if (b.slug !== undefined && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(b.slug)) errors.push({ field: 'slug', message: 'Use lower-case letters, digits and single hyphens.' });
      if (errors.length) throw invalid(errors);
      requireAdmin(b.parent_id);
      if (db.orgs.some((o) => o.slug === slug)) throw new Problem(409, 'conflict', `The slug ${slug} is taken.`, { field: 'slug', errors: [{ field: 'slug', message: `The slug ${slug} is already used.` }] });
      const o = { id: ++db.next.org, parent_id: b.parent_id, kind: b.kind, slug, names, created_at: now(), updated_at: now() };
      db.orgs.push(o);
      audit(me, 'organisation.create', 'organisation', o.id, o.id, null, o);
      return send(res, 201, o);
    }
    if ((mm = p.match(/^\/api\/v1\/organisations\/(\d+)$/))) {
      const o = orgById(Number(mm[1]));
      if (!o || !visible.has(o.id)) throw new Problem(404, 'not-found', `No organisation ${mm[1]}.`);
      if (m === 'GET') return send(res, 200, o);
    }
    // channels
    const channelVisible = (c) => c && hasRole(me.id, c.organisation_id);
    if (p === '/api/v1/channels' && m === 'GET') {
      let items = db.channels;
      if (q.get('organisation_id')) {
        const oid = Number(q.get('organisation_id'));
        if (!visible.has(oid)) throw new Problem(404, 'not-found', `No organisation ${oid}.`);
        if (!hasRole(me.id, oid) && !db.orgs.some((x) => x.parent_id === oid && hasRole(me.id, x.id))) throw new Problem(403, 'forbidden', 'You hold no role on this organisation.');
        const ids = subtree(oid);
        items = items.filter((c) => ids.has(c.organisation_id));
      }
      items = items.filter(channelVisible);
      for (const k of ['network', 'status']) if (q.get(k)) items = items.filter((c) => c[k] === q.get(k));
      if (!q.get('status')) items = items.filter((c) => ['planned', 'active', 'dormant'].includes(c.status));
      if (q.get('language')) items = items.filter((c) => c.languages.includes(q.get('language')));
      if (q.get('q')) items = items.filter((c) => `${c.display_name} ${c.handle}`.toLowerCase().includes(q.get('q').toLowerCase()));
      items = items.map(withDue);
      if (q.get('revalidation_due') === 'true') items = items.filter((c) => c.revalidation_due);
      return send(res, 200, page(items, q));
    }
    const validateChannel = (b, creating, current) => {
      const errors = [];
      let acc = null;
      if (creating || b.url !== undefined) {
        acc = b.url ? parseAccount(b.url) : null;
        if (!acc || !acc.url) errors.push({ field: 'url', message: 'Give the full address of the account, e.g. https://mastodon.social/@name.' });
      }
      if (creating || b.display_name !== undefined) if (!b.display_name || !String(b.display_name).trim()) errors.push({ field: 'display_name', message: 'Give the name the account shows.' });
      if (creating || b.languages !== undefined) if (!Array.isArray(b.languages) || !b.languages.length || b.languages.some((l) => !LANGS.includes(l))) errors.push({ field: 'languages', message: 'Tick at least one language.' });
      if (b.status !== undefined && !STATUSES.includes(b.status)) errors.push({ field: 'status', message: 'Unknown status.' });
      if (b.policy_url && !/^https:\/\//.test(b.policy_url)) errors.push({ field: 'policy_url', message: 'The policy address must start with https://.' });
      if (errors.length) throw invalid(errors);
      if (acc && db.channels.some((c) => c !== current && c.network === acc.network && c.handle === acc.handle && !['deleted', 'archived'].includes(c.status)))
        throw new Problem(409, 'conflict', `A live channel ${acc.handle} on ${acc.network} already exists.`, { field: 'url', errors: [{ field: 'url', message: 'This account is already in the registry.' }] });
      return acc;
    };
    if (p === '/api/v1/channels' && m === 'POST') {
      const b = await readBody(req);
      if (!orgById(b.organisation_id)) throw invalid([{ field: 'organisation_id', message: 'Unknown organisation.' }]);
      requireAdmin(b.organisation_id);
      const acc = validateChannel(b, true, null);
      const t = now();
      const c = {
        id: ++db.next.channel, organisation_id: b.organisation_id, network: acc.network, handle: acc.handle, platform_account_id: b.platform_account_id ?? null, url: acc.url,
        display_name: b.display_name.trim(), languages: b.languages, status: b.status || 'planned', status_changed_at: t, primary_contact_id: b.primary_contact_id ?? null,
        backup_contact_id: b.backup_contact_id ?? null, policy_url: b.policy_url ?? null, tags: b.tags ?? [], last_validated_at: null, created_at: t, updated_at: t,
      };
      db.channels.push(c);
      audit(me, 'channel.create', 'channel', c.id, c.organisation_id, null, c);
      return send(res, 201, withDue(c));
    }
    if ((mm = p.match(/^\/api\/v1\/channels\/(\d+)(\/validate)?$/))) {
      const c = db.channels.find((x) => x.id === Number(mm[1]));
      if (!c || !visible.has(c.organisation_id)) throw new Problem(404, 'not-found', `No channel ${mm[1]}.`);
      if (!channelVisible(c)) throw new Problem(403, 'forbidden', 'You hold no role on this channel’s organisation.');
      if (m === 'GET' && !mm[2]) return send(res, 200, withDue(c));
      requireAdmin(c.organisation_id);
      const before = { ...c };
      if (mm[2] && m === 'POST') {
        c.last_validated_at = now();
        c.updated_at = now();
        audit(me, 'channel.validate', 'channel', c.id, c.organisation_id, before, { ...c });
        return send(res, 200, withDue(c));
      }
      if (m === 'PATCH') {
        const b = await readBody(req);
        const acc = validateChannel(b, false, c);
        if (acc) Object.assign(c, { network: acc.network, handle: acc.handle, url: acc.url });
        for (const k of ['display_name', 'languages', 'status', 'primary_contact_id', 'backup_contact_id', 'policy_url', 'tags', 'platform_account_id']) if (b[k] !== undefined) c[k] = b[k];
        if (b.status && b.status !== before.status) c.status_changed_at = now();
        c.updated_at = now();
        audit(me, 'channel.update', 'channel', c.id, c.organisation_id, before, { ...c });
        return send(res, 200, withDue(c));
      }
      if (m === 'DELETE') {
        c.status = 'deleted';
        c.status_changed_at = c.updated_at = now();
        audit(me, 'channel.delete', 'channel', c.id, c.organisation_id, before, { ...c });
        return send(res, 200, withDue(c));
      }
    }
    // users and roles
    const adminSomewhere = activeGrants(me.id).some((g) => g.role === 'administrator');
    if (p === '/api/v1/users/me' && m === 'PATCH') {
      const b = await readBody(req);
      if (b.locale) me.locale = b.locale;
      if (b.display_name) me.display_name = b.display_name;
      return send(res, 200, publicUser(me));
    }
    if (p.startsWith('/api/v1/users') || p.startsWith('/api/v1/roles')) {
      if (!adminSomewhere) throw new Problem(403, 'forbidden', 'You need the administrator role.');
    }
    if (p === '/api/v1/users' && m === 'GET') return send(res, 200, page(db.users.map(publicUser), q));
    if (p === '/api/v1/users' && m === 'POST') {
      const b = await readBody(req);
      const errors = [];
      if (!b.username || !/^[a-z0-9._-]{2,64}$/.test(b.username)) errors.push({ field: 'username', message: 'Use 2 to 64 lower-case letters, digits, dots, hyphens or underscores.' });
      if (!b.display_name) errors.push({ field: 'display_name', message: 'Give the person’s name.' });
      if (!b.password || b.password.length < 12) errors.push({ field: 'password', message: 'The password needs at least 12 characters.' });
      if (errors.length) throw invalid(errors);
      if (db.users.some((u) => u.username === b.username)) throw new Problem(409, 'conflict', 'This user name is taken.', { field: 'username', errors: [{ field: 'username', message: 'This user name is taken.' }] });
      const u = { id: ++db.next.user, username: b.username, display_name: b.display_name, email: b.email ?? null, locale: b.locale ?? 'fr', disabled: false, created_at: now(), last_login_at: null, password: b.password };
      db.users.push(u);
      audit(me, 'user.create', 'user', u.id, null, null, publicUser(u));
      return send(res, 201, publicUser(u));
    }
    if ((mm = p.match(/^\/api\/v1\/users\/(\d+)$/)) && m === 'GET') {
      const u = userById(Number(mm[1]));
      if (!u) throw new Problem(404, 'not-found', 'No such user.');
      return send(res, 200, publicUser(u));
    }
    if (p === '/api/v1/roles' && m === 'GET') {
      let items = db.grants;
      if (q.get('user_id')) items = items.filter((g) => g.user_id === Number(q.get('user_id')));
      if (q.get('organisation_id')) items = items.filter((g) => g.organisation_id === Number(q.get('organisation_id')));
      return send(res, 200, page(items, q));
    }
    if (p === '/api/v1/roles' && m === 'POST') {
      const b = await readBody(req);
      const errors = [];
      if (!userById(b.user_id)) errors.push({ field: 'user_id', message: 'Unknown user.' });
      if (!orgById(b.organisation_id)) errors.push({ field: 'organisation_id', message: 'Unknown organisation.' });
      if (!ROLES.includes(b.role)) errors.push({ field: 'role', message: 'Unknown role.' });
      if (b.role === 'agency_member' && !b.expires_at) errors.push({ field: 'expires_at', message: 'An agency member needs an expiry date.' });
      if (errors.length) throw invalid(errors);
      requireAdmin(b.organisation_id);
      const g = { id: ++db.next.grant, user_id: b.user_id, organisation_id: b.organisation_id, role: b.role, expires_at: b.expires_at ?? null, granted_by: me.id, created_at: now() };
      db.grants.push(g);
      audit(me, 'role.grant', 'user', g.user_id, g.organisation_id, null, g);
      return send(res, 201, g);
    }
    if ((mm = p.match(/^\/api\/v1\/roles\/(\d+)$/)) && m === 'DELETE') {
      const g = db.grants.find((x) => x.id === Number(mm[1]));
      if (!g) throw new Problem(404, 'not-found', 'No such grant.');
      requireAdmin(g.organisation_id);
      db.grants = db.grants.filter((x) => x !== g);
      audit(me, 'role.revoke', 'user', g.user_id, g.organisation_id, g, null);
      return send(res, 204);
    }
    // tokens
    if (p === '/api/v1/tokens' && m === 'GET') return send(res, 200, page(db.tokens.filter((t) => t.user_id === me.id).map(({ hash, user_id, ...t }) => t), q));
    if (p === '/api/v1/tokens' && m === 'POST') {
      const b = await readBody(req);
      if (!b.name || !String(b.name).trim()) throw invalid([{ field: 'name', message: 'Give the token a name.' }]);
      const secret = `bfy_${randomBytes(20).toString('hex')}`;
      const t = { id: ++db.next.token, name: b.name, prefix: secret.slice(0, 10), created_at: now(), expires_at: b.expires_at ?? null, last_used_at: null, user_id: me.id, hash: createHash('sha256').update(secret).digest('hex') };
      db.tokens.push(t);
      const { hash, user_id, ...pub } = t;
      return send(res, 201, { ...pub, token: secret });
    }
    if ((mm = p.match(/^\/api\/v1\/tokens\/(\d+)$/)) && m === 'DELETE') {
      const t = db.tokens.find((x) => x.id === Number(mm[1]) && x.user_id === me.id);
      if (!t) throw new Problem(404, 'not-found', 'No such token.');
      db.tokens = db.tokens.filter((x) => x !== t);
      return send(res, 204);
    }
    // posts (simplified: counting with Intl.Segmenter instead of ICU; nothing is ever sent)
    if (p === '/api/v1/posts' || p.startsWith('/api/v1/posts/')) {
      db.posts ??= [];
      db.renditions ??= [];
      db.next.post ??= 0;
      db.next.rendition ??= 0;
      const DRAFTERS = ['administrator', 'editor', 'spokesperson', 'agency_member'];
      const TYPES = ['press_release', 'legislation', 'minister_quote', 'travel_advice', 'campaign', 'event', 'consular_information', 'crisis_information', 'job_offer', 'good_news', 'other'];
      const LIMITS = { x: [280, 'weighted characters'], mastodon: [500, 'characters'], bluesky: [300, 'graphemes'], threads: [500, 'characters'], linkedin: [3000, 'characters'], facebook: [63206, 'characters'], instagram: [2200, 'characters'] };
      const graphemes = (text) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)].length;
      const measure = (network, text) => {
        const t = text.replace(/https?:\/\/\S+/g, 'x'.repeat(23));
        if (network !== 'x') return graphemes(t);
        return [...t].reduce((n, ch) => n + (ch.codePointAt(0) <= 4351 ? 1 : 2), 0);
      };
      const plan = (post) => {
        const out = { ok: true, problems: [], renditions: [] };
        for (const id of post.channel_ids) {
          const c = db.channels.find((x) => x.id === id);
          if (!c) continue;
          const langs = LANGS.filter((l) => c.languages.includes(l) && post.variants[l]);
          if (!langs.length) {
            out.problems.push(`channel '${c.display_name}' speaks ${c.languages.join(', ')} but the post has no text in these languages: add a variant`);
            out.ok = false;
            continue;
          }
          const link = post.link_url ? `\n\n${post.link_url}${post.link_url.includes('?') ? '&' : '?'}utm_source=${c.network}&utm_medium=social&utm_campaign=belfry-${post.id}` : '';
          const text = langs.map((l) => post.variants[l]).join('\n\n') + link;
          const [limit, unit] = LIMITS[c.network] ?? [63206, 'characters'];
          const length = measure(c.network, text);
          const problems = length > limit ? [`the text is ${length} ${unit} long; ${c.network} allows ${limit}: shorten it by ${length - limit}`] : [];
          if (problems.length) out.ok = false;
          out.renditions.push({ channel_id: c.id, network: c.network, languages: langs, text, length, limit, unit, ok: !problems.length, problems });
        }
        return out;
      };
      const view = (post) => ({ ...post, renditions: db.renditions.filter((r) => r.post_id === post.id).map(({ post_id, ...r }) => r), preview: plan(post) });
      const readPost = (id) => {
        const post = db.posts.find((x) => x.id === id);
        if (!post) throw new Problem(404, 'not-found', `post ${id} does not exist`);
        if (!hasRole(me.id, post.organisation_id)) throw new Problem(403, 'forbidden', `you have no role on the organisation of post ${id}`);
        return post;
      };
      const mayDraft = (post) => {
        if (!hasRole(me.id, post.organisation_id, DRAFTERS)) throw new Problem(403, 'forbidden', `'${me.username}' may not draft posts for organisation ${post.organisation_id}`);
      };
      const check = (b, orgId) => {
        const errors = [];
        if (b.content_type !== undefined && !TYPES.includes(b.content_type)) errors.push({ field: 'content_type', message: `unknown content type '${b.content_type}'` });
        for (const l of Object.keys(b.variants ?? {})) if (!LANGS.includes(l)) errors.push({ field: `variants.${l}`, message: `unknown language '${l}': use fr, nl, de or en` });
        if (b.link_url != null && (!/^https?:\/\//.test(b.link_url) || /\s/.test(b.link_url))) errors.push({ field: 'link_url', message: 'link_url must be an http(s) URL without spaces' });
        const scope = subtree(orgId);
        for (const id of b.channel_ids ?? []) {
          const c = db.channels.find((x) => x.id === id);
          if (!c) errors.push({ field: 'channel_ids', message: `channel ${id} does not exist` });
          else if (!scope.has(c.organisation_id)) errors.push({ field: 'channel_ids', message: `channel '${c.display_name}' belongs to another organisation` });
          else if (!['active', 'dormant'].includes(c.status)) errors.push({ field: 'channel_ids', message: `channel '${c.display_name}' is ${c.status}: only active or dormant channels can publish` });
        }
        if (errors.length) throw invalid(errors);
      };
      if (p === '/api/v1/posts' && m === 'GET') {
        let items = db.posts.filter((x) => hasRole(me.id, x.organisation_id));
        if (q.get('organisation_id')) {
          const oid = Number(q.get('organisation_id'));
          if (!hasRole(me.id, oid)) throw new Problem(403, 'forbidden', `you have no role on organisation ${oid}`);
          const ids = subtree(oid);
          items = items.filter((x) => ids.has(x.organisation_id));
        }
        if (q.get('status')) items = items.filter((x) => x.status === q.get('status'));
        return send(res, 200, page([...items].reverse(), q));
      }
      if (p === '/api/v1/posts' && m === 'POST') {
        const b = await readBody(req);
        if (!b.variants || typeof b.variants !== 'object') throw invalid([{ field: 'variants', message: 'variants is required' }]);
        if (!orgById(b.organisation_id)) throw invalid([{ field: 'organisation_id', message: `organisation ${b.organisation_id} does not exist` }]);
        mayDraft(b);
        check(b, b.organisation_id);
        const t = now();
        const post = {
          id: ++db.next.post, organisation_id: b.organisation_id, content_type: b.content_type ?? 'other', status: 'draft', variants: b.variants, link_url: b.link_url ?? null,
          internal_notes: b.internal_notes ?? '', channel_ids: b.channel_ids ?? [], publish_at: null, time_zone: 'Europe/Brussels', version: 1, created_by: me.id, created_at: t, updated_at: t,
        };
        db.posts.push(post);
        return send(res, 201, view(post));
      }
      if ((mm = p.match(/^\/api\/v1\/posts\/(\d+)(\/schedule|\/cancel)?$/))) {
        const post = readPost(Number(mm[1]));
        if (m === 'GET' && !mm[2]) return send(res, 200, view(post));
        mayDraft(post);
        const b = await readBody(req);
        if (m === 'PATCH' && !mm[2]) {
          if (post.status !== 'draft') throw new Problem(409, 'conflict', `post ${post.id} is ${post.status}: cancel it first to change it`);
          check(b, post.organisation_id);
          for (const k of ['content_type', 'variants', 'link_url', 'internal_notes', 'channel_ids']) if (b[k] !== undefined) post[k] = b[k];
          post.version++;
          post.updated_at = now();
          return send(res, 200, view(post));
        }
        if (m === 'POST' && mm[2] === '/schedule') {
          let when = Date.now();
          if (!b.now) {
            if (b.publish_at) when = Date.parse(b.publish_at);
            else if (b.local_time) {
              const f = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(b.local_time);
              if (!f) throw invalid([{ field: 'local_time', message: `local_time must look like 2026-11-23T09:30 (got '${b.local_time}')` }]);
              const wall = Date.UTC(+f[1], +f[2] - 1, +f[3], +f[4], +f[5]);
              const zoned = (t) => {
                const o = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: b.time_zone || 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(t).map((x) => [x.type, x.value]));
                return Date.UTC(+o.year, +o.month - 1, +o.day, +o.hour, +o.minute);
              };
              when = wall - (zoned(wall) - wall);
            } else throw invalid([{ field: 'publish_at', message: 'say when: "now": true, publish_at (UTC) or local_time with time_zone' }]);
            if (when < Date.now() - 60e3) throw invalid([{ field: 'publish_at', message: 'the time is in the past: pick a later one' }]);
          }
          if (post.status !== 'draft') throw new Problem(409, 'conflict', `post ${post.id} is already ${post.status}`);
          if (!post.channel_ids.length) throw invalid([{ field: 'channel_ids', message: 'choose at least one channel first' }]);
          const pl = plan(post);
          if (!pl.ok) {
            const errors = [...pl.problems.map((x) => ({ field: 'channel_ids', message: x })), ...pl.renditions.flatMap((r) => r.problems.map((x) => ({ field: `channel:${r.channel_id}`, message: x })))];
            throw new Problem(400, 'invalid-request', `the post cannot go out as it is: ${errors.map((e) => e.message).join('; ')};`, { field: 'renditions', errors });
          }
          const at = new Date(when).toISOString().replace(/\.\d{3}Z$/, 'Z');
          const made = pl.renditions.map((r) => ({ id: ++db.next.rendition, post_id: post.id, channel_id: r.channel_id, languages: r.languages, text: r.text, status: 'scheduled', remote_id: null, remote_url: null, network_message: null, explanation: null, attempts: 0, publish_at: at, published_at: null, updated_at: now() }));
          db.renditions.push(...made);
          Object.assign(post, { status: 'scheduled', publish_at: at, time_zone: b.time_zone || 'Europe/Brussels', updated_at: now() });
          if (b.now) {
            // No channel is connected in the mock: every message fails, as on the real server.
            setTimeout(() => {
              for (const r of made) {
                const c = db.channels.find((x) => x.id === r.channel_id);
                Object.assign(r, { status: 'failed', explanation: `the channel is not connected to ${c?.network}: connect the account (credentials and server address) and publish again`, updated_at: now() });
              }
              post.status = 'failed';
            }, 500);
          }
          return send(res, 200, view(post));
        }
        if (m === 'POST' && mm[2] === '/cancel') {
          if (post.status !== 'scheduled') throw new Problem(409, 'conflict', `only a scheduled post can be cancelled (it is ${post.status})`);
          for (const r of db.renditions) if (r.post_id === post.id && r.status === 'scheduled') Object.assign(r, { status: 'cancelled', updated_at: now() });
          Object.assign(post, { status: 'draft', publish_at: null, updated_at: now() });
          return send(res, 200, view(post));
        }
      }
    }
    // audit
    if (p === '/api/v1/audit' && m === 'GET') {
      let items = db.audit.filter((e) => (e.organisation_id == null ? hasRole(me.id, db.orgs[0].id, ['administrator']) : hasRole(me.id, e.organisation_id, ['administrator', 'analyst'])));
      if (q.get('object_type')) {
        const ot = q.get('object_type');
        const oi = q.get('object_id');
        items = items.filter((e) => e.object_type === ot && (!oi || e.object_id === oi));
      }
      return send(res, 200, page(items, q));
    }
    if (await inbox.routes(req, res, url, me)) return;
    throw new Problem(404, 'not-found', `No route ${m} ${p}.`);
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    try {
      if (url.pathname === '/healthz') return send(res, 200, { status: 'ok', database: 'ok', engine: 'mock' });
      if (await inbox.hook(req, res, url)) return;
      if (url.pathname.startsWith('/api/')) await api(req, res, url);
      else staticFile(req, res, url.pathname);
    } catch (e) {
      if (e instanceof Problem) sendProblem(res, e, e.status === 429 ? { 'Retry-After': '900' } : {});
      else {
        console.log(JSON.stringify({ level: 'error', msg: String(e?.stack || e) }));
        sendProblem(res, new Problem(500, 'internal', 'Internal error.'));
      }
    }
    console.log(JSON.stringify({ level: 'info', method: req.method, path: url.pathname, status: res.statusCode }));
  });
  server.listen(Number(port), host, () => {
    const a = server.address();
    console.log(JSON.stringify({ listening: `http://${a.address}:${a.port}` }));
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 1000).unref();
  });
}

const [cmd, sub, ...rest] = process.argv.slice(2);
if (cmd === 'seed' && sub === 'demo') {
  writeFileSync(dbFile(arg(rest, '--database')), JSON.stringify(demo()));
  console.log(JSON.stringify({ seeded: 'demo' }));
} else if (cmd === 'serve') {
  serve([sub, ...rest]);
} else {
  console.error('usage: belfry-mock.mjs seed demo --database sqlite:PATH | serve --listen HOST:PORT --database sqlite:PATH --web-root DIR');
  process.exit(2);
}
