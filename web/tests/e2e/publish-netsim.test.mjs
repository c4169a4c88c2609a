// (f) Publishing for real: the demo world with its two netsim accounts connected (Foreign
// Affairs on Mastodon and on Bluesky). An editor writes a bilingual post, publishes it now, watches
// each channel reach "published" with a link to the post on the network, and netsim holds exactly
// one post per account with the text that was sent. Then the Mastodon status is edited in place
// (the first text stays on record) and the Bluesky post deleted (gone from netsim, kept here). axe
// runs on the composer, the post page and its dialogs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoPageProblems, axeCheck, DEMO_PASSWORD, demoWorld, missingPrerequisite, relaxPolicy, signIn, startEnvironment, startNetsim } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
let netsim;
let env;
let world;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  netsim = await startNetsim();
  try {
    env = await startEnvironment({ netsim: netsim.url });
  } catch (err) {
    await netsim.stop();
    throw err;
  }
  world = await demoWorld(env.url);
  // About publishing to the networks, not the editorial review (workflow.test.mjs goes through
  // it to netsim): Foreign Affairs' drafts may be published directly.
  await relaxPolicy(env.url, world.foreignAffairs.id);
});
after(async () => {
  await env?.stop();
  await netsim?.stop();
});

const api = (page, path) => page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);
const netsimPosts = async (network) => {
  const res = await fetch(`${netsim.url}/_netsim/posts?network=${network}`);
  assert.equal(res.status, 200, `netsim /_netsim/posts → ${res.status}`);
  return (await res.json()).items;
};

test('an editor publishes a bilingual post to Mastodon and Bluesky on netsim, once each (fr)', { skip }, async () => {
  const page = await env.newPage({ locale: 'fr-BE' });
  await signIn(page, 'editor.fa', DEMO_PASSWORD, '/posts/new');
  await page.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();

  const { items } = await api(page, `/api/v1/channels?organisation_id=${world.foreignAffairs.id}&per_page=200`);
  const demo = items.filter((c) => /netsim\.test/.test(c.handle ?? ''));
  const mastodon = demo.find((c) => c.network === 'mastodon');
  const bluesky = demo.find((c) => c.network === 'bluesky');
  assert.ok(mastodon && bluesky, `the demo has one netsim account per network (found ${demo.map((c) => c.handle).join(', ')})`);

  for (const c of [mastodon, bluesky]) {
    await page.locator('label.channel-option').filter({ has: page.locator(`input[value="${c.id}"]`) }).click();
  }
  const fr = 'Conseils aux voyageurs : mise à jour pour le Brésil #Voyage';
  const nl = 'Reisadvies: update voor Brazilië #Reizen';
  await page.locator('textarea[name="variants.fr"]').fill(fr);
  await page.locator('textarea[name="variants.nl"]').fill(nl);
  for (const c of [mastodon, bluesky]) {
    await page.locator(`.preview-card[data-channel-id="${c.id}"] .counter:not(.counter-bad)`).waitFor();
  }
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  await axeCheck(page, 'composer fr (two netsim channels)');

  await page.getByRole('button', { name: 'Publier maintenant' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Oui, publier maintenant' }).click();
  await page.getByRole('status').filter({ hasText: 'Publication lancée' }).waitFor();

  // The page follows each message by itself until it settles.
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('table.renditions tbody tr')];
      return rows.length === 2 && rows.every((tr) => tr.dataset.status === 'published');
    },
    null,
    { timeout: 30_000 },
  );
  for (const network of ['Mastodon', 'Bluesky']) {
    await page.getByRole('link', { name: `Voir sur ${network}` }).waitFor();
  }
  await axeCheck(page, 'post fr (published on netsim)');

  const postId = Number(new URL(page.url()).pathname.split('/').pop());
  const post = await api(page, `/api/v1/posts/${postId}`);
  assert.equal(post.status, 'published');
  const byChannel = new Map(post.renditions.map((r) => [r.channel_id, r]));

  // netsim holds exactly one post per account, with the text belfry recorded as sent.
  const onMastodon = await netsimPosts('mastodon');
  const onBluesky = await netsimPosts('bluesky');
  assert.equal(onMastodon.length, 1, `one Mastodon status, got ${onMastodon.length}`);
  assert.equal(onBluesky.length, 1, `one Bluesky record, got ${onBluesky.length}`);
  assert.equal(onBluesky[0].text, byChannel.get(bluesky.id).text);
  assert.ok(onBluesky[0].text.includes('Brésil') && onBluesky[0].text.includes('Brazilië'), 'both languages in the combined Bluesky post');
  assert.equal(onMastodon[0].id, byChannel.get(mastodon.id).remote_id, 'Mastodon status id recorded');
  assert.equal(onBluesky[0].uri, byChannel.get(bluesky.id).remote_id, 'Bluesky at:// URI recorded');

  // Edit the Mastodon status in place; the earlier text stays on record.
  const mastodonActions = page.locator(`[data-testid="rendition-actions-${byChannel.get(mastodon.id).id}"]`);
  await mastodonActions.getByRole('button', { name: /Modifier le texte/ }).click();
  const edited = 'Conseils aux voyageurs : mise à jour pour le Brésil (corrigé) #Voyage';
  await mastodonActions.getByRole('textbox').fill(edited);
  await axeCheck(page, 'post fr (editing a published message)');
  await mastodonActions.getByRole('button', { name: 'Envoyer la modification' }).click();
  // The edit goes through the queue; netsim shows the new text on the same status.
  let onNetsim = false;
  for (let i = 0; i < 80 && !onNetsim; i++) {
    onNetsim = (await netsimPosts('mastodon')).some((st) => st.id === byChannel.get(mastodon.id).remote_id && JSON.stringify(st).includes('(corrigé)'));
    if (!onNetsim) await new Promise((r) => setTimeout(r, 250));
  }
  assert.ok(onNetsim, 'the edit reached the same status on netsim');
  const afterEdit = await api(page, `/api/v1/posts/${postId}`);
  const editedRendition = afterEdit.renditions.find((r) => r.channel_id === mastodon.id);
  assert.ok(
    (editedRendition.revisions ?? []).some((rev) => rev.text === byChannel.get(mastodon.id).text),
    'the text first published is kept among the revisions',
  );

  // Delete the Bluesky post: asked first, then gone from netsim, still on record here.
  const blueskyActions = page.locator(`[data-testid="rendition-actions-${byChannel.get(bluesky.id).id}"]`);
  assert.equal(await blueskyActions.getByRole('button', { name: /Modifier le texte/ }).count(), 0, 'Bluesky posts cannot be edited');
  await blueskyActions.getByRole('button', { name: /Supprimer du réseau/ }).click();
  await page.getByRole('alertdialog').waitFor();
  await axeCheck(page, 'post fr (delete dialog)');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Oui, le supprimer' }).click();
  await page.locator(`table.renditions tbody tr[data-status="deleted"]`).waitFor({ timeout: 20_000 });
  const records = await netsimPosts('bluesky');
  assert.equal(records.length, 1);
  assert.equal(records[0].deleted, true, 'the Bluesky record is deleted on netsim');
  const afterDelete = await api(page, `/api/v1/posts/${postId}`);
  const deleted = afterDelete.renditions.find((r) => r.channel_id === bluesky.id);
  assert.equal(deleted.status, 'deleted');
  assert.equal(deleted.text, byChannel.get(bluesky.id).text, 'what was published stays on record');
  await axeCheck(page, 'post fr (after delete)');
  assertNoPageProblems(page);
});
