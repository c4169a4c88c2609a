// The inbox and moderation pages: axe-core finds no WCAG 2.1 A/AA violation on any of them (in
// French and in Dutch, with dialogs, previews and errors shown), no message of the catalogues
// fails to format, and nothing a citizen wrote runs as a script. Against the mock server
// (BELFRY_BIN=tests/mock/belfry-mock.mjs), which has conversations with HTML, <script> and a
// right-to-left override in a citizen's name, it also checks the live inbox (a new message is
// announced politely and marked, focus stays put), the answer flow with a saved reply and the
// collision warning, and a moderator's restore with its required reason. The flows against the
// real server and netsim (answering, assigning, reversing) live in their own files.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiSession, assertNoPageProblems, axeCheck, BELFRY_BIN, DEMO_PASSWORD, missingPrerequisite, signIn, startEnvironment } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
const mock = /\.(mjs|js)$/.test(BELFRY_BIN);
const mockOnly = skip || (mock ? false : 'needs the mock server’s seeded conversations and its /__mock/inbound hook');
let env;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  env = await startEnvironment();
});
after(async () => {
  await env?.stop();
});

/** A page that also fails on dialogs (alert() from a citizen's text) and on messages that do not format. */
async function newPage(locale) {
  const page = await env.newPage({ locale });
  page.on('dialog', (d) => {
    page.problems.push(`a dialog opened: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /FORMAT_ERROR|MISSING_VALUE|MISSING_TRANSLATION|INVALID_CONFIG/.test(msg.text())) page.problems.push(`i18n: ${msg.text()}`);
  });
  return page;
}

async function settle(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function visit(page, path, label) {
  await page.goto(path);
  await settle(page);
  await axeCheck(page, label);
}

const getJson = (page, path) => page.evaluate(async (p) => (await fetch(p, { headers: { Accept: 'application/json' } })).json(), path);

for (const [locale, lang] of [
  ['fr-BE', 'fr'],
  ['nl-BE', 'nl'],
]) {
  test(`the inbox and moderation pages have no axe violations (${lang})`, { skip }, async () => {
    const page = await newPage(locale);
    await signIn(page, 'admin', DEMO_PASSWORD, '/inbox');
    await settle(page);
    await axeCheck(page, 'inbox');
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one h1');
    assert.equal(await page.getByRole('navigation', { name: lang === 'fr' ? 'Messagerie' : 'Inbox' }).count(), 1, 'the inbox navigation is named');
    const tabs = page.getByRole('tablist');
    assert.equal(await tabs.count(), 1);
    // The status tabs: arrow keys move, Enter selects (manual activation), the list follows.
    await tabs.getByRole('tab').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await page.waitForURL(/tab=new/);
    await settle(page);
    assert.match(await tabs.getByRole('tab', { selected: true }).textContent(), lang === 'fr' ? /^Nouvelle/ : /^Nieuw/);
    await axeCheck(page, 'inbox (tab new)');
    await page.locator('label.checkbox').filter({ has: page.locator('input[name="overdue"]') }).click();
    await page.waitForURL(/overdue=true/);
    await settle(page);
    await axeCheck(page, 'inbox (overdue only)');

    const list = await getJson(page, '/api/v1/inbox/conversations?per_page=50');
    const conversations = list.items ?? [];
    const org = (await getJson(page, '/api/v1/organisations')).items.find((o) => o.slug === 'chancellery') ?? (await getJson(page, '/api/v1/organisations')).items[0];
    if (conversations.length) {
      const withReplies = [];
      for (const c of conversations.slice(0, 10)) {
        const v = await getJson(page, `/api/v1/inbox/conversations/${c.id}`);
        if (v.saved_replies?.length) withReplies.push(c);
      }
      const c = withReplies[0] ?? conversations[0];
      await visit(page, `/inbox/conversations/${c.id}`, 'conversation');
      const saved = page.getByRole('combobox', { name: lang === 'fr' ? 'Réponse type' : 'Standaardantwoord', exact: true });
      if ((await saved.locator('option').count()) > 1) {
        await saved.selectOption({ index: 1 });
        await page.getByTestId('reply-preview').waitFor();
        await axeCheck(page, 'conversation (saved reply preview)');
      }
      // An empty answer is refused at the field.
      await saved.selectOption({ index: 0 });
      await page.getByRole('button', { name: lang === 'fr' ? 'Envoyer la réponse' : 'Antwoord versturen' }).click();
      await page.locator('.answer-box .field-error').waitFor();
      await axeCheck(page, 'conversation (answer required)');
      await visit(page, `/inbox/search?q=${encodeURIComponent(c.last_text.split(/\s+/).find((w) => w.length > 4) ?? 'bonjour')}`, 'search');
    }
    await visit(page, '/inbox/search', 'search (empty)');
    await visit(page, '/moderation', 'moderation queue');
    const hide = page.locator('.mod-entry button[data-action="hide"]').first();
    if (await hide.count()) {
      await hide.click();
      await page.getByRole('dialog').waitFor();
      await axeCheck(page, 'moderation (hide dialog)');
      await page.getByRole('dialog').locator('button[type="submit"]').click();
      await page.getByRole('dialog').locator('.field-error').waitFor();
      await axeCheck(page, 'moderation (reason required)');
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
    for (const state of ['hidden', 'not_hidden', 'hide_failed', 'allowed']) await visit(page, `/moderation?state=${state}`, `moderation (${state})`);
    const queue = await getJson(page, '/api/v1/moderation/queue?per_page=5');
    if (queue.items?.length) await visit(page, `/moderation/items/${queue.items[0].item.id}`, 'moderation history');

    await visit(page, `/organisations/${org.id}/moderation`, 'moderation settings');
    await page.locator('textarea[name="try_text"]').fill('Espèce de connard, mon adresse est jean@example.be');
    await page.locator('form').filter({ has: page.locator('textarea[name="try_text"]') }).locator('button[type="submit"]').click();
    await page.getByTestId('try-outcome').locator('p').waitFor();
    await axeCheck(page, 'moderation settings (try a text)');
    await page.locator('input[name="term"]').waitFor();
    await page.locator('form.lexicon-form button[type="submit"]').click();
    await page.locator('form.lexicon-form .field-error').waitFor();
    await axeCheck(page, 'moderation settings (term required)');

    await visit(page, `/organisations/${org.id}/inbox`, 'inbox settings');
    await page.locator('input[name="inbox_source"][value="own"]').check();
    await page.locator('input[name="target"][value="hours"]').check();
    await page.locator('input[name="target_hours"]').fill('0');
    await page.locator('form.settings-form button[type="submit"]').click();
    await page.locator('form.settings-form .field-error').first().waitFor();
    await axeCheck(page, 'inbox settings (errors)');

    await visit(page, '/saved-replies', 'saved replies');
    await page.getByRole('button', { name: lang === 'fr' ? 'Nouvelle réponse type' : 'Nieuw standaardantwoord' }).click();
    await page.locator('form.reply-form').waitFor();
    await page.locator('form.reply-form button[type="submit"]').click();
    await page.locator('form.reply-form .field-error').first().waitFor();
    await axeCheck(page, 'saved replies (form errors)');
    await page.getByRole('tab', { name: lang === 'fr' ? 'Néerlandais' : 'Nederlands' }).click();
    await page.locator('textarea[name="text_nl"]').waitFor();
    assert.equal(await page.locator('textarea[name="text_nl"]').getAttribute('lang'), 'nl');
    await axeCheck(page, 'saved replies (Dutch tab)');

    await visit(page, '/inbox/metrics', 'metrics');
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assertNoPageProblems(page);
  });
}

test('what citizens write is shown as text in the inbox, a conversation, the search and the moderation queue: no script runs, names are isolated (mock)', { skip: mockOnly }, async () => {
  const page = await newPage('fr-BE');
  await signIn(page, 'admin', DEMO_PASSWORD, '/inbox');
  await settle(page);
  await page.evaluate(() => {
    window.__xss = 0;
  });
  const list = await getJson(page, '/api/v1/inbox/conversations?per_page=50');
  const evil = list.items.find((c) => c.citizen.name.includes('<script>'));
  assert.ok(evil, 'the mock has a conversation with <script> in the citizen name');
  const row = page.locator(`tr[data-conversation-id="${evil.id}"]`);
  await row.waitFor();
  assert.equal(await row.locator('th bdi').first().textContent(), evil.citizen.name, 'the name is shown verbatim inside <bdi>');
  assert.equal(await page.locator('main script, main img').count(), 0, 'no element was made from the text');
  await page.goto(`/inbox/conversations/${evil.id}`);
  await settle(page);
  assert.equal(await page.locator('h1 bdi').textContent(), evil.citizen.name);
  const text = page.locator('.thread-item[data-direction="in"] .citizen-text').first();
  assert.equal(await text.getAttribute('dir'), 'auto');
  assert.match(await text.textContent(), /<script>alert\(1\)<\/script><img src=x onerror=alert\(2\)>/);
  assert.equal(await text.evaluate((el) => getComputedStyle(el).whiteSpace), 'pre-wrap', 'line breaks are kept');
  assert.equal(await page.locator('main script, main img, main b').count(), 0);
  await page.goto('/inbox/search?q=script');
  await settle(page);
  await page.getByTestId('search-results').waitFor();
  assert.match(await page.getByTestId('search-count').textContent(), /« script »/);
  assert.equal(await page.locator('main script, main img').count(), 0);
  await axeCheck(page, 'search with HTML in the results');
  // The moderation queue: an insult carrying markup, as a citizen posts it.
  const posted = await fetch(`${env.url}/__mock/inbound`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: 'connard <script>alert(3)</script><img src=x onerror=alert(4)><svg onload=alert(5)>', language: 'fr', name: '<img src=x onerror=alert(6)>\u202Etxt.exe', handle: 'x@evil.example' }),
  });
  const { item_id: itemId } = await posted.json();
  await page.goto('/moderation?state=not_hidden');
  await settle(page);
  const entry = page.locator(`.mod-entry[data-item-id="${itemId}"]`);
  await entry.waitFor();
  assert.match(await entry.locator('.citizen-text').textContent(), /<svg onload=alert\(5\)>/);
  assert.equal(await page.locator('main script, main img, main svg').count(), 0);
  await axeCheck(page, 'moderation queue with HTML in the messages');
  assertNoPageProblems(page);
});

test('the inbox is live: a new message is announced politely and marked, focus stays (mock)', { skip: mockOnly }, async () => {
  const page = await newPage('fr-BE');
  await signIn(page, 'admin', DEMO_PASSWORD, '/inbox');
  await settle(page);
  const live = page.getByTestId('inbox-live');
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.equal((await live.textContent()).trim(), '');
  const before = Number((await page.getByTestId('inbox-count-nav').locator('[aria-hidden="true"]').textContent()) ?? '0');
  const search = page.locator('input[name="q"]');
  await search.focus();
  const res = await fetch(`${env.url}/__mock/inbound`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ text: 'Bonjour, où trouver le formulaire de demande de pension ?', language: 'fr', name: 'Anne Lefèvre', handle: 'anne@mastodon.social' }),
  });
  assert.equal(res.status, 201);
  const { conversation_id: id } = await res.json();
  await page.locator(`tr[data-conversation-id="${id}"]`).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="inbox-live"]')?.textContent?.includes('1 nouveau message'));
  assert.equal(await page.locator(`tr[data-conversation-id="${id}"] [data-testid="new-since-opened"]`).count(), 1, 'marked as new since the page was opened');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'q', 'focus did not move');
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="inbox-count-nav"] [aria-hidden="true"]')?.textContent) === n + 1, before);
  await axeCheck(page, 'inbox after a live message');
  assertNoPageProblems(page);
});

test('an answer with a saved reply goes from pending to sent; a collision is explained (mock)', { skip: mockOnly }, async () => {
  const page = await newPage('fr-BE');
  await signIn(page, 'admin', DEMO_PASSWORD, '/inbox');
  await settle(page);
  const list = await getJson(page, '/api/v1/inbox/conversations?per_page=50');
  const marie = list.items.find((c) => c.citizen.name === 'Marie Dubois');
  await page.goto(`/inbox/conversations/${marie.id}`);
  await settle(page);
  const saved = page.getByRole('combobox', { name: 'Réponse type', exact: true });
  const first = await saved.locator('option').nth(1).textContent();
  assert.match(first, /eID/, 'the reply of the conversation’s category and language comes first');
  await saved.selectOption({ label: first });
  await page.getByTestId('reply-preview').waitFor();
  assert.match(await page.getByTestId('reply-preview').locator('.preview-text').textContent(), /Bonjour Marie Dubois,\nvous pouvez demander un nouveau code PIN .* https:\/\/eid\.belgium\.be/s);
  // Someone else answers meanwhile: the server refuses with 409, the page names them.
  const other = await apiSession(env.url, 'communicator.pm');
  const view = await other.get(`/api/v1/inbox/conversations/${marie.id}`);
  const theirs = await other.send('POST', `/api/v1/inbox/conversations/${marie.id}/answer`, { text: 'Bonjour, voyez https://eid.belgium.be', last_seen_item_id: Math.max(...view.body.items.map((i) => i.id)) });
  assert.equal(theirs.status, 202);
  await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
  const collision = page.getByTestId('collision');
  await collision.waitFor();
  assert.match(await collision.textContent(), /Sophie Peeters/);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'collision', 'focus moves to the explanation');
  await axeCheck(page, 'conversation (collision)');
  await collision.getByRole('button', { name: 'Envoyer quand même' }).click();
  const status = page.getByTestId('answer-status');
  await page.waitForFunction(() => document.querySelector('[data-testid="answer-status"]')?.getAttribute('data-send-state') === 'sent', null, { timeout: 15_000 });
  assert.match(await status.getByRole('link').getAttribute('href'), /^https:\/\/social\.belgium\.be\/@premier\//);
  assert.equal(await page.locator('.thread-item[data-direction="out"]').count(), 2);
  await axeCheck(page, 'conversation (sent)');
  assertNoPageProblems(page);
});

test('a moderator restores a hidden message, with a reason; the history lists both decisions (mock)', { skip: mockOnly }, async () => {
  const page = await newPage('fr-BE');
  await signIn(page, 'admin', DEMO_PASSWORD, '/moderation?state=hidden');
  await settle(page);
  const entry = page.locator('.mod-entry').first();
  const itemId = await entry.getAttribute('data-item-id');
  await entry.getByRole('button', { name: /^Rétablir/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Raison' }).fill('Critique vive mais pas une insulte.');
  await dialog.getByRole('button', { name: 'Rétablir le message' }).click();
  await dialog.waitFor({ state: 'detached' });
  const note = page.getByTestId('decision-note');
  await note.waitFor();
  assert.match(await note.textContent(), /Sur le réseau : réaffiché/);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'decision-note');
  await page.goto(`/moderation/items/${itemId}`);
  await settle(page);
  const decisions = page.getByTestId('decisions').locator('li');
  assert.equal(await decisions.count(), 2);
  assert.equal(await decisions.nth(1).getAttribute('data-action'), 'restore');
  assert.match(await decisions.nth(1).textContent(), /Critique vive mais pas une insulte/);
  await axeCheck(page, 'moderation history after a restore');
  assertNoPageProblems(page);
});
