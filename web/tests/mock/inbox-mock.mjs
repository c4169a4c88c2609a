// The inbox and moderation part of the mock server (docs/design/inbox.md): a few realistic
// conversations in French, Dutch, German and English (one with <script> and a right-to-left
// override in the citizen's name, one overdue, one hidden insult), saved replies, teams, category
// rules, settings, the moderation queue and its decisions, metrics, and the live event stream.
// Like the rest of the mock it is NOT the product: it lets the web UI be developed and tested
// without the C++ server.
//
// POST /__mock/inbound {channel_id?, conversation_id?, text, language?, name?, handle?} adds a
// citizen message (outside /api: a test hook, no session) and emits the live event.

const READ = ['administrator', 'editor', 'reviewer', 'spokesperson', 'moderator', 'agency_member'];
const WORK = ['administrator', 'editor', 'spokesperson', 'moderator', 'agency_member'];
const MODERATE = ['administrator', 'moderator', 'spokesperson'];
const METRICS = [...READ, 'analyst'];
const REPLY_WRITERS = ['administrator', 'editor'];
const STATUSES = ['new', 'assigned', 'waiting', 'answered', 'closed'];
const MOD_CATEGORIES = ['insult', 'racism', 'discrimination', 'violence', 'spam', 'personal_data'];
const DEFAULT_RESPONSE = { target: 'same_business_day', target_hours: 8, business_days: [1, 2, 3, 4, 5], day_start: '09:00', day_end: '17:00' };
const DEFAULT_MODERATION = { hide_threshold: 0.9, queue_threshold: 0.5, categories: [...MOD_CATEGORIES], use_model: false };

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const fold = (s) =>
  String(s ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .toLowerCase();

/** Adds the inbox world to the demo (accounts on Mastodon and Bluesky, people, conversations…). */
export function seedInbox(world) {
  const t0 = Date.now();
  const ago = (min) => iso(t0 - min * 60e3);
  const later = (min) => iso(t0 + min * 60e3);
  const org = (slug) => world.orgs.find((o) => o.slug === slug).id;
  const gov = org('federal-government');
  const chancellery = org('chancellery');
  const fa = org('foreign-affairs');
  const emp = org('employment');

  const t = iso(t0);
  const addUser = (username, display_name, locale) => {
    const id = ++world.next.user;
    world.users.push({ id, username, display_name, email: `${username}@example.be`, locale, disabled: false, created_at: t, last_login_at: null, password: 'belfry-demo-2026' });
    return id;
  };
  const grant = (user_id, organisation_id, role) => world.grants.push({ id: ++world.next.grant, user_id, organisation_id, role, expires_at: null, granted_by: 1, created_at: t });
  const moderator = addUser('moderator.employment', 'Modératrice Emploi', 'fr');
  grant(moderator, emp, 'moderator');
  const agent = addUser('communicator.pm', 'Sophie Peeters', 'nl');
  grant(agent, chancellery, 'editor');

  const addChannel = (organisation_id, network, handle, url, display_name, languages) => {
    const id = ++world.next.channel;
    world.channels.push({
      id, organisation_id, network, handle, platform_account_id: null, url, display_name, languages, status: 'active', status_changed_at: t,
      primary_contact_id: null, backup_contact_id: null, policy_url: null, tags: [], last_validated_at: t, created_at: t, updated_at: t,
    });
    return id;
  };
  const pmMastodon = addChannel(chancellery, 'mastodon', 'premier@social.belgium.be', 'https://social.belgium.be/@premier', 'Premier ministre / Eerste minister', ['fr', 'nl', 'de', 'en']);
  const faBluesky = addChannel(fa, 'bluesky', 'diplomatie.bsky.social', 'https://bsky.app/profile/diplomatie.bsky.social', 'Diplomatie.be', ['fr', 'nl', 'en']);
  const empMastodon = addChannel(emp, 'mastodon', 'werk@social.belgium.be', 'https://social.belgium.be/@werk', 'SPF Emploi / FOD Werk', ['fr', 'nl']);
  const faX = world.channels.find((c) => c.handle === 'diplobel' && c.network === 'x').id;

  const inbox = {
    conversations: [],
    items: [],
    notes: [],
    drafting: [],
    teams: [{ id: 1, organisation_id: chancellery, name: 'Web PM', member_ids: [1, agent] }],
    savedReplies: [],
    rules: [],
    inboxSettings: { [fa]: { ...DEFAULT_RESPONSE, day_start: '08:30', day_end: '17:30' } },
    moderationSettings: { [emp]: { ...DEFAULT_MODERATION, hide_threshold: 0.85 } },
    terms: [],
    decisions: [],
    next: { conversation: 0, item: 0, note: 0, team: 1, reply: 0, rule: 0, term: 0, decision: 0, event: 0 },
  };
  world.inbox = inbox;
  const channelOf = (id) => world.channels.find((c) => c.id === id);

  const conversation = (channelId, citizen, language, extra = {}) => {
    const c = {
      id: ++inbox.next.conversation, channel_id: channelId, organisation_id: channelOf(channelId).organisation_id, kind: 'reply', post_id: null, citizen, language,
      status: 'new', assignee: null, category: null, first_inbound_at: null, last_inbound_at: null, first_response_at: null, first_response_by: null, last_response_at: null, due_at: null, ...extra,
    };
    inbox.conversations.push(c);
    return c;
  };
  const inbound = (c, minutesAgo, text, moderation = { state: 'none', category: null, score: null }) => {
    const id = ++inbox.next.item;
    const ch = channelOf(c.channel_id);
    const at = ago(minutesAgo);
    inbox.items.push({
      id, conversation_id: c.id, direction: 'in', kind: c.kind, remote_id: `r${id}`, url: `${ch.url}/${100000 + id}`, parent_remote_id: null,
      author: { ...c.citizen }, text, language: c.language, created_at: at, received_at: at, sent_by: null, send_state: null, send_message: null, moderation,
    });
    c.first_inbound_at ??= at;
    c.last_inbound_at = at;
    return id;
  };
  const answer = (c, minutesAgo, text, by) => {
    const id = ++inbox.next.item;
    const ch = channelOf(c.channel_id);
    const at = ago(minutesAgo);
    inbox.items.push({
      id, conversation_id: c.id, direction: 'out', kind: 'answer', remote_id: `r${id}`, url: `${ch.url}/${100000 + id}`, parent_remote_id: null,
      author: { id: ch.handle, handle: ch.handle, name: ch.display_name }, text, language: c.language, created_at: at, received_at: at,
      sent_by: by, send_state: 'sent', send_message: null, moderation: { state: 'none', category: null, score: null },
    });
    c.first_response_at ??= at;
    c.first_response_by ??= by.id;
    c.last_response_at = at;
    return id;
  };
  const decision = (itemId, d) => {
    const item = inbox.items.find((i) => i.id === itemId);
    inbox.decisions.push({
      id: ++inbox.next.decision, item_id: itemId, action: d.action, source: d.source ?? 'rule', category: d.category, score: d.score, rule: d.rule ?? null, reason: d.reason ?? null,
      original_text: item.text, decided_by: null, decided_by_name: null, reverses: null, network_result: d.network_result ?? 'none', network_message: d.network_message ?? null, created_at: item.received_at,
    });
  };

  // 1. French, eID PIN code: new, due in 3 hours.
  let c = conversation(pmMastodon, { id: '1001', handle: 'marie.dubois@mastodon.social', name: 'Marie Dubois' }, 'fr', { category: 'eid', due_at: later(180) });
  inbound(c, 25, 'Bonjour, le code PIN de ma carte eID est bloqué après trois essais. Où puis-je obtenir un nouveau code ?');
  // 2. Dutch, travel advice: assigned, overdue.
  c = conversation(faBluesky, { id: 'did:plc:jan', handle: 'jan-peeters.bsky.social', name: 'Jan Peeters' }, 'nl', { category: 'travel', status: 'assigned', assignee: { type: 'user', id: 2 }, due_at: ago(300) });
  inbound(c, 1500, 'Is het veilig om volgende maand naar Egypte te reizen? Ik vind het reisadvies niet terug op de website.');
  inbound(c, 900, 'Nog een vraag: heb ik een visum nodig voor Sharm-el-Sheikh?');
  inbox.notes.push({ id: ++inbox.next.note, conversation_id: c.id, author: { id: 1, name: 'Administrator' }, text: 'Het reisadvies voor Egypte is gisteren bijgewerkt.\nEerst de pagina controleren.', created_at: ago(600) });
  // 3. German, a form: waiting on the citizen; someone else is writing.
  c = conversation(pmMastodon, { id: '1003', handle: 'kmueller@troet.cafe', name: 'Klaus Müller' }, 'de', { category: 'form', status: 'waiting', kind: 'mention', due_at: later(60 * 20) });
  inbound(c, 240, 'Guten Tag,\nwo finde ich das Formular für die Familienbeihilfe auf Deutsch?\n\nVielen Dank!');
  inbox.drafting.push({ conversation_id: c.id, user_id: agent, name: 'Sophie Peeters', at: ago(0), sticky: true });
  // 4. English, lost passport: answered on time.
  c = conversation(faX, { id: '4004', handle: 'sjohnson', name: 'Sarah Johnson' }, 'en', { category: 'travel', status: 'answered', assignee: { type: 'user', id: 2 }, due_at: ago(60) });
  inbound(c, 200, 'Who do I contact at the embassy in Cairo about a lost passport?');
  answer(c, 150, 'Hello Sarah, please contact the consular section of our embassy in Cairo: https://egypt.diplomatie.belgium.be', { id: 2, name: 'Éditrice Affaires étrangères' });
  // 5. HTML, script and a right-to-left override in the name and the text.
  c = conversation(pmMastodon, { id: '6666', handle: 'evil@bad.example', name: 'Evil \u202Egnp.exe <script>alert(1)</script>' }, 'fr', { kind: 'direct', due_at: later(200) });
  inbound(c, 10, '<script>alert(1)</script><img src=x onerror=alert(2)> Bonjour, \u202Eelbatpecca\u202C ? <b>gras</b>\nDeuxième ligne');
  // 6. A Dutch insult, hidden at once on Bluesky.
  c = conversation(faBluesky, { id: 'did:plc:troll', handle: 'troll42.bsky.social', name: 'Troll 42' }, 'nl', { status: 'closed' });
  let i = inbound(c, 50, 'Stelletje klootzakken, jullie doen nooit iets!', { state: 'hidden', category: 'insult', score: 0.96 });
  decision(i, { action: 'hide', category: 'insult', score: 0.96, rule: 'insult: klootzak (nl)', reason: 'score 0.96 at or above the hide threshold 0.90', network_result: 'hidden' });
  // 7. French, queued for a moderator.
  c = conversation(empMastodon, { id: '7007', handle: 'colere@piaille.fr', name: 'Jean Colère' }, 'fr', { due_at: later(120) });
  i = inbound(c, 35, 'Ces fonctionnaires sont des incapables et des parasites.', { state: 'queued', category: 'insult', score: 0.62 });
  decision(i, { action: 'queue', category: 'insult', score: 0.62, rule: 'insult: parasite (fr)', reason: 'score 0.62 between the thresholds 0.50 and 0.85' });
  // 8. English, racism on Mastodon: not hidden (the network cannot hide replies).
  c = conversation(empMastodon, { id: '8008', handle: 'angry@mastodon.online', name: 'Angry Citizen' }, 'en', { due_at: later(100) });
  i = inbound(c, 20, 'Go back to your country, you people ruin everything.', { state: 'not_hidden', category: 'racism', score: 0.93 });
  decision(i, { action: 'hide', category: 'racism', score: 0.93, rule: 'racism: go back to your country (en)', reason: 'score 0.93 at or above the hide threshold 0.85', network_result: 'not_supported', network_message: 'Mastodon cannot hide replies to a status' });
  // 9. Personal data posted publicly, queued.
  c = conversation(pmMastodon, { id: '9009', handle: 'p.lambert@mastodon.social', name: 'Pierre Lambert' }, 'fr', { category: 'eid', due_at: later(150) });
  i = inbound(c, 15, 'Mon numéro de registre national est 85.07.30-033.61, pouvez-vous vérifier mon dossier ?', { state: 'queued', category: 'personal_data', score: 0.7 });
  decision(i, { action: 'queue', category: 'personal_data', score: 0.7, rule: 'personal_data: national register number', reason: 'personal data in a public reply' });

  const reply = (organisation_id, name, category, link, variants) => inbox.savedReplies.push({ id: ++inbox.next.reply, organisation_id, name, category, link, variants, created_at: t, updated_at: t });
  reply(gov, 'Accusé de réception / Ontvangstbevestiging', null, null, [
    { language: 'fr', text: 'Bonjour {citizen_name}, merci pour votre message. Nous vous répondons au plus vite.' },
    { language: 'nl', text: 'Dag {citizen_name}, bedankt voor uw bericht. We antwoorden zo snel mogelijk.' },
    { language: 'de', text: 'Guten Tag {citizen_name}, vielen Dank für Ihre Nachricht. Wir antworten so schnell wie möglich.' },
    { language: 'en', text: 'Hello {citizen_name}, thank you for your message. We will answer as soon as we can.' },
  ]);
  reply(chancellery, 'eID : nouveau code PIN', 'eid', 'https://eid.belgium.be', [
    { language: 'fr', text: 'Bonjour {citizen_name},\nvous pouvez demander un nouveau code PIN à votre commune ou en ligne : {link}\n— {channel}' },
    { language: 'nl', text: 'Dag {citizen_name},\nu kunt een nieuwe pincode aanvragen bij uw gemeente of online: {link}\n— {channel}' },
    { language: 'en', text: 'Hello {citizen_name},\nyou can ask your municipality for a new PIN code, or online: {link}\n— {channel}' },
  ]);
  reply(fa, 'Reisadvies / Conseils aux voyageurs', 'travel', 'https://diplomatie.belgium.be/fr/voyager', [
    { language: 'fr', text: 'Bonjour {citizen_name}, les conseils aux voyageurs sont à jour ici : {link}' },
    { language: 'nl', text: 'Dag {citizen_name}, het actuele reisadvies vindt u hier: {link}' },
    { language: 'en', text: 'Hello {citizen_name}, the current travel advice is here: {link}' },
  ]);

  const rule = (organisation_id, category, language, keywords, position) => inbox.rules.push({ id: ++inbox.next.rule, organisation_id, category, language, keywords, position });
  rule(chancellery, 'eid', 'fr', ['eid', 'code pin', 'carte d’identité'], 1);
  rule(chancellery, 'eid', 'nl', ['eid', 'pincode', 'identiteitskaart'], 2);
  rule(chancellery, 'form', null, ['formulaire', 'formulier', 'Formular'], 3);
  rule(fa, 'travel', null, ['voyage', 'reisadvies', 'travel', 'passeport', 'paspoort'], 1);

  const term = (organisation_id, kind, category, language, text) => inbox.terms.push({ id: ++inbox.next.term, organisation_id, kind, category, language, term: text, created_by_name: 'Administrator', created_at: t });
  term(gov, 'add', 'insult', 'nl', 'klootzak');
  term(gov, 'add', 'insult', 'fr', 'connard');
  term(gov, 'add', 'insult', 'fr', 'parasite');
  term(gov, 'add', 'racism', 'en', 'go back to your country');
  term(emp, 'allow', 'insult', 'de', 'Kloten');
}

/** Belgian public holidays of a year (key, YYYY-MM-DD). */
function holidays(year) {
  // Anonymous Gregorian algorithm for Easter Sunday.
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = Date.UTC(year, month - 1, day);
  const plus = (n) => new Date(easter + n * 86400e3).toISOString().slice(0, 10);
  const fixed = (mm, dd) => `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  return [
    { date: fixed(1, 1), key: 'new_year' },
    { date: plus(1), key: 'easter_monday' },
    { date: fixed(5, 1), key: 'labour_day' },
    { date: plus(39), key: 'ascension' },
    { date: plus(50), key: 'whit_monday' },
    { date: fixed(7, 21), key: 'national_day' },
    { date: fixed(8, 15), key: 'assumption' },
    { date: fixed(11, 1), key: 'all_saints' },
    { date: fixed(11, 11), key: 'armistice' },
    { date: fixed(12, 25), key: 'christmas' },
  ].sort((x, y) => (x.date < y.date ? -1 : 1));
}

/**
 * The routes. `ctx` gives the main mock's helpers: { db, send, Problem, invalid, readBody,
 * hasRole, subtree, ancestors, orgById, userById, page, now }. Returns true when it answered.
 */
export function createInbox(ctx) {
  const { db, send, Problem, invalid, readBody, hasRole, subtree, ancestors, orgById, userById, page } = ctx;
  const ib = db.inbox;
  const clients = new Set();
  const orgName = (id) => {
    const o = orgById(id);
    return o ? o.names.en || o.names.fr || o.slug : `#${id}`;
  };
  const channelOf = (id) => db.channels.find((c) => c.id === id);
  const personName = (id) => {
    const u = userById(id);
    return u ? u.display_name || u.username : `#${id}`;
  };
  const isOpen = (c) => c.status !== 'answered' && c.status !== 'closed';
  const overdue = (c) => !!c.due_at && isOpen(c) && Date.parse(c.due_at) < Date.now();
  const itemsOf = (cid) => ib.items.filter((i) => i.conversation_id === cid).sort((a, b) => a.id - b.id);
  const assigneeView = (a) => (a ? { type: a.type, id: a.id, name: a.type === 'team' ? (ib.teams.find((x) => x.id === a.id)?.name ?? `#${a.id}`) : personName(a.id) } : null);
  const conversationView = (c) => {
    const ch = channelOf(c.channel_id);
    const items = itemsOf(c.id);
    const lastIn = [...items].reverse().find((i) => i.direction === 'in');
    return {
      id: c.id, organisation: { id: c.organisation_id, name: orgName(c.organisation_id) }, channel: { id: ch.id, handle: ch.handle, network: ch.network, display_name: ch.display_name },
      kind: c.kind, post_id: c.post_id, citizen: c.citizen, language: c.language, status: c.status, assignee: assigneeView(c.assignee), category: c.category,
      first_inbound_at: c.first_inbound_at, last_inbound_at: c.last_inbound_at, first_response_at: c.first_response_at, last_response_at: c.last_response_at,
      due_at: c.due_at, overdue: overdue(c), item_count: items.length, last_text: (lastIn?.text ?? '').slice(0, 280),
    };
  };
  const emit = (type, c, itemId = null) => {
    const id = ++ib.next.event;
    const data = JSON.stringify({ type, conversation_id: c.id, organisation_id: c.organisation_id, item_id: itemId });
    for (const cl of clients) if (hasRole(cl.userId, c.organisation_id, READ)) cl.res.write(`id: ${id}\nevent: inbox\ndata: ${data}\n\n`);
  };
  const mayRead = (me, orgId) => hasRole(me.id, orgId, READ);
  const conversationFor = (me, id, roles = READ) => {
    const c = ib.conversations.find((x) => x.id === Number(id));
    if (!c || !mayRead(me, c.organisation_id)) throw new Problem(404, 'not-found', `conversation ${id} does not exist or is not yours to read`);
    if (!hasRole(me.id, c.organisation_id, roles)) throw new Problem(403, 'forbidden', `your roles on ${orgName(c.organisation_id)} do not allow this`);
    return c;
  };
  const scopeOf = (me, q) => {
    if (q.get('organisation_id')) {
      const oid = Number(q.get('organisation_id'));
      return (orgId) => subtree(oid).has(orgId) && mayRead(me, orgId);
    }
    return (orgId) => mayRead(me, orgId);
  };
  const effective = (table, orgId, defaults) => {
    for (const id of [...ancestors(orgId)].reverse()) if (table[id]) return { settings: table[id], set_by: { id, name: orgName(id) } };
    return { settings: defaults, set_by: null };
  };
  const requireOn = (me, orgId, roles, what) => {
    if (!orgById(orgId)) throw invalid([{ field: 'organisation_id', message: `organisation ${orgId} does not exist` }]);
    if (!hasRole(me.id, orgId, roles)) throw new Problem(403, 'forbidden', `you may not ${what} for ${orgName(orgId)}`);
  };
  const score = (orgId, text) => {
    const folded = fold(text);
    const terms = ib.terms.filter((x) => ancestors(orgId).includes(x.organisation_id));
    const allowed = terms.filter((x) => x.kind === 'allow').map((x) => fold(x.term));
    const scores = Object.fromEntries(MOD_CATEGORIES.map((k) => [k, 0.02]));
    const found = [];
    for (const x of terms.filter((y) => y.kind === 'add')) {
      const w = fold(x.term);
      if (folded.includes(w) && !allowed.some((a) => a.includes(w))) {
        scores[x.category] = 0.95;
        found.push({ category: x.category, language: x.language, term: x.term });
      }
    }
    const personal = [];
    for (const [kind, re] of [
      ['email', /[\w.+-]+@[\w-]+\.[\w.]+/g],
      ['national_number', /\b\d{2}\.?\d{2}\.?\d{2}-?\d{3}\.?\d{2}\b/g],
      ['iban', /\bBE\d{2}(?: ?\d{4}){3}\b/g],
      ['phone', /(?:\+32|\b0)4\d{2}(?:[ ./]?\d{2}){3}\b/g],
    ])
      for (const m of text.matchAll(re)) personal.push({ kind, text: m[0] });
    if (personal.length) scores.personal_data = 0.8;
    const s = effective(ib.moderationSettings, orgId, DEFAULT_MODERATION).settings;
    let best = null;
    for (const k of s.categories) if (!best || scores[k] > scores[best]) best = k;
    const top = best ? scores[best] : 0;
    const action = top >= s.hide_threshold ? 'hide' : top >= s.queue_threshold ? 'queue' : 'none';
    return { scores, terms: found, personal_data: personal, action, category: action === 'none' ? null : best };
  };
  const addInbound = ({ channel_id, conversation_id, text, language, name, handle }) => {
    let c = conversation_id ? ib.conversations.find((x) => x.id === Number(conversation_id)) : null;
    const ch = channelOf(c ? c.channel_id : Number(channel_id) || db.channels.find((x) => x.network === 'mastodon')?.id);
    if (!ch) throw new Problem(400, 'invalid-request', 'no such channel');
    const at = iso(Date.now());
    if (!c) {
      c = {
        id: ++ib.next.conversation, channel_id: ch.id, organisation_id: ch.organisation_id, kind: 'reply', post_id: null,
        citizen: { id: `c${Date.now()}`, handle: handle || 'citizen@example.social', name: name ?? 'Citizen' }, language: language || 'fr', status: 'new', assignee: null, category: null,
        first_inbound_at: at, last_inbound_at: at, first_response_at: null, first_response_by: null, last_response_at: null, due_at: iso(Date.now() + 4 * 3600e3),
      };
      ib.conversations.push(c);
    }
    const verdict = score(c.organisation_id, String(text));
    const state = verdict.action === 'hide' ? (ch.network === 'mastodon' ? 'not_hidden' : 'hidden') : verdict.action === 'queue' ? 'queued' : 'none';
    const id = ++ib.next.item;
    ib.items.push({
      id, conversation_id: c.id, direction: 'in', kind: c.kind, remote_id: `r${id}`, url: `${ch.url}/${100000 + id}`, parent_remote_id: null, author: { ...c.citizen },
      text: String(text), language: c.language, created_at: at, received_at: at, sent_by: null, send_state: null, send_message: null,
      moderation: { state, category: verdict.category, score: verdict.category ? verdict.scores[verdict.category] : null },
    });
    c.last_inbound_at = at;
    if (!isOpen(c)) c.status = c.assignee ? 'assigned' : 'new';
    if (state !== 'none') {
      ib.decisions.push({
        id: ++ib.next.decision, item_id: id, action: verdict.action, source: 'rule', category: verdict.category, score: verdict.scores[verdict.category], rule: verdict.terms.map((x) => `${x.category}: ${x.term}`).join('; ') || null,
        reason: 'automatic', original_text: String(text), decided_by: null, decided_by_name: null, reverses: null,
        network_result: state === 'hidden' ? 'hidden' : state === 'not_hidden' ? 'not_supported' : 'none', network_message: null, created_at: at,
      });
    }
    emit('item', c, id);
    return { conversation_id: c.id, item_id: id };
  };
  const stats = (cs) => {
    const answered = cs.filter((c) => c.first_response_at);
    const times = answered.map((c) => Date.parse(c.first_response_at) - Date.parse(c.first_inbound_at)).sort((a, b) => a - b);
    const pct = (p) => (times.length ? times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)] : null);
    return {
      conversations: cs.length, answered: answered.length, response_rate: cs.length ? answered.length / cs.length : 0, median_ms: pct(0.5), p90_ms: pct(0.9),
      answered_on_time: answered.filter((c) => !c.due_at || c.first_response_at <= c.due_at).length, overdue_open: cs.filter(overdue).length,
    };
  };
  const group = (cs, key) => {
    const m = new Map();
    for (const c of cs) {
      const k = key(c);
      if (k == null) continue;
      if (!m.has(k)) m.set(k, []);
      m.get(k).push(c);
    }
    return [...m.entries()];
  };
  const queueEntry = (i) => {
    const c = ib.conversations.find((x) => x.id === i.conversation_id);
    const ch = channelOf(c.channel_id);
    const ds = ib.decisions.filter((d) => d.item_id === i.id).sort((a, b) => a.id - b.id);
    return { item: i, conversation_id: c.id, channel: { id: ch.id, handle: ch.handle, network: ch.network }, latest: ds[ds.length - 1] ?? null };
  };

  async function hook(req, res, url) {
    if (url.pathname !== '/__mock/inbound' || req.method !== 'POST') return false;
    const chunks = [];
    for await (const x of req) chunks.push(x);
    const b = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    send(res, 201, addInbound(b));
    return true;
  }

  async function routes(req, res, url, me) {
    const q = url.searchParams;
    const p = url.pathname;
    const m = req.method;
    let mm;
    if (p === '/api/v1/inbox/events' && m === 'GET') {
      if (!READ.some((r) => db.grants.some((g) => g.user_id === me.id && g.role === r))) throw new Problem(403, 'forbidden', 'you do not read any inbox');
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.write(': connected\n\n');
      const cl = { res, userId: me.id };
      clients.add(cl);
      const ping = setInterval(() => res.write(': ping\n\n'), 15000);
      req.on('close', () => {
        clearInterval(ping);
        clients.delete(cl);
      });
      return true;
    }
    if (p === '/api/v1/inbox/conversations' && m === 'GET') {
      const inScope = scopeOf(me, q);
      let cs = ib.conversations.filter((c) => inScope(c.organisation_id));
      if (q.get('channel_id')) cs = cs.filter((c) => c.channel_id === Number(q.get('channel_id')));
      if (q.get('network')) cs = cs.filter((c) => channelOf(c.channel_id).network === q.get('network'));
      if (q.get('language')) cs = cs.filter((c) => c.language === q.get('language'));
      if (q.get('category')) cs = cs.filter((c) => c.category === q.get('category'));
      const a = q.get('assignee');
      if (a === 'me') cs = cs.filter((c) => (c.assignee?.type === 'user' && c.assignee.id === me.id) || (c.assignee?.type === 'team' && ib.teams.find((x) => x.id === c.assignee.id)?.member_ids.includes(me.id)));
      else if (a === 'none') cs = cs.filter((c) => !c.assignee);
      else if (a && a.startsWith('team:')) cs = cs.filter((c) => c.assignee?.type === 'team' && c.assignee.id === Number(a.slice(5)));
      else if (a) cs = cs.filter((c) => c.assignee?.type === 'user' && c.assignee.id === Number(a));
      if (q.get('overdue') === 'true') cs = cs.filter(overdue);
      if (q.get('q')) {
        const words = fold(q.get('q')).split(/\s+/).filter(Boolean);
        cs = cs.filter((c) => {
          const hay = fold([c.citizen.name, c.citizen.handle, ...itemsOf(c.id).map((i) => i.text)].join(' '));
          return words.every((w) => hay.includes(w));
        });
      }
      const counts = Object.fromEntries(STATUSES.map((s) => [s, cs.filter((c) => c.status === s).length]));
      const statuses = q.getAll('status').flatMap((s) => s.split(',')).filter(Boolean);
      if (statuses.length) cs = cs.filter((c) => statuses.includes(c.status));
      const sort = q.get('sort') || 'recent';
      cs = [...cs].sort((x, y) => {
        if (sort === 'due') return (x.due_at ?? '9999') < (y.due_at ?? '9999') ? -1 : 1;
        if (sort === 'oldest') return x.last_inbound_at < y.last_inbound_at ? -1 : 1;
        return x.last_inbound_at > y.last_inbound_at ? -1 : 1;
      });
      return send(res, 200, { ...page(cs.map(conversationView), q), counts }), true;
    }
    if ((mm = p.match(/^\/api\/v1\/inbox\/conversations\/(\d+)$/)) && m === 'GET') {
      const c = conversationFor(me, mm[1]);
      const path = ancestors(c.organisation_id);
      const replies = ib.savedReplies.filter((r) => path.includes(r.organisation_id)).sort((x, y) => (x.category === c.category ? 0 : 1) - (y.category === c.category ? 0 : 1));
      const actions = [];
      if (hasRole(me.id, c.organisation_id, WORK)) actions.push('answer', 'assign', 'status', 'note');
      if (hasRole(me.id, c.organisation_id, MODERATE)) actions.push('moderate');
      const drafting = ib.drafting.filter((d) => d.conversation_id === c.id && d.user_id !== me.id && (d.sticky || Date.now() - Date.parse(d.at) < 90e3)).map(({ user_id, name, at }) => ({ user_id, name, at }));
      return send(res, 200, { conversation: conversationView(c), items: itemsOf(c.id), notes: ib.notes.filter((n) => n.conversation_id === c.id), drafting, saved_replies: replies, actions }), true;
    }
    if ((mm = p.match(/^\/api\/v1\/inbox\/conversations\/(\d+)\/(assign|status|category|notes|drafting|answer)$/))) {
      const c = conversationFor(me, mm[1], WORK);
      const what = mm[2];
      if (what === 'drafting') {
        ib.drafting = ib.drafting.filter((d) => !(d.conversation_id === c.id && d.user_id === me.id));
        if (m === 'DELETE') return send(res, 204), true;
        ib.drafting.push({ conversation_id: c.id, user_id: me.id, name: me.display_name || me.username, at: iso(Date.now()) });
        const others = ib.drafting.filter((d) => d.conversation_id === c.id && d.user_id !== me.id && (d.sticky || Date.now() - Date.parse(d.at) < 90e3)).map(({ user_id, name, at }) => ({ user_id, name, at }));
        return send(res, 200, { others }), true;
      }
      const b = await readBody(req);
      if (what === 'assign') {
        if (b.user_id != null && !userById(Number(b.user_id))) throw invalid([{ field: 'user_id', message: `user ${b.user_id} does not exist` }]);
        if (b.team_id != null && !ib.teams.some((x) => x.id === Number(b.team_id))) throw invalid([{ field: 'team_id', message: `team ${b.team_id} does not exist` }]);
        c.assignee = b.user_id != null ? { type: 'user', id: Number(b.user_id) } : b.team_id != null ? { type: 'team', id: Number(b.team_id) } : null;
        if (c.assignee && c.status === 'new') c.status = 'assigned';
        if (!c.assignee && c.status === 'assigned') c.status = 'new';
      } else if (what === 'status') {
        if (!STATUSES.includes(b.status)) throw invalid([{ field: 'status', message: `status must be one of ${STATUSES.join(', ')}` }]);
        c.status = b.status;
      } else if (what === 'category') {
        c.category = b.category ? String(b.category) : null;
      } else if (what === 'notes') {
        if (!b.text || !String(b.text).trim()) throw invalid([{ field: 'text', message: 'write the note' }]);
        const n = { id: ++ib.next.note, conversation_id: c.id, author: { id: me.id, name: me.display_name || me.username }, text: String(b.text), created_at: iso(Date.now()) };
        ib.notes.push(n);
        return send(res, 201, n), true;
      } else if (what === 'answer') {
        let text = b.text != null ? String(b.text) : '';
        if (!text.trim() && b.saved_reply_id != null) {
          const r = ib.savedReplies.find((x) => x.id === Number(b.saved_reply_id));
          if (!r) throw invalid([{ field: 'saved_reply_id', message: `saved reply ${b.saved_reply_id} does not exist` }]);
          const v = r.variants.find((x) => x.language === (b.language || c.language)) ?? r.variants[0];
          const ch = channelOf(c.channel_id);
          text = v.text.replace(/\{citizen_name\}/g, c.citizen.name || c.citizen.handle).replace(/\{citizen_handle\}/g, `@${c.citizen.handle}`).replace(/\{link\}/g, r.link ?? '').replace(/\{channel\}/g, ch.display_name);
        }
        if (!text.trim()) throw invalid([{ field: 'text', message: 'write an answer or choose a saved reply' }]);
        if (b.last_seen_item_id == null) throw invalid([{ field: 'last_seen_item_id', message: 'say which message you saw last' }]);
        const theirs = itemsOf(c.id).filter((i) => i.direction === 'out' && i.id > Number(b.last_seen_item_id) && i.sent_by?.id !== me.id);
        if (theirs.length && !b.force) {
          const by = theirs[theirs.length - 1].sent_by;
          return send(res, 409, { type: '/problems/conflict', field: 'collision', title: 'Someone else answered', status: 409, detail: `${by?.name ?? 'Someone'} answered after the last message you saw: read it, or send anyway with force.`, answered_by: by, items: theirs }, { 'Content-Type': 'application/problem+json' }), true;
        }
        const ch = channelOf(c.channel_id);
        const at = iso(Date.now());
        const id = ++ib.next.item;
        const item = {
          id, conversation_id: c.id, direction: 'out', kind: 'answer', remote_id: null, url: null, parent_remote_id: null,
          author: { id: ch.handle, handle: ch.handle, name: ch.display_name }, text, language: b.language || c.language, created_at: at, received_at: at,
          sent_by: { id: me.id, name: me.display_name || me.username }, send_state: 'pending', send_message: null, moderation: { state: 'none', category: null, score: null },
        };
        ib.items.push(item);
        c.first_response_at ??= at;
        c.first_response_by ??= me.id;
        c.last_response_at = at;
        c.status = 'answered';
        ib.drafting = ib.drafting.filter((d) => !(d.conversation_id === c.id && d.user_id === me.id));
        setTimeout(() => {
          Object.assign(item, { send_state: 'sent', remote_id: `r${id}`, url: `${ch.url}/${100000 + id}` });
          emit('item', c, id);
        }, 1200);
        emit('item', c, id);
        return send(res, 202, item), true;
      }
      emit('conversation', c);
      return send(res, 200, conversationView(c)), true;
    }
    if (p === '/api/v1/inbox/search' && m === 'GET') {
      if (!q.get('q') || !q.get('q').trim()) throw invalid([{ field: 'q', message: 'give the words to search for' }]);
      const inScope = scopeOf(me, q);
      const words = fold(q.get('q')).split(/\s+/).filter(Boolean);
      let items = ib.items.filter((i) => {
        const c = ib.conversations.find((x) => x.id === i.conversation_id);
        return inScope(c.organisation_id) && words.every((w) => fold(i.text).includes(w));
      });
      if (q.get('channel_id')) items = items.filter((i) => ib.conversations.find((x) => x.id === i.conversation_id).channel_id === Number(q.get('channel_id')));
      if (q.get('language')) items = items.filter((i) => i.language === q.get('language'));
      if (q.get('direction')) items = items.filter((i) => i.direction === q.get('direction'));
      return send(res, 200, page([...items].reverse(), q)), true;
    }
    if (p === '/api/v1/inbox/metrics' && m === 'GET') {
      const oid = q.get('organisation_id') ? Number(q.get('organisation_id')) : null;
      const from = q.get('from') ? Date.parse(q.get('from')) : Date.now() - 30 * 86400e3;
      const to = q.get('to') ? Date.parse(q.get('to')) : Date.now() + 1;
      const cs = ib.conversations.filter((c) => hasRole(me.id, c.organisation_id, METRICS) && (!oid || subtree(oid).has(c.organisation_id)) && Date.parse(c.first_inbound_at) >= from && Date.parse(c.first_inbound_at) < to);
      return send(res, 200, {
        from: iso(from), to: iso(to), total: stats(cs),
        by_organisation: group(cs, (c) => c.organisation_id).map(([id, x]) => ({ id, name: orgName(id), stats: stats(x) })),
        by_channel: group(cs, (c) => c.channel_id).map(([id, x]) => ({ id, name: channelOf(id).display_name, network: channelOf(id).network, stats: stats(x) })),
        by_person: group(cs, (c) => c.first_response_by).map(([id, x]) => ({ id, name: personName(id), stats: stats(x) })),
        by_network: group(cs, (c) => channelOf(c.channel_id).network).map(([network, x]) => ({ network, stats: stats(x) })),
      }), true;
    }
    if ((mm = p.match(/^\/api\/v1\/organisations\/(\d+)\/(inbox-settings|moderation-settings)$/))) {
      const oid = Number(mm[1]);
      if (!orgById(oid) || !hasRole(me.id, oid) && !db.orgs.some((o) => subtree(oid).has(o.id) && hasRole(me.id, o.id))) throw new Problem(404, 'not-found', `no organisation ${oid}`);
      const inbox = mm[2] === 'inbox-settings';
      const table = inbox ? ib.inboxSettings : ib.moderationSettings;
      const defaults = inbox ? DEFAULT_RESPONSE : DEFAULT_MODERATION;
      if (m === 'PUT') {
        requireOn(me, oid, ['administrator'], 'change these settings');
        const b = await readBody(req);
        const s = b.settings;
        if (s == null) delete table[oid];
        else if (inbox) {
          const errors = [];
          if (!['same_business_day', 'next_business_day', 'hours'].includes(s.target)) errors.push({ field: 'target', message: 'target must be same_business_day, next_business_day or hours' });
          if (!Array.isArray(s.business_days) || !s.business_days.length || s.business_days.some((d) => !(d >= 1 && d <= 7))) errors.push({ field: 'business_days', message: 'tick at least one day (1 = Monday … 7 = Sunday)' });
          if (!/^\d{2}:\d{2}$/.test(s.day_start ?? '') || !/^\d{2}:\d{2}$/.test(s.day_end ?? '') || s.day_end <= s.day_start) errors.push({ field: 'day_end', message: 'the business day must end after it starts (HH:MM)' });
          if (errors.length) throw invalid(errors);
          table[oid] = { target: s.target, target_hours: Number(s.target_hours) || 8, business_days: s.business_days, day_start: s.day_start, day_end: s.day_end };
        } else {
          const errors = [];
          if (!(s.hide_threshold > 0 && s.hide_threshold <= 1)) errors.push({ field: 'hide_threshold', message: 'hide_threshold must be between 0 and 1' });
          if (!(s.queue_threshold > 0 && s.queue_threshold <= s.hide_threshold)) errors.push({ field: 'queue_threshold', message: 'queue_threshold must be above 0 and not above hide_threshold' });
          if (!Array.isArray(s.categories) || s.categories.some((x) => !MOD_CATEGORIES.includes(x))) errors.push({ field: 'categories', message: `categories are among ${MOD_CATEGORIES.join(', ')}` });
          if (errors.length) throw invalid(errors);
          table[oid] = { hide_threshold: s.hide_threshold, queue_threshold: s.queue_threshold, categories: s.categories, use_model: !!s.use_model };
        }
      }
      const eff = effective(table, oid, defaults);
      const body = { own: table[oid] ?? null, effective: eff.settings, set_by: eff.set_by };
      if (inbox) {
        const y = new Date().getUTCFullYear();
        body.holidays = [...holidays(y), ...holidays(y + 1)];
      }
      return send(res, 200, body), true;
    }
    if (p === '/api/v1/inbox/teams' && m === 'GET') {
      const oid = q.get('organisation_id') ? Number(q.get('organisation_id')) : null;
      const items = ib.teams.filter((x) => (oid ? ancestors(oid).includes(x.organisation_id) : mayRead(me, x.organisation_id)));
      return send(res, 200, { items: items.map((x) => ({ ...x, members: x.member_ids.map((id) => ({ id, name: personName(id) })) })) }), true;
    }
    if (p === '/api/v1/inbox/teams' && m === 'POST') {
      const b = await readBody(req);
      requireOn(me, Number(b.organisation_id), ['administrator'], 'create teams');
      if (!b.name || !String(b.name).trim()) throw invalid([{ field: 'name', message: 'give the team a name' }]);
      const x = { id: ++ib.next.team, organisation_id: Number(b.organisation_id), name: String(b.name).trim(), member_ids: (b.member_ids ?? []).map(Number) };
      ib.teams.push(x);
      return send(res, 201, { ...x, members: x.member_ids.map((id) => ({ id, name: personName(id) })) }), true;
    }
    if ((mm = p.match(/^\/api\/v1\/inbox\/teams\/(\d+)$/)) && m === 'PUT') {
      const x = ib.teams.find((y) => y.id === Number(mm[1]));
      if (!x) throw new Problem(404, 'not-found', `no team ${mm[1]}`);
      requireOn(me, x.organisation_id, ['administrator'], 'change teams');
      const b = await readBody(req);
      if (!b.name || !String(b.name).trim()) throw invalid([{ field: 'name', message: 'give the team a name' }]);
      Object.assign(x, { name: String(b.name).trim(), member_ids: (b.member_ids ?? []).map(Number) });
      return send(res, 200, { ...x, members: x.member_ids.map((id) => ({ id, name: personName(id) })) }), true;
    }
    if (p === '/api/v1/saved-replies' && m === 'GET') {
      const oid = q.get('organisation_id') ? Number(q.get('organisation_id')) : null;
      let items = ib.savedReplies.filter((r) => (oid ? ancestors(oid).includes(r.organisation_id) : [...subtree(r.organisation_id)].some((id) => mayRead(me, id))));
      if (q.get('language')) items = items.filter((r) => r.variants.some((v) => v.language === q.get('language')));
      return send(res, 200, { items }), true;
    }
    const checkReply = (b) => {
      const errors = [];
      if (!b.name || !String(b.name).trim()) errors.push({ field: 'name', message: 'give the saved reply a name' });
      if (!Array.isArray(b.variants) || !b.variants.some((v) => v && String(v.text ?? '').trim())) errors.push({ field: 'variants', message: 'write the text in at least one language' });
      for (const v of b.variants ?? []) if (!['fr', 'nl', 'de', 'en'].includes(v.language)) errors.push({ field: `variants.${v.language}`, message: `unknown language ${v.language}` });
      if (b.link && !/^https?:\/\/\S+$/.test(b.link)) errors.push({ field: 'link', message: 'the link must be an http(s) address' });
      if (errors.length) throw invalid(errors);
    };
    if (p === '/api/v1/saved-replies' && m === 'POST') {
      const b = await readBody(req);
      requireOn(me, Number(b.organisation_id), REPLY_WRITERS, 'write saved replies');
      checkReply(b);
      const r = { id: ++ib.next.reply, organisation_id: Number(b.organisation_id), name: String(b.name).trim(), category: b.category || null, link: b.link || null, variants: b.variants, created_at: iso(Date.now()), updated_at: iso(Date.now()) };
      ib.savedReplies.push(r);
      return send(res, 201, r), true;
    }
    if ((mm = p.match(/^\/api\/v1\/saved-replies\/(\d+)$/))) {
      const r = ib.savedReplies.find((x) => x.id === Number(mm[1]));
      if (!r || !mayRead(me, r.organisation_id)) throw new Problem(404, 'not-found', `no saved reply ${mm[1]}`);
      if (m === 'GET') return send(res, 200, r), true;
      requireOn(me, r.organisation_id, REPLY_WRITERS, 'change saved replies');
      if (m === 'DELETE') {
        ib.savedReplies = ib.savedReplies.filter((x) => x !== r);
        return send(res, 204), true;
      }
      const b = await readBody(req);
      checkReply(b);
      Object.assign(r, { name: String(b.name).trim(), category: b.category || null, link: b.link || null, variants: b.variants, updated_at: iso(Date.now()) });
      return send(res, 200, r), true;
    }
    if (p === '/api/v1/inbox/category-rules' && m === 'GET') {
      const oid = q.get('organisation_id') ? Number(q.get('organisation_id')) : null;
      return send(res, 200, { items: ib.rules.filter((r) => (oid ? ancestors(oid).includes(r.organisation_id) : mayRead(me, r.organisation_id))) }), true;
    }
    const checkRule = (b) => {
      const errors = [];
      if (!b.category || !String(b.category).trim()) errors.push({ field: 'category', message: 'give the category' });
      if (!Array.isArray(b.keywords) || !b.keywords.length) errors.push({ field: 'keywords', message: 'give at least one keyword' });
      if (errors.length) throw invalid(errors);
    };
    if (p === '/api/v1/inbox/category-rules' && m === 'POST') {
      const b = await readBody(req);
      requireOn(me, Number(b.organisation_id), ['administrator'], 'write category rules');
      checkRule(b);
      const r = { id: ++ib.next.rule, organisation_id: Number(b.organisation_id), category: String(b.category).trim(), language: b.language || null, keywords: b.keywords.map(String), position: Number(b.position) || 1 };
      ib.rules.push(r);
      return send(res, 201, r), true;
    }
    if ((mm = p.match(/^\/api\/v1\/inbox\/category-rules\/(\d+)$/))) {
      const r = ib.rules.find((x) => x.id === Number(mm[1]));
      if (!r) throw new Problem(404, 'not-found', `no category rule ${mm[1]}`);
      requireOn(me, r.organisation_id, ['administrator'], 'change category rules');
      if (m === 'DELETE') {
        ib.rules = ib.rules.filter((x) => x !== r);
        return send(res, 204), true;
      }
      const b = await readBody(req);
      checkRule(b);
      Object.assign(r, { category: String(b.category).trim(), language: b.language || null, keywords: b.keywords.map(String), position: Number(b.position) || r.position });
      return send(res, 200, r), true;
    }
    if (p === '/api/v1/moderation/queue' && m === 'GET') {
      const inScope = scopeOf(me, q);
      const states = q.get('state') ? q.get('state').split(',') : ['queued', 'hidden', 'not_hidden', 'hide_failed'];
      let items = ib.items.filter((i) => i.direction === 'in' && states.includes(i.moderation.state) && inScope(ib.conversations.find((c) => c.id === i.conversation_id).organisation_id));
      if (q.get('category')) items = items.filter((i) => i.moderation.category === q.get('category'));
      return send(res, 200, page([...items].reverse().map(queueEntry), q)), true;
    }
    if ((mm = p.match(/^\/api\/v1\/moderation\/items\/(\d+)(\/decide)?$/))) {
      const i = ib.items.find((x) => x.id === Number(mm[1]));
      const c = i && ib.conversations.find((x) => x.id === i.conversation_id);
      if (!i || !mayRead(me, c.organisation_id)) throw new Problem(404, 'not-found', `no message ${mm[1]}`);
      const ch = channelOf(c.channel_id);
      if (m === 'GET' && !mm[2]) {
        return send(res, 200, { item: i, channel: { id: ch.id, handle: ch.handle, network: ch.network }, decisions: ib.decisions.filter((d) => d.item_id === i.id) }), true;
      }
      if (m === 'POST' && mm[2]) {
        requireOn(me, c.organisation_id, MODERATE, 'moderate');
        const b = await readBody(req);
        if (!['hide', 'allow', 'restore'].includes(b.action)) throw invalid([{ field: 'action', message: 'action must be hide, allow or restore' }]);
        if (!b.reason || !String(b.reason).trim()) throw invalid([{ field: 'reason', message: 'give the reason for the decision' }]);
        const previous = ib.decisions.filter((d) => d.item_id === i.id);
        if (b.action === 'restore' && i.moderation.state !== 'hidden') throw new Problem(409, 'conflict', 'only a hidden message can be restored');
        const d = {
          id: ++ib.next.decision, item_id: i.id, action: b.action, source: 'person', category: i.moderation.category, score: i.moderation.score, rule: null, reason: String(b.reason).trim(),
          original_text: i.text, decided_by: { id: me.id, name: me.display_name || me.username }, decided_by_name: me.display_name || me.username,
          reverses: b.action === 'restore' ? ([...previous].reverse().find((x) => x.action === 'hide')?.id ?? null) : null,
          network_result: 'none', network_message: null, created_at: iso(Date.now()),
        };
        if (b.action === 'hide') {
          if (ch.network === 'mastodon') Object.assign(d, { network_result: 'not_supported', network_message: 'Mastodon cannot hide replies to a status' });
          else d.network_result = 'hidden';
          i.moderation.state = d.network_result === 'hidden' ? 'hidden' : 'not_hidden';
        } else if (b.action === 'allow') i.moderation.state = 'allowed';
        else {
          d.network_result = 'restored';
          i.moderation.state = 'allowed';
        }
        ib.decisions.push(d);
        emit('item', c, i.id);
        return send(res, 201, d), true;
      }
    }
    if ((mm = p.match(/^\/api\/v1\/organisations\/(\d+)\/moderation-terms$/))) {
      const oid = Number(mm[1]);
      if (!orgById(oid)) throw new Problem(404, 'not-found', `no organisation ${oid}`);
      if (m === 'POST') {
        requireOn(me, oid, MODERATE, 'edit the lexicon');
        const b = await readBody(req);
        const errors = [];
        if (!['add', 'allow'].includes(b.kind)) errors.push({ field: 'kind', message: 'kind must be add or allow' });
        if (!MOD_CATEGORIES.includes(b.category)) errors.push({ field: 'category', message: `category must be one of ${MOD_CATEGORIES.join(', ')}` });
        if (!b.term || !String(b.term).trim()) errors.push({ field: 'term', message: 'write the term' });
        if (errors.length) throw invalid(errors);
        const x = { id: ++ib.next.term, organisation_id: oid, kind: b.kind, category: b.category, language: b.language || null, term: String(b.term).trim(), created_by_name: me.display_name || me.username, created_at: iso(Date.now()) };
        ib.terms.push(x);
        return send(res, 201, { ...x, organisation: { id: oid, name: orgName(oid) } }), true;
      }
      const path = ancestors(oid);
      return send(res, 200, { items: ib.terms.filter((x) => path.includes(x.organisation_id)).map((x) => ({ ...x, organisation: { id: x.organisation_id, name: orgName(x.organisation_id) } })) }), true;
    }
    if ((mm = p.match(/^\/api\/v1\/moderation-terms\/(\d+)$/)) && m === 'DELETE') {
      const x = ib.terms.find((y) => y.id === Number(mm[1]));
      if (!x) throw new Problem(404, 'not-found', `no term ${mm[1]}`);
      requireOn(me, x.organisation_id, MODERATE, 'edit the lexicon');
      ib.terms = ib.terms.filter((y) => y !== x);
      return send(res, 204), true;
    }
    if (p === '/api/v1/moderation/try' && m === 'POST') {
      const b = await readBody(req);
      requireOn(me, Number(b.organisation_id), MODERATE, 'try texts');
      if (!b.text || !String(b.text).trim()) throw invalid([{ field: 'text', message: 'give a text to try' }]);
      return send(res, 200, score(Number(b.organisation_id), String(b.text))), true;
    }
    return false;
  }

  return { routes, hook };
}
