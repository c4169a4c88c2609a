// (i) The inbox and moderation (issue 5), on the demo world with netsim. Set up through the API:
// Foreign Affairs publishes one post on its demo Mastodon account and one on its demo Bluesky
// account; netsim's citizens then react (POST /_netsim/citizen-posts): a Dutch eID question, a
// corpus of XSS payloads as text and display names, and an insult on Bluesky. The running server's
// inbox worker fetches them by itself.
// In the browser:
//   - answering: editor.fa finds the Dutch question in the inbox, picks the saved reply, sends it;
//     the answer is shown sent, and netsim holds it threaded under the question, in Dutch;
//   - assigning: editor.fa assigns the conversation to the consular help desk team;
//   - reversing: the insult disappeared from netsim by itself (hidden through the threadgate);
//     moderator.fa finds it under "Hidden on the network", restores it with a reason, and netsim
//     shows it again;
//   - no script of the XSS corpus runs in the inbox, a conversation, the search results or the
//     moderation queue, and each payload is shown as text.
// axe runs on every page and state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiSession, assertNoPageProblems, axeCheck, demoWorld, missingPrerequisite, relaxPolicy, signIn, startEnvironment, startNetsim } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;

const XSS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 2">',
  '"><svg onload="window.__xss = 3">',
  '<a href="javascript:window.__xss = 4">clic</a>',
  "';window.__xss = 5;//",
  '<iframe srcdoc="<script>parent.__xss = 6</script>"></iframe>',
  '\u202Etxt.exe <b>gras</b>',
];

let netsim;
let env;
let world;
const setup = {};

const netsimPosts = async (query) => {
  const res = await fetch(`${netsim.url}/_netsim/posts?${query}`);
  assert.equal(res.status, 200, `netsim /_netsim/posts → ${res.status}`);
  return (await res.json()).items;
};

async function citizen(body) {
  const res = await fetch(`${netsim.url}/_netsim/citizen-posts`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  assert.equal(res.status, 201, `citizen post → ${res.status} ${JSON.stringify(json)}`);
  return json.uri ?? json.id;
}

async function until(what, fn, timeoutMs = 30_000) {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function publish(editor, channel, text) {
  const post = await editor.send('POST', '/api/v1/posts', { organisation_id: world.foreignAffairs.id, content_type: 'press_release', variants: { fr: text }, channel_ids: [channel.id] });
  assert.equal(post.status, 201, JSON.stringify(post.body));
  const scheduled = await editor.send('POST', `/api/v1/posts/${post.body.id}/schedule`, { now: true });
  assert.equal(scheduled.status, 200, JSON.stringify(scheduled.body));
  return until(`post ${post.body.id} published`, async () => {
    const r = await editor.get(`/api/v1/posts/${post.body.id}`);
    const rendition = r.body.renditions?.[0];
    return rendition?.status === 'published' ? rendition.remote_id : null;
  });
}

before(async () => {
  if (skip) return;
  netsim = await startNetsim();
  env = await startEnvironment({ netsim: netsim.url });
  world = await demoWorld(env.url);
  await relaxPolicy(env.url, world.foreignAffairs.id);
  const editor = await apiSession(env.url, 'editor.fa');
  const admin = await apiSession(env.url, 'admin');
  const channels = (await admin.get(`/api/v1/channels?organisation_id=${world.foreignAffairs.id}&per_page=200`)).body.items;
  const mastodon = channels.find((c) => c.network === 'mastodon' && /netsim/.test(c.url));
  const bluesky = channels.find((c) => c.network === 'bluesky' && /netsim/.test(c.url));
  assert.ok(mastodon && bluesky, 'the demo has a Mastodon and a Bluesky channel on netsim for Foreign Affairs');
  setup.mastodonPost = await publish(editor, mastodon, 'Nouvelle procédure pour la carte eID à l’étranger');
  setup.blueskyPost = await publish(editor, bluesky, 'Journée portes ouvertes au palais d’Egmont');
  setup.question = await citizen({ network: 'mastodon', author_handle: 'jan_peeters', author_name: 'Jan Peeters', text: 'Goedendag, hoe vraag ik een nieuwe pincode voor mijn eID aan? Alvast bedankt', in_reply_to: setup.mastodonPost });
  for (const [i, payload] of XSS.entries()) {
    await citizen({ network: 'mastodon', author_handle: `xss${i}`, author_name: payload.slice(0, 30), text: `Question ${i} ${payload}`, in_reply_to: setup.mastodonPost });
  }
  setup.insultPostedAt = Date.now();
  setup.insult = await citizen({ network: 'bluesky', author_handle: 'troll.netsim.test', author_name: 'Troll', text: 'Bande de c0nnards, vous êtes tous des 1d10ts', in_reply_to: setup.blueskyPost });
  // The worker fetches by itself (inbox_poll_ms): wait until the conversations are there.
  await until('the conversations in the inbox', async () => {
    const r = await editor.get('/api/v1/inbox/conversations?per_page=100');
    return r.body.total >= 1 + XSS.length ? r.body : null;
  });
  setup.hiddenAfterMs = await until('the insult hidden on netsim', async () => {
    const [p] = (await netsimPosts('network=bluesky')).filter((x) => x.uri === setup.insult || x.id === setup.insult);
    return p?.hidden ? Date.now() - setup.insultPostedAt : null;
  });
});

after(async () => {
  await env?.stop();
  await netsim?.stop();
});

test('an insult disappears from netsim by itself', { skip }, () => {
  // Reported, not asserted as a speed: the figure is measured in bench/ (inbox_hide_bench).
  console.log(`# insult hidden on netsim ${setup.hiddenAfterMs} ms after it was posted (poll interval 1 s)`);
  assert.ok(setup.hiddenAfterMs > 0);
});

test('editor.fa answers a Dutch question with a saved reply, threaded on netsim', { skip }, async () => {
  const page = await env.newPage({ locale: 'en' });
  await signIn(page, 'editor.fa', undefined, '/inbox');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await axeCheck(page, 'inbox');
  await page.getByRole('link', { name: 'Jan Peeters' }).first().click();
  await page.getByRole('textbox', { name: 'Your answer' }).or(page.getByRole('combobox', { name: 'Saved reply', exact: true })).first().waitFor();
  await axeCheck(page, 'conversation');
  await page.getByRole('combobox', { name: 'Saved reply', exact: true }).selectOption({ label: 'eID: PIN or PUK code lost' });
  await page.getByRole('button', { name: 'Send answer' }).click();
  const status = page.getByTestId('answer-status');
  await status.and(page.locator('[data-send-state=sent]')).waitFor({ timeout: 20_000 });
  await axeCheck(page, 'conversation, answer sent');
  const replies = await netsimPosts(`network=mastodon&in_reply_to=${encodeURIComponent(setup.question)}`);
  assert.equal(replies.length, 1, JSON.stringify(replies));
  assert.match(replies[0].text ?? replies[0].content ?? '', /pincode/i);
  assert.match(replies[0].text ?? replies[0].content ?? '', /jan_peeters/);

  // Assigning to the consular help desk.
  await page.getByRole('combobox', { name: 'Assign to' }).selectOption({ label: 'Team Consular help desk' });
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await page.getByTestId('conversation-assignee').filter({ hasText: 'Consular help desk' }).waitFor();
  await axeCheck(page, 'conversation, assigned');
  assertNoPageProblems(page);
  await page.context().close();
});

test('moderator.fa restores a hidden reply and netsim shows it again', { skip }, async () => {
  const page = await env.newPage({ locale: 'fr' });
  await signIn(page, 'moderator.fa', undefined, '/moderation?state=hidden');
  const entry = page.locator('li.mod-entry', { hasText: 'c0nnards' });
  await entry.waitFor();
  await axeCheck(page, 'moderation queue');
  await entry.getByRole('button', { name: /^Rétablir|^Restore|^Herstel/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill('Citation d’un article, pas une insulte');
  await axeCheck(page, 'restore dialog');
  await dialog.getByRole('button', { name: /Rétablir|Restore/ }).click();
  await page.getByTestId('decision-note').waitFor();
  await until('the reply visible again on netsim', async () => {
    const [p] = (await netsimPosts('network=bluesky')).filter((x) => x.uri === setup.insult || x.id === setup.insult);
    return p && !p.hidden;
  });
  await page.context().close();
});

test('no script of the XSS corpus runs in the inbox, a conversation, the search or the moderation queue', { skip }, async () => {
  const page = await env.newPage({ locale: 'en' });
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await signIn(page, 'editor.fa', undefined, '/inbox');
  await page.locator('tr[data-conversation-id]').first().waitFor();
  const check = async (label) => {
    assert.equal(await page.evaluate(() => window.__xss ?? null), null, `a payload ran in ${label}`);
    assert.equal(await page.locator('iframe, svg[onload], img[onerror]').count(), 0, `an element was injected in ${label}`);
  };
  await check('the inbox');
  await page.getByText('<script>window.__xss = 1</script>', { exact: false }).first().waitFor();
  await page.getByRole('link', { name: XSS[1].slice(0, 30) }).first().click();
  await page.getByText(`Question 1 ${XSS[1]}`).first().waitFor();
  await check('a conversation');
  await page.goto('/inbox/search?q=question');
  await page.getByText(`Question 0 ${XSS[0]}`).first().waitFor();
  await check('the search results');
  await axeCheck(page, 'search results');
  assertNoPageProblems(page);
  await page.context().close();

  const mod = await env.newPage({ locale: 'en' });
  mod.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await signIn(mod, 'moderator.fa', undefined, '/moderation?state=allowed');
  await mod.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await mod.evaluate(() => window.__xss ?? null), null);
  await mod.context().close();
  assert.deepEqual(dialogs, []);
});

test('a new message appears live in the open inbox, without reloading', { skip }, async () => {
  const page = await env.newPage({ locale: 'nl' });
  await signIn(page, 'editor.fa', undefined, '/inbox');
  await page.locator('tr[data-conversation-id]').first().waitFor();
  // A marker that a reload would wipe out.
  await page.evaluate(() => {
    window.__stillHere = true;
  });
  await citizen({ network: 'mastodon', author_handle: 'sofie_live', author_name: 'Sofie Live', text: 'Waar vind ik het formulier voor een attest van goed gedrag?', in_reply_to: setup.mastodonPost });
  await page.getByRole('link', { name: 'Sofie Live' }).first().waitFor({ timeout: 20_000 });
  assert.notEqual(await page.getByTestId('inbox-live').textContent(), '');
  assert.equal(await page.evaluate(() => window.__stillHere), true, 'the page was not reloaded');
  await axeCheck(page, 'inbox after a live update');
  assertNoPageProblems(page);
  await page.context().close();
});
