// (e) Publishing: an editor of Foreign Affairs composes a bilingual fr/nl post for two accounts,
// watches the server's preview counters, goes over X's limit and back, schedules the post for
// tomorrow 09:00 Brussels time, finds it in the queue and in the calendar, and cancels it.
// Nothing is published for real (that needs netsim and connected channels). axe runs on every
// state, in French and in Dutch.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { assertNoPageProblems, axeCheck, DEMO_PASSWORD, demoWorld, missingPrerequisite, relaxPolicy, signIn, signOut, startEnvironment } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
let env;
let world;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  env = await startEnvironment();
  world = await demoWorld(env.url);
  // These tests are about composing and publishing, not about the editorial review (see
  // workflow.test.mjs): Foreign Affairs' drafts may be scheduled directly, in any language.
  await relaxPolicy(env.url, world.foreignAffairs.id);
});
after(async () => {
  await env?.stop();
});

const ymdBrussels = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const hmBrussels = (d) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}
const mondayOf = (ymd) => addDays(ymd, -((new Date(`${ymd}T00:00:00Z`).getUTCDay() + 6) % 7));

const api = (page, path) => page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);

/** The channels the signed-in user may publish on for an organisation (active or dormant). */
async function usableChannels(page, orgId) {
  const res = await api(page, `/api/v1/channels?organisation_id=${orgId}&per_page=200`);
  return (res.items ?? []).filter((c) => c.status === 'active' || c.status === 'dormant');
}

/** A real PNG (w × h, opaque blue) the browser can draw. */
function png(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [0x0b, 0x4f, 0x9c]).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const channelBox = (page, id) => page.locator('label.channel-option').filter({ has: page.locator(`input[value="${id}"]`) });
const card = (page, id) => page.locator(`.preview-card[data-channel-id="${id}"]`);

test('an editor composes, previews, schedules, finds and cancels a bilingual post (fr)', { skip }, async () => {
  const page = await env.newPage({ locale: 'fr-BE' });
  const fa = world.foreignAffairs;
  assert.ok(fa, 'the demo registry has a Foreign Affairs service');

  // editor.fa drafts for Foreign Affairs; if it had no account to publish on, admin would do.
  let user = 'editor.fa';
  await signIn(page, user, DEMO_PASSWORD, '/posts');
  let channels = await usableChannels(page, fa.id);
  if (channels.length < 2) {
    await signOut(page);
    user = 'admin';
    await signIn(page, user, DEMO_PASSWORD, '/posts');
    channels = await usableChannels(page, fa.id);
  }
  assert.ok(channels.length >= 2, `${user} has at least two accounts to publish on for Foreign Affairs`);
  const x = channels.find((c) => c.network === 'x');
  const other = channels.find((c) => c !== x) ?? channels[1];
  const picked = x ? [x, other] : channels.slice(0, 2);

  // The queue, empty, and the way to the composer through the main navigation.
  await page.getByRole('heading', { level: 1, name: 'Publications' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Navigation principale' });
  assert.equal(await nav.getByRole('link', { name: 'Publications' }).getAttribute('aria-current'), 'page');
  await page.getByRole('status').filter({ hasText: 'Aucune publication' }).waitFor();
  await axeCheck(page, 'queue (empty)');
  await page.getByRole('link', { name: 'Nouvelle publication' }).click();
  await page.waitForURL('**/posts/new');
  await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
  await page.locator('[data-testid="preview-summary"]', { hasText: 'Rien à prévisualiser' }).waitFor();
  await axeCheck(page, 'composer (new, empty)');

  // Organisation (Foreign Affairs is the editor's own), content type, texts, accounts.
  await page.locator('select[name="organisation_id"]').selectOption(String(fa.id));
  for (const c of picked) await channelBox(page, c.id).waitFor();
  await page.locator('select[name="content_type"]').selectOption('press_release');
  const fr = page.locator('textarea[name="variants.fr"]');
  const nl = page.locator('textarea[name="variants.nl"]');
  assert.equal(await fr.getAttribute('lang'), 'fr');
  assert.equal(await nl.getAttribute('lang'), 'nl');
  await fr.fill('Conseils aux voyageurs : nouvelle mise à jour pour le Brésil.');
  // Keep typing while the first save creates the draft: the address gets the draft's id, and
  // the form is not rebuilt under the user's fingers.
  await nl.click();
  await page.keyboard.type('Reisadvies: nieuwe update voor Brazilië.', { delay: 25 });
  await page.waitForURL(/\/posts\/\d+$/);
  const postId = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal(await nl.inputValue(), 'Reisadvies: nieuwe update voor Brazilië.');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'variants.nl', 'focus stays in the Dutch text');
  await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
  for (const c of picked) await channelBox(page, c.id).click();
  for (const c of picked) assert.equal(await page.locator(`input[name="channel_ids"][value="${c.id}"]`).isChecked(), true);

  // The preview: one message per account (French and Dutch together), counted by the server.
  for (const c of picked) await card(page, c.id).waitFor();
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  const summary = page.locator('[data-testid="preview-summary"]');
  assert.equal(await summary.getAttribute('role'), 'status', 'the summary is a polite live region');
  await summary.filter({ hasText: /2 messages prêts/ }).waitFor();
  assert.equal(await page.locator('[data-testid="counter"][aria-live], .counter[role="status"]').count(), 0, 'counters themselves are not live regions');
  for (const c of picked) {
    const text = await card(page, c.id).locator('.preview-text').innerText();
    assert.match(text, /Conseils aux voyageurs/);
    assert.match(text, /Reisadvies/);
    assert.match(await card(page, c.id).locator('[data-testid="counter"]').innerText(), /^\d[\d\s\u202f]* \/ \d[\d\s\u202f]* /);
  }
  if (x) assert.match(await card(page, x.id).locator('[data-testid="counter"]').innerText(), /^\d+ \/ 280 caractères pondérés$/);
  await axeCheck(page, 'composer (draft with preview)');

  // Text is shown as text, never as HTML.
  await fr.fill('Conseils aux voyageurs : <b>Brésil</b> & <img src=x>');
  await card(page, picked[0].id).locator('.preview-text', { hasText: '<b>Brésil</b> & <img src=x>' }).waitFor();
  assert.equal(await page.locator('.preview-text b, .preview-text img').count(), 0);

  if (x) {
    // Over X's limit: the counter turns into an error with the server's reasons.
    await fr.fill('Conseils aux voyageurs : '.concat('le Brésil connaît de fortes pluies dans plusieurs régions. '.repeat(6)));
    await card(page, x.id).locator('.counter-bad').waitFor();
    assert.match(await card(page, x.id).locator('.counter-flag').innerText(), /Ne peut pas être envoyé tel quel/);
    assert.match(await card(page, x.id).locator('.problem-list').innerText(), /280/);
    await summary.filter({ hasText: /problème/ }).waitFor();
    assert.ok((await summary.innerText()).includes(x.display_name), 'the summary names the account that is over its limit');
    assert.equal(await card(page, other.id).locator('.counter-bad').count(), 0, 'the other account is within its limit');
    await axeCheck(page, 'composer (over the X limit)');

    // Scheduling is refused; the reason is shown next to the X account.
    const tomorrow = addDays(ymdBrussels(new Date()), 1);
    await page.locator('input[name="local_time"]').fill(`${tomorrow}T09:00`);
    await page.getByRole('button', { name: 'Programmer' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'La publication ne peut pas être programmée.' });
    await refused.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('role')), 'alert', 'focus moves to the refusal');
    await page.locator('li', { has: channelBox(page, x.id) }).locator('.channel-problems', { hasText: '280' }).waitFor();
    const described = await page.locator(`input[name="channel_ids"][value="${x.id}"]`).getAttribute('aria-describedby');
    assert.ok(described, 'the X checkbox is described by its problem');
    await axeCheck(page, 'composer (scheduling refused)');

    // Fixed: back within the limit.
    await fr.fill('Conseils aux voyageurs : nouvelle mise à jour pour le Brésil.');
    await summary.filter({ hasText: /2 messages prêts/ }).waitFor();
    assert.equal(await page.locator('.counter-bad').count(), 0);
  } else {
    await fr.fill('Conseils aux voyageurs : nouvelle mise à jour pour le Brésil.');
    await summary.filter({ hasText: /2 messages prêts/ }).waitFor();
  }

  // Schedule for tomorrow 09:00, Brussels time: local_time + time_zone are sent.
  const tomorrow = addDays(ymdBrussels(new Date()), 1);
  await page.locator('input[name="local_time"]').fill(`${tomorrow}T09:00`);
  const scheduled = page.waitForRequest((r) => r.url().endsWith(`/api/v1/posts/${postId}/schedule`) && r.method() === 'POST');
  await page.getByRole('button', { name: 'Programmer' }).click();
  assert.deepEqual((await scheduled).postDataJSON(), { local_time: `${tomorrow}T09:00`, time_zone: 'Europe/Brussels' });
  const note = page.getByRole('status').filter({ hasText: 'La publication est programmée pour le' });
  await note.waitFor();
  assert.match(await note.innerText(), /09:00/);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[role="status"]') != null), true, 'focus moves to the confirmation');
  await page.getByRole('heading', { level: 1, name: 'Publication' }).waitFor();
  const rows = page.locator('table.renditions tbody tr');
  assert.equal(await rows.count(), 2);
  for (const c of picked) await page.locator(`table.renditions tr`, { hasText: c.display_name }).locator('.badge', { hasText: 'Programmé' }).waitFor();
  await page.getByRole('status').filter({ hasText: /2 messages : Programmé : 2/ }).waitFor();
  const post = await api(page, `/api/v1/posts/${postId}`);
  assert.equal(post.status, 'scheduled');
  assert.equal(ymdBrussels(new Date(post.publish_at)), tomorrow);
  assert.equal(hmBrussels(new Date(post.publish_at)), '09:00');
  assert.deepEqual(post.variants, { fr: 'Conseils aux voyageurs : nouvelle mise à jour pour le Brésil.', nl: 'Reisadvies: nieuwe update voor Brazilië.' });
  assert.deepEqual([...post.channel_ids].sort(), picked.map((c) => c.id).sort());
  // While messages are scheduled, the page asks for news every 2 seconds.
  await page.waitForResponse((r) => r.url().endsWith(`/api/v1/posts/${postId}`) && r.request().method() === 'GET', { timeout: 6000 });
  await axeCheck(page, 'post (scheduled)');

  // The queue lists it, with its Brussels publication time; the status filter works.
  await nav.getByRole('link', { name: 'Publications' }).click();
  await page.waitForURL('**/posts');
  const row = page.locator(`tr[data-post-id="${postId}"]`);
  await row.waitFor();
  const rowText = await row.innerText();
  assert.match(rowText, /Conseils aux voyageurs : nouvelle mise à jour pour le Brésil\./);
  assert.match(rowText, /Communiqué de presse/);
  assert.match(rowText, /Programmée/);
  assert.match(rowText, /09:00/);
  assert.equal((await row.locator('td').nth(2).innerText()).trim(), '2', 'two accounts');
  await axeCheck(page, 'queue (one scheduled post)');
  await page.locator('select[name="status"]').selectOption('draft');
  await page.waitForURL(/status=draft/);
  await page.getByRole('status').filter({ hasText: 'Aucune publication' }).waitFor();
  await page.locator('select[name="status"]').selectOption('scheduled');
  await row.waitFor();
  await axeCheck(page, 'queue (filtered)');

  // The calendar places it on tomorrow, in the month and in the week view.
  await nav.getByRole('link', { name: 'Calendrier' }).click();
  await page.waitForURL('**/posts/calendar');
  await page.getByRole('heading', { level: 1, name: 'Calendrier des publications' }).waitFor();
  if (tomorrow.slice(0, 7) !== ymdBrussels(new Date()).slice(0, 7)) await page.getByRole('button', { name: 'Mois suivant' }).click();
  const dayCell = page.locator(`table.calendar td[data-date="${tomorrow}"]`);
  await dayCell.locator(`li[data-post-id="${postId}"]`).waitFor();
  assert.match(await dayCell.innerText(), /09:00/);
  assert.equal(await page.locator('table.calendar thead th[scope="col"]').count(), 7);
  await axeCheck(page, 'calendar (month)');
  await page.getByRole('button', { name: 'Semaine', exact: true }).click();
  await page.waitForURL(/view=week/);
  if (mondayOf(tomorrow) !== mondayOf(ymdBrussels(new Date()))) await page.getByRole('button', { name: 'Semaine suivante' }).click();
  const day = page.locator(`ol.cal-week li[data-date="${tomorrow}"]`);
  await day.locator(`li[data-post-id="${postId}"]`).waitFor();
  await axeCheck(page, 'calendar (week)');

  // Keyboard: the post's link in the calendar opens it.
  await day.locator(`li[data-post-id="${postId}"] a`).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`**/posts/${postId}`);
  await page.getByRole('heading', { level: 1, name: 'Publication' }).waitFor();

  // Cancel: after confirmation the post is approved again (its approval still holds), ready to be scheduled again.
  await page.getByRole('button', { name: 'Annuler la publication' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  await axeCheck(page, 'post (cancel dialog)');
  await dialog.getByRole('button', { name: 'Oui, annuler la publication' }).click();
  await page.getByRole('status').filter({ hasText: 'La publication a été annulée' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Publication' }).waitFor();
  await page.locator('.preview-text[lang="fr"]', { hasText: 'Conseils aux voyageurs : nouvelle mise à jour pour le Brésil.' }).waitFor();
  assert.equal((await api(page, `/api/v1/posts/${postId}`)).status, 'approved');
  await page.getByRole('heading', { level: 2, name: 'Quand publier' }).waitFor();
  await axeCheck(page, 'post (cancelled, approved again)');

  await nav.getByRole('link', { name: 'Publications' }).click();
  await row.locator('.badge', { hasText: 'Approuvée' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assertNoPageProblems(page);
});

test('the publishing pages have no axe violations in Dutch, error states included', { skip }, async () => {
  const page = await env.newPage({ locale: 'nl-BE' });
  const fa = world.foreignAffairs;
  await signIn(page, 'editor.fa', DEMO_PASSWORD, '/posts/new');
  await page.getByRole('heading', { level: 1, name: 'Nieuwe publicatie' }).waitFor();
  const channels = await usableChannels(page, fa.id);
  const x = channels.find((c) => c.network === 'x') ?? channels[0];
  assert.ok(x, 'editor.fa has an account to publish on');
  await channelBox(page, x.id).click();
  await page.locator('textarea[name="variants.nl"]').fill('Reisadvies. '.repeat(x.network === 'x' ? 30 : 1));
  await card(page, x.id).waitFor();
  if (x.network === 'x') await card(page, x.id).locator('.counter-bad').waitFor();
  await axeCheck(page, 'composer nl (preview)');

  // A link the server refuses: shown at the field, the draft is not saved.
  await page.locator('input[name="link_url"]').fill('not a link');
  await page.locator('[data-testid="save-state"][data-state="error"]').waitFor();
  assert.equal(await page.locator('input[name="link_url"]').getAttribute('aria-invalid'), 'true');
  await page.locator('.field-error', { hasText: 'link_url' }).waitFor();
  await axeCheck(page, 'composer nl (refused link)');
  await page.locator('input[name="link_url"]').fill('https://diplomatie.belgium.be/nl');
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  await card(page, x.id).locator('.preview-text', { hasText: 'utm_source=' }).waitFor();

  // Publish now asks first; the first time the dialog is closed without publishing.
  await page.getByRole('button', { name: 'Nu publiceren' }).click();
  await page.getByRole('alertdialog').waitFor();
  await axeCheck(page, 'composer nl (publish now dialog)');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Annuleren' }).click();
  await page.getByRole('alertdialog').waitFor({ state: 'detached' });
  const postId = Number(new URL(page.url()).pathname.split('/').pop());
  assert.equal((await api(page, `/api/v1/posts/${postId}`)).status, 'draft');

  // Within the limit, then published now. The demo accounts are not connected to their
  // networks, so the server gives up on each message with an explanation; the page follows
  // the status by itself (polling) and shows the explanation.
  await page.locator('textarea[name="variants.nl"]').fill('Reisadvies: nieuwe update voor Brazilië.');
  await card(page, x.id).locator('.counter:not(.counter-bad)').waitFor();
  await page.getByRole('button', { name: 'Nu publiceren' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Ja, nu publiceren' }).click();
  await page.getByRole('status').filter({ hasText: 'Publicatie gestart' }).waitFor();
  const row = page.locator('table.renditions tbody tr').first();
  await row.waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('table.renditions tbody tr')].every((tr) => !['scheduled', 'publishing', 'unconfirmed'].includes(tr.dataset.status)), null, { timeout: 20_000 });
  const status = await row.getAttribute('data-status');
  if (status === 'failed') {
    await row.locator('.badge', { hasText: 'Mislukt' }).waitFor();
    assert.ok((await row.locator('.network-explanation, .network-message').count()) > 0, 'a failed message says why');
  } else if (status === 'published') {
    await row.getByRole('link', { name: /Bekijken op/ }).waitFor();
  }
  assert.equal(await page.getByRole('button', { name: 'Publicatie annuleren' }).count(), 0, 'only a scheduled post can be cancelled');
  await axeCheck(page, 'post nl (after publishing)');

  await page.goto('/posts');
  await page.getByRole('heading', { level: 1, name: 'Publicaties' }).waitFor();
  await page.locator('tr[data-post-id]').first().waitFor();
  await axeCheck(page, 'queue nl');
  await page.goto('/posts/calendar?view=week');
  await page.getByRole('heading', { level: 1, name: 'Publicatiekalender' }).waitFor();
  await page.waitForLoadState('networkidle');
  await axeCheck(page, 'calendar nl (week)');
  await page.getByRole('button', { name: 'Maand' }).click();
  await page.locator('table.calendar').waitFor();
  await axeCheck(page, 'calendar nl (month)');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  assertNoPageProblems(page);
});

test('an editor adds an image with its alt text in French and Dutch and sees it in the preview', { skip }, async () => {
  const page = await env.newPage({ locale: 'fr-BE' });
  const fa = world.foreignAffairs;
  let user = 'editor.fa';
  await signIn(page, user, DEMO_PASSWORD, '/posts/new');
  let channels = await usableChannels(page, fa.id);
  if (channels.length < 1) {
    await signOut(page);
    user = 'admin';
    await signIn(page, user, DEMO_PASSWORD, '/posts/new');
    channels = await usableChannels(page, fa.id);
  }
  const target = channels.find((c) => c.network === 'mastodon' || c.network === 'bluesky') ?? channels[0];
  assert.ok(target, `${user} has an account to publish on for Foreign Affairs`);
  await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
  await page.locator('select[name="organisation_id"]').selectOption(String(fa.id));
  await channelBox(page, target.id).waitFor();
  await page.locator('textarea[name="variants.fr"]').fill('Inondations : carte des zones touchées.');
  await page.locator('textarea[name="variants.nl"]').fill('Overstromingen: kaart van de getroffen zones.');
  await page.waitForURL(/\/posts\/\d+$/);
  await channelBox(page, target.id).click();
  await card(page, target.id).waitFor();

  // The file input has a visible label; the upload is announced and the thumbnail drawn from /content.
  const file = page.getByLabel('Ajouter une image');
  assert.equal(await file.getAttribute('type'), 'file');
  await file.setInputFiles({ name: 'carte-zones.png', mimeType: 'image/png', buffer: png(24, 16) });
  const thumb = page.getByRole('img', { name: /Aperçu de l’image 1 \(carte-zones\.png\)/ });
  await thumb.waitFor();
  await page.waitForFunction(() => document.querySelector('img.media-thumb')?.naturalWidth === 24);
  const mediaId = Number(await page.locator('.media-item').first().getAttribute('data-media-id'));
  const meta = await api(page, `/api/v1/media/${mediaId}`);
  assert.equal(meta.mime_type, 'image/png');
  assert.equal(meta.width, 24);

  // One required alt-text field per language of the post; without the Dutch one the preview refuses.
  const altFr = page.getByRole('textbox', { name: /Texte alternatif de l’image 1 — Français/ });
  const altNl = page.getByRole('textbox', { name: /Texte alternatif de l’image 1 — Néerlandais/ });
  assert.equal(await altFr.getAttribute('lang'), 'fr');
  assert.equal(await altNl.getAttribute('aria-required'), 'true');
  await altFr.fill('Carte de la Belgique, zones inondées en bleu.');
  await card(page, target.id).locator('[data-testid="image-count"]', { hasText: '1 image' }).waitFor();
  await card(page, target.id).locator('.problem-list', { hasText: 'no alt text in nl' }).waitFor();
  await axeCheck(page, 'composer (image without Dutch alt text)');
  await altNl.fill('Kaart van België, overstroomde zones in het blauw.');
  await card(page, target.id).locator('.counter:not(.counter-bad)').waitFor();
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  const postId = Number(new URL(page.url()).pathname.split('/').pop());
  const saved = await api(page, `/api/v1/posts/${postId}`);
  assert.deepEqual(saved.media.map((m) => [m.media_id, m.alt.fr, m.alt.nl]), [[mediaId, 'Carte de la Belgique, zones inondées en bleu.', 'Kaart van België, overstroomde zones in het blauw.']]);
  assert.ok(saved.preview.ok, 'the preview passes with both alt texts');
  await axeCheck(page, 'composer (image with alt texts)');

  // A file that is not an image is refused with the server's words; removing the image works.
  await file.setInputFiles({ name: 'note.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.7 not an image') });
  await page.locator('.alert', { hasText: 'a PDF document' }).waitFor();
  await page.getByRole('button', { name: 'Retirer l’image 1 (carte-zones.png)' }).click();
  await page.getByRole('status').filter({ hasText: 'Image carte-zones.png retirée.' }).waitFor();
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  await page.waitForFunction(async (id) => (await (await fetch(`/api/v1/posts/${id}`)).json()).media.length === 0, postId);
  assertNoPageProblems(page);
});
