// (g) The editorial workflow (issue 4), on the demo world with its netsim accounts connected.
// An editor of Foreign Affairs drafts a bilingual post that names a minister: the policy flags the
// sensitive subject; submitting without the on-the-record attestation is refused and says why;
// with it, the post goes to review. A reviewer finds it in the queue (count in the navigation),
// approves the version read; the post still waits for the spokesperson (the reviewer cannot
// schedule). The spokesperson finds it (sensitive words shown) and approves. The editor then
// changes the text: version +1, back to review, the diff shows the change; both approve again;
// the editor publishes it now and netsim holds exactly one post with the text. The audit records
// each approval with its version. Also: asking for changes (a dialog with a required comment) and
// the organisation policy page (read-only for a reviewer, editable by the administrator).
// axe runs on every page state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiSession, assertNoPageProblems, axeCheck, DEMO_PASSWORD, demoWorld, missingPrerequisite, signIn, startEnvironment, startNetsim } from './harness.mjs';

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
const channelBox = (page, id) => page.locator('label.channel-option').filter({ has: page.locator(`input[value="${id}"]`) });

/** Opens the post as a reviewer and approves the version shown; returns the message said. */
async function approveInUi(page, postId, version, label) {
  await page.goto(`/posts/${postId}`);
  await page.getByRole('heading', { level: 1, name: 'Publication' }).waitFor();
  await page.locator('[data-testid="review-version"]', { hasText: String(version) }).waitFor();
  await axeCheck(page, `${label} (before approving version ${version})`);
  const sent = page.waitForRequest((r) => r.url().endsWith(`/api/v1/posts/${postId}/approve`) && r.method() === 'POST');
  await page.getByRole('button', { name: `Approuver la version ${version}` }).click();
  assert.deepEqual((await sent).postDataJSON(), { version }, 'the version read is the one approved');
  const note = page.getByRole('status').filter({ hasText: `Vous avez approuvé la version ${version}` });
  await note.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.closest('[role="status"]') != null), true, 'focus moves to the confirmation');
  return note.innerText();
}

const FR = 'Le Vice-Premier ministre se rendra au Brésil la semaine prochaine pour renforcer la coopération.';
const NL = 'De vice-eersteminister reist volgende week naar Brazilië om de samenwerking te versterken.';
const FR2 = 'Le Vice-Premier ministre se rendra au Brésil lundi prochain pour renforcer la coopération.';

test('a bilingual post naming a minister: attestation, peer review, spokesperson, a change sent back to review, published on netsim (fr)', { skip }, async () => {
  const fa = world.foreignAffairs;
  const editor = await env.newPage({ locale: 'fr-BE' });
  await signIn(editor, 'editor.fa', DEMO_PASSWORD, '/posts/new');
  await editor.getByRole('heading', { level: 1, name: 'Nouvelle publication' }).waitFor();
  const { items } = await api(editor, `/api/v1/channels?organisation_id=${fa.id}&per_page=200`);
  // The Bluesky account publishes in French and Dutch (the Mastodon one in four languages, which
  // language parity would make the post write in German too).
  const account = items.find((c) => c.network === 'bluesky' && /netsim\.test/.test(c.handle ?? ''));
  assert.ok(account, 'the demo has a Foreign Affairs Bluesky account on netsim');
  assert.deepEqual([...account.languages].sort(), ['fr', 'nl']);

  // The draft: French and Dutch, naming the Deputy Prime Minister.
  await editor.locator('select[name="organisation_id"]').selectOption(String(fa.id));
  await channelBox(editor, account.id).click();
  await editor.locator('textarea[name="variants.fr"]').fill(FR);
  await editor.locator('textarea[name="variants.nl"]').fill(NL);
  await editor.waitForURL(/\/posts\/\d+$/);
  const postId = Number(new URL(editor.url()).pathname.split('/').pop());
  await editor.locator(`.preview-card[data-channel-id="${account.id}"]`).waitFor();
  await editor.locator('[data-testid="save-state"][data-state="saved"]').waitFor();

  // The policy explains itself: a sensitive subject, the words found, who unblocks it, from where.
  const panel = editor.getByTestId('review-panel');
  const sensitive = panel.locator('.finding[data-rule="sensitive_subject"]');
  await sensitive.waitFor();
  await sensitive.locator('mark.matched-word', { hasText: 'Vice-Premier ministre' }).waitFor();
  const sensitiveText = await sensitive.innerText();
  assert.match(sensitiveText, /Sujet sensible/);
  assert.match(sensitiveText, /Le porte-parole le débloque/);
  assert.match(sensitiveText, /Règle fixée par/);
  assert.doesNotMatch(sensitiveText, /Sensitive subject/, 'the English sentence is not shown to a French reader');
  assert.equal(await panel.locator('.findings-group[data-effect="needs_spokesperson"] h4').count(), 1);
  await panel.getByTestId('spokesperson-progress').filter({ hasText: 'Nécessaire (sujet sensible)' }).waitFor();
  await editor.getByTestId('schedule-after-review').waitFor();
  assert.equal(await editor.getByRole('button', { name: 'Publier maintenant' }).count(), 0, 'a post that needs review cannot be published directly');
  await axeCheck(editor, 'composer (draft naming a minister)');

  // Submitting without the attestation is refused, and the page says which rule and what to do.
  const attest = editor.getByLabel('Je confirme que ceci pourrait être déclaré officiellement à la presse');
  assert.equal(await attest.getAttribute('aria-required'), 'true');
  await editor.getByRole('button', { name: 'Soumettre à la relecture' }).click();
  const problem = editor.getByTestId('submit-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /ne peut pas encore être soumise/);
  assert.match(await problem.innerText(), /déclaré officiellement à la presse/);
  assert.equal(await editor.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'submit-problem', 'focus moves to the refusal');
  assert.equal(await attest.getAttribute('aria-invalid'), 'true');
  assert.equal((await api(editor, `/api/v1/posts/${postId}`)).status, 'draft');
  await axeCheck(editor, 'composer (submission refused: no attestation)');

  await attest.check();
  await editor.getByLabel('Message pour les relecteurs (facultatif)').fill('Texte validé avec le cabinet.');
  await editor.getByRole('button', { name: 'Soumettre à la relecture' }).click();
  await editor.getByRole('status').filter({ hasText: /La version \d+ a été soumise à la relecture/ }).waitFor();
  await editor.getByRole('heading', { level: 1, name: 'Publication' }).waitFor();
  const submitted = await api(editor, `/api/v1/posts/${postId}`);
  assert.equal(submitted.status, 'in_review');
  assert.equal(submitted.review.attested, true);
  const v1 = submitted.version;
  await editor.getByTestId('review-status').locator('.badge', { hasText: 'En relecture' }).waitFor();
  await editor.getByTestId('conversation').locator('[data-kind="submitted"]', { hasText: 'Texte validé avec le cabinet.' }).waitFor();
  await axeCheck(editor, 'post (in review, seen by its author)');

  // The reviewer: a count in the navigation, the queue says why, the approval is of the version read.
  const reviewer = await env.newPage({ locale: 'fr-BE' });
  await signIn(reviewer, 'reviewer.fa', DEMO_PASSWORD, '/posts');
  const reviewerNav = reviewer.getByRole('navigation', { name: 'Navigation principale' });
  const queueLink = reviewerNav.getByRole('link', { name: /À relire/ });
  await queueLink.getByTestId('review-count').filter({ hasText: '1' }).waitFor();
  assert.match(await queueLink.innerText(), /1 publication vous attend/);
  await queueLink.click();
  await reviewer.waitForURL('**/review');
  await reviewer.getByRole('heading', { level: 1, name: 'À relire' }).waitFor();
  assert.equal(await queueLink.getAttribute('aria-current'), 'page');
  await reviewer.getByTestId('queue-summary').filter({ hasText: 'À relire : 1 (porte-parole : 0)' }).waitFor();
  const reviewRow = reviewer.locator(`tr[data-post-id="${postId}"]`);
  await reviewRow.waitFor();
  assert.equal(await reviewRow.getAttribute('data-reason'), 'peer_review');
  assert.match(await reviewRow.innerText(), /Relecture/);
  await reviewRow.getByTestId('sensitive-words').locator('mark', { hasText: 'Vice-Premier ministre' }).waitFor();
  await axeCheck(reviewer, 'review queue (reviewer)');
  await reviewRow.getByRole('link').click();
  await reviewer.waitForURL(`**/posts/${postId}`);
  await reviewer.getByTestId('peer-progress').filter({ hasText: '0 relecture(s) sur 1' }).waitFor();
  assert.match(await approveInUi(reviewer, postId, v1, 'post (reviewer)'), /attend maintenant l’approbation du porte-parole/);
  let post = await api(reviewer, `/api/v1/posts/${postId}`);
  assert.equal(post.status, 'in_review', 'still in review: the spokesperson must approve too');
  assert.equal(post.review.peer_approvals, 1);
  assert.equal(post.review.spokesperson_approved, false);
  assert.ok(!post.review.actions.includes('schedule') && !post.review.actions.includes('approve'));
  await reviewer.getByTestId('peer-progress').filter({ hasText: '1 relecture(s) sur 1' }).waitFor();
  await reviewer.getByTestId('spokesperson-progress').filter({ hasText: 'En attente de l’approbation du porte-parole' }).waitFor();
  await reviewer.getByTestId('approvals').filter({ hasText: `reviewer.fa a approuvé la version ${v1}` }).waitFor();
  assert.equal(await reviewer.getByRole('heading', { level: 2, name: 'Quand publier' }).count(), 0, 'the reviewer cannot schedule');
  const reviewerApi = await apiSession(env.url, 'reviewer.fa');
  const refused = await reviewerApi.send('POST', `/api/v1/posts/${postId}/schedule`, { now: true });
  assert.ok(refused.status === 403 || refused.status === 409, `the reviewer cannot schedule (got ${refused.status})`);
  await axeCheck(reviewer, 'post (approved by the reviewer, waiting for the spokesperson)');

  // The spokesperson: the queue says it waits for them and which words made it sensitive.
  const spokesperson = await env.newPage({ locale: 'fr-BE' });
  await signIn(spokesperson, 'spokesperson.fa', DEMO_PASSWORD, '/review');
  await spokesperson.getByRole('heading', { level: 1, name: 'À relire' }).waitFor();
  await spokesperson.getByTestId('queue-summary').filter({ hasText: 'porte-parole : 1' }).waitFor();
  const spokesRow = spokesperson.locator(`tr[data-post-id="${postId}"]`);
  await spokesRow.waitFor();
  assert.equal(await spokesRow.getAttribute('data-reason'), 'spokesperson');
  assert.match(await spokesRow.innerText(), /Approbation du porte-parole/);
  await spokesRow.getByTestId('sensitive-words').locator('mark', { hasText: 'Vice-Premier ministre' }).waitFor();
  await axeCheck(spokesperson, 'review queue (spokesperson)');
  assert.match(await approveInUi(spokesperson, postId, v1, 'post (spokesperson)'), /la publication est approuvée et peut être programmée/);
  post = await api(spokesperson, `/api/v1/posts/${postId}`);
  assert.equal(post.status, 'approved');
  assert.deepEqual(post.review.approvals.map((a) => [a.username, a.version, a.as_spokesperson]).sort(), [['reviewer.fa', v1, false], ['spokesperson.fa', v1, true]]);
  await spokesperson.getByTestId('approvals').filter({ hasText: `spokesperson.fa a approuvé la version ${v1} en tant que porte-parole` }).waitFor();
  await axeCheck(spokesperson, 'post (approved)');

  // A change after approval: a new version, back to review, the diff shows what changed.
  await editor.goto(`/posts/${postId}`);
  await editor.getByTestId('review-status').locator('.badge', { hasText: 'Approuvée' }).waitFor();
  await editor.getByRole('heading', { level: 2, name: 'Quand publier' }).waitFor();
  await axeCheck(editor, 'post (approved, seen by its author)');
  await editor.getByRole('button', { name: 'Modifier la publication' }).click();
  await editor.getByRole('heading', { level: 1, name: 'Modifier une publication en relecture' }).waitFor();
  await editor.locator('textarea[name="variants.fr"]').fill(FR2);
  assert.equal((await api(editor, `/api/v1/posts/${postId}`)).version, v1, 'nothing is saved before the author asks');
  await axeCheck(editor, 'composer (changing an approved post)');
  await editor.getByRole('button', { name: 'Enregistrer les changements' }).click();
  await editor.getByRole('status').filter({ hasText: `La version ${v1 + 1} a été enregistrée et repart en relecture` }).waitFor();
  post = await api(editor, `/api/v1/posts/${postId}`);
  assert.equal(post.status, 'in_review');
  assert.equal(post.version, v1 + 1);
  assert.deepEqual(post.review.approvals, [], 'the approvals of the old version no longer count');
  const diff = editor.locator(`[data-testid="diff"][data-from="${v1}"][data-to="${v1 + 1}"]`);
  await diff.waitFor();
  const frDiff = diff.locator('.diff-language[data-language="fr"]');
  assert.equal(await frDiff.getAttribute('data-change'), 'changed');
  assert.match(await frDiff.locator('ins').allInnerTexts().then((x) => x.join(' ')), /lundi/);
  assert.match(await frDiff.locator('del').allInnerTexts().then((x) => x.join(' ')), /semaine/);
  assert.equal(await diff.locator('.diff-language[data-language="nl"]').getAttribute('data-change'), 'same');
  await editor.getByTestId('conversation').locator('[data-kind="back_to_review"]').waitFor();
  await axeCheck(editor, 'post (back in review, with the diff)');

  // Approved again (version +1), then published now by the editor.
  await approveInUi(reviewer, postId, v1 + 1, 'post (reviewer, second version)');
  assert.match(await approveInUi(spokesperson, postId, v1 + 1, 'post (spokesperson, second version)'), /approuvée et peut être programmée/);
  await editor.goto(`/posts/${postId}`);
  await editor.getByRole('heading', { level: 2, name: 'Quand publier' }).waitFor();
  await editor.getByRole('button', { name: 'Publier maintenant' }).click();
  await editor.getByRole('alertdialog').getByRole('button', { name: 'Oui, publier maintenant' }).click();
  await editor.getByRole('status').filter({ hasText: 'Publication lancée' }).waitFor();
  await editor.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll('table.renditions tbody tr')];
      return rows.length === 1 && rows[0].dataset.status === 'published';
    },
    null,
    { timeout: 30_000 },
  );
  await axeCheck(editor, 'post (published)');
  const onNetsim = await netsimPosts('bluesky');
  assert.equal(onNetsim.length, 1, `exactly one Bluesky post on netsim, got ${onNetsim.length}`);
  const published = await api(editor, `/api/v1/posts/${postId}`);
  assert.equal(published.status, 'published');
  assert.equal(onNetsim[0].text, published.renditions[0].text);
  assert.ok(onNetsim[0].text.includes(FR2) && onNetsim[0].text.includes(NL), 'the approved second version, in both languages, was published');

  // The audit chain: the submission and each approval with the version it concerned.
  const admin = await apiSession(env.url, 'admin');
  const audit = await admin.get(`/api/v1/audit?object_type=post&object_id=${postId}&per_page=200`);
  assert.equal(audit.status, 200);
  const approvals = audit.body.items.filter((e) => e.action === 'post.approve').map((e) => [e.actor?.username, e.after?.version]);
  assert.deepEqual(approvals.sort(), [['reviewer.fa', v1], ['reviewer.fa', v1 + 1], ['spokesperson.fa', v1], ['spokesperson.fa', v1 + 1]].sort());
  const submits = audit.body.items.filter((e) => e.action === 'post.submit');
  assert.equal(submits.length, 1);
  assert.equal(submits[0].after.version, v1);
  for (const p of [editor, reviewer, spokesperson]) assertNoPageProblems(p);
});

test('a reviewer asks for changes in a dialog; the author finds the post in their queue with the comment (fr)', { skip }, async () => {
  const fa = world.foreignAffairs;
  const editorApi = await apiSession(env.url, 'editor.fa');
  const created = await editorApi.send('POST', '/api/v1/posts', {
    organisation_id: fa.id,
    content_type: 'press_release',
    variants: { fr: 'Nouvelle brochure consulaire disponible #brochureconsulaire', nl: 'Nieuwe consulaire brochure beschikbaar' },
    channel_ids: [],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const postId = created.body.id;
  const submitted = await editorApi.send('POST', `/api/v1/posts/${postId}/submit`, { attest: true });
  assert.equal(submitted.status, 200, JSON.stringify(submitted.body));

  const reviewer = await env.newPage({ locale: 'fr-BE' });
  await signIn(reviewer, 'reviewer.fa', DEMO_PASSWORD, `/posts/${postId}`);
  await reviewer.getByRole('heading', { level: 1, name: 'Publication' }).waitFor();
  const v1 = submitted.body.version;
  await reviewer.getByTestId('review-version').filter({ hasText: String(v1) }).waitFor();

  // The author changes the post while the reviewer reads it: approving what was read is refused,
  // and the page shows the new version.
  const changed = await editorApi.send('PATCH', `/api/v1/posts/${postId}`, {
    variants: { fr: 'Nouvelle brochure consulaire disponible en ligne #brochureconsulaire', nl: 'Nieuwe consulaire brochure online beschikbaar' },
  });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.version, v1 + 1);
  await reviewer.getByRole('button', { name: `Approuver la version ${v1}` }).click();
  await reviewer.getByRole('alert').filter({ hasText: 'La publication a changé depuis que vous l’avez lue' }).waitFor();
  await reviewer.getByTestId('review-version').filter({ hasText: String(v1 + 1) }).waitFor();
  await reviewer.getByRole('button', { name: `Approuver la version ${v1 + 1}` }).waitFor();
  await axeCheck(reviewer, 'post (approval refused: changed since read)');

  await reviewer.getByRole('button', { name: 'Demander des changements' }).click();
  const dialog = reviewer.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Renvoyer à l’auteur' }).click();
  await dialog.locator('.field-error', { hasText: 'Écrivez un commentaire' }).waitFor();
  assert.equal(await dialog.getByLabel(/Que faut-il changer/).getAttribute('aria-invalid'), 'true');
  await axeCheck(reviewer, 'request changes dialog (comment missing)');
  await dialog.getByLabel(/Que faut-il changer/).fill('Ajoutez le lien vers la brochure.');
  await dialog.getByRole('button', { name: 'Renvoyer à l’auteur' }).click();
  await reviewer.getByRole('status').filter({ hasText: 'Changements demandés' }).waitFor();
  assert.equal((await api(reviewer, `/api/v1/posts/${postId}`)).status, 'draft');
  await reviewer.getByTestId('conversation').locator('[data-kind="changes_requested"]', { hasText: 'Ajoutez le lien vers la brochure.' }).waitFor();
  await axeCheck(reviewer, 'post (changes requested, seen by the reviewer)');

  // The author: counted in the navigation, listed with the reason, the comment on the post.
  const editor = await env.newPage({ locale: 'nl-BE' });
  await signIn(editor, 'editor.fa', DEMO_PASSWORD, '/review');
  await editor.getByRole('heading', { level: 1, name: 'Te beoordelen' }).waitFor();
  const row = editor.locator(`tr[data-post-id="${postId}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-reason'), 'changes_requested');
  assert.match(await row.innerText(), /Wijzigingen gevraagd/);
  await editor.getByRole('navigation', { name: 'Hoofdnavigatie' }).getByTestId('review-count').waitFor();
  await axeCheck(editor, 'review queue nl (changes requested)');
  await row.getByRole('link').click();
  await editor.getByRole('heading', { level: 1, name: 'Concept bewerken' }).waitFor();
  await editor.getByTestId('conversation').locator('[data-kind="changes_requested"]', { hasText: 'Ajoutez le lien vers la brochure.' }).waitFor();
  // The hashtag advice, in Dutch: several words in lower case.
  await editor.locator('.finding[data-rule="hashtag_case"]').waitFor();
  await editor.locator('.finding[data-rule="hashtag_case"]', { hasText: 'Schrijf #BrochureConsulaire in plaats van #brochureconsulaire' }).waitFor();
  await editor.locator('textarea[name="comment_body"]').fill('Link toegevoegd.');
  await editor.getByLabel('Taal van de opmerking (optioneel)').selectOption('nl');
  await editor.getByRole('button', { name: 'Opmerking toevoegen' }).click();
  await editor.getByTestId('conversation').locator('[data-kind="comment"]', { hasText: 'Link toegevoegd.' }).waitFor();
  await editor.getByRole('button', { name: /Versies tonen/ }).click();
  await editor.locator('table.versions-table').waitFor();
  await axeCheck(editor, 'composer nl (draft sent back, conversation and versions)');
  for (const p of [reviewer, editor]) assertNoPageProblems(p);
});

test('the organisation policy: read by a reviewer, changed and inherited again by the administrator (fr)', { skip }, async () => {
  const fa = world.foreignAffairs;
  const reviewer = await env.newPage({ locale: 'fr-BE' });
  await signIn(reviewer, 'reviewer.fa', DEMO_PASSWORD, `/registry/${fa.id}`);
  await reviewer.getByRole('link', { name: 'Politique de publication' }).click();
  await reviewer.waitForURL(`**/registry/${fa.id}/policy`);
  await reviewer.getByRole('heading', { level: 1, name: /Politique de publication/ }).waitFor();
  await reviewer.locator('tr[data-rule="required_languages"]', { hasText: 'Néerlandais' }).waitFor();
  assert.equal(await reviewer.locator('form.policy-form').count(), 0, 'a reviewer reads the policy, does not change it');
  await axeCheck(reviewer, 'policy page (read-only)');

  const admin = await env.newPage({ locale: 'fr-BE' });
  await signIn(admin, 'admin', DEMO_PASSWORD, `/registry/${fa.id}/policy`);
  await admin.locator('form.policy-form').waitFor();
  const peerSetBy = admin.getByTestId('set-by-peer_reviews');
  const gov = world.orgs.find((o) => o.id === fa.parent_id) && world.orgs.find((o) => o.parent_id == null);
  assert.ok(gov, 'the demo has a root organisation');
  const peerBefore = await peerSetBy.innerText();
  assert.notEqual(peerBefore.trim(), 'Par défaut', 'the peer review count comes from the government');
  await axeCheck(admin, 'policy page (administrator)');

  // Two peer reviews for Foreign Affairs.
  const peer = admin.locator('fieldset[data-rule="peer_reviews"]');
  await peer.getByLabel('Fixer pour cette organisation').check();
  await peer.locator('select[name="peer_reviews"]').selectOption('2');
  await axeCheck(admin, 'policy page (editing)');
  const put = admin.waitForRequest((r) => r.url().endsWith(`/api/v1/organisations/${fa.id}/policy`) && r.method() === 'PUT');
  await admin.getByRole('button', { name: 'Enregistrer la politique' }).click();
  const body = (await put).postDataJSON();
  assert.equal(body.peer_reviews, 2);
  assert.deepEqual(body.required_languages, ['fr', 'nl'], 'the rules set before stay set');
  assert.equal('require_attestation' in body, false, 'an inherited rule is not sent');
  await admin.getByRole('status').filter({ hasText: 'La politique de publication a été enregistrée.' }).waitFor();
  await admin.locator('tr[data-rule="peer_reviews"]', { hasText: '2 relectures' }).waitFor();
  assert.match(await peerSetBy.innerText(), /Affaires étrangères|Foreign Affairs|Buitenlandse/);
  await axeCheck(admin, 'policy page (saved)');

  // Inherited again.
  await admin.locator('fieldset[data-rule="peer_reviews"]').getByLabel('Fixer pour cette organisation').uncheck();
  await admin.getByRole('button', { name: 'Enregistrer la politique' }).click();
  await admin.locator('tr[data-rule="peer_reviews"]', { hasText: '1 relecture' }).waitFor();
  assert.equal((await peerSetBy.innerText()).trim(), peerBefore.trim());
  const stored = await (await apiSession(env.url, 'admin')).get(`/api/v1/organisations/${fa.id}/policy`);
  assert.equal(stored.body.own.peer_reviews ?? null, null);
  assert.equal(stored.body.effective.peer_reviews, 1);
  for (const p of [reviewer, admin]) assertNoPageProblems(p);
});
