// (a) An administrator registers a new service under a minister and a channel for it; the public
// verification page then calls the channel official; its history shows the creation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoPageProblems, demoWorld, missingPrerequisite, signIn, signOut, startEnvironment } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
let env;
let world;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  env = await startEnvironment();
  world = await demoWorld(env.url);
});
after(async () => {
  await env?.stop();
});

const CHANNEL_URL = 'https://mastodon.social/@belfry_e2e_test';

test('admin creates a service and a channel; the public verifies it; history shows it', { skip }, async () => {
  const page = await env.newPage({ locale: 'en-GB' });
  const minister = world.ministers[0];
  assert.ok(minister, 'the demo registry has at least one minister');
  const ministerName = minister.names.en || minister.names.fr;

  // Sign in and open the minister in the registry tree.
  await signIn(page, 'admin');
  await page.goto('/registry');
  const tree = page.getByRole('navigation', { name: 'Organisations' });
  await tree.getByRole('link', { name: ministerName, exact: true }).click();
  await page.waitForURL(new RegExp(`/registry/${minister.id}$`));
  await page.getByRole('heading', { level: 2, name: ministerName }).waitFor();

  // Create a service under it.
  await page.getByRole('button', { name: 'Add a sub-organisation' }).click();
  await page.locator('select[name="kind"]').selectOption('service');
  await page.locator('input[name="slug"]').fill('e2e-service');
  await page.locator('input[name="names.fr"]').fill('SPF Essai de bout en bout');
  await page.locator('input[name="names.nl"]').fill('FOD End-to-endtest');
  await page.locator('input[name="names.de"]').fill('FÖD Ende-zu-Ende-Test');
  await page.locator('input[name="names.en"]').fill('FPS End-to-end Test');
  await page.getByRole('button', { name: 'Create the organisation' }).click();
  await page.waitForURL((u) => /^\/registry\/\d+$/.test(u.pathname) && u.pathname !== `/registry/${minister.id}`);
  const serviceId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByRole('status').filter({ hasText: '“FPS End-to-end Test” has been created.' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'FPS End-to-end Test' }).waitFor();
  await tree.getByRole('link', { name: 'FPS End-to-end Test', exact: true }).waitFor();
  await page.getByRole('link', { name: ministerName }).first().waitFor(); // breadcrumb back to the minister

  // Create a channel for the service.
  await page.getByRole('link', { name: 'New account' }).click();
  await page.waitForURL(`**/registry/${serviceId}/channels/new`);
  await page.getByRole('heading', { level: 1, name: 'New account for FPS End-to-end Test' }).waitFor();
  await page.locator('input[name="url"]').fill(CHANNEL_URL);
  await page.locator('input[name="display_name"]').fill('belfry end-to-end test');
  await page.locator('label.checkbox', { hasText: 'French' }).click();
  await page.locator('label.checkbox', { hasText: 'Dutch' }).click();
  assert.equal(await page.getByRole('checkbox', { name: 'French' }).isChecked(), true);
  await page.locator('select[name="status"]').selectOption('active');
  await page.locator('input[name="tags"]').fill('e2e, test');
  await page.getByRole('button', { name: 'Add the account' }).click();
  await page.waitForURL(/\/channels\/\d+$/);
  const channelId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.getByRole('status').filter({ hasText: 'The account has been added to the registry.' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'belfry end-to-end test' }).waitFor();
  const facts = await page.locator('dl.details').innerText();
  assert.match(facts, /Mastodon/);
  assert.match(facts, /belfry_e2e_test/i);

  // Mark it validated (audited too).
  await page.getByRole('button', { name: 'Mark as validated' }).click();
  await page.getByRole('status').filter({ hasText: 'marked as validated' }).waitFor();

  // Edit it: the change is saved and shown.
  await page.locator('input[name="display_name"]').fill('belfry end-to-end test');
  await page.locator('input[name="policy_url"]').fill('https://example.be/social-media-policy');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
  await page.locator('dl.details', { hasText: 'https://example.be/social-media-policy' }).waitFor();

  // Sign out, and check the account as a citizen would.
  await signOut(page);
  await page.getByRole('status').filter({ hasText: 'You have been signed out.' }).waitFor();
  await page.goto('/verify');
  await page.locator('input[name="url"]').fill(CHANNEL_URL);
  await page.getByRole('button', { name: 'Check' }).click();
  const verdict = page.locator('.verify-result .verdict');
  await verdict.waitFor();
  assert.match((await verdict.getAttribute('class')) ?? '', /verdict-official/);
  assert.equal(await page.locator('.verify-result').getAttribute('aria-live'), 'polite');
  const text = await verdict.innerText();
  assert.match(text, /Official account/);
  assert.match(text, /belfry end-to-end test/);
  assert.match(text, /FPS End-to-end Test/);
  assert.match(text, new RegExp(ministerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

  // The API agrees.
  const api = await page.evaluate(async (u) => (await fetch(`/api/v1/public/verify?url=${encodeURIComponent(u)}`)).json(), CHANNEL_URL);
  assert.equal(api.verdict, 'official');
  assert.equal(api.channel.id, channelId);

  // Sign back in straight to the channel's history.
  await signIn(page, 'admin', undefined, `/history/channel/${channelId}`);
  await page.waitForURL(`**/history/channel/${channelId}`);
  await page.getByRole('heading', { level: 1, name: 'History: belfry end-to-end test' }).waitFor();
  const creation = page.locator('.history-entry').filter({ has: page.locator('code', { hasText: /^channel\.create$/ }) });
  await creation.waitFor();
  const creationText = await creation.innerText();
  assert.match(creationText, /Created/);
  assert.match(creationText, /by admin/);
  assert.match(creationText, /display_name/);
  assert.match(creationText, /belfry end-to-end test/);

  const update = page.locator('.history-entry').filter({ has: page.locator('code', { hasText: /^channel\.update$/ }) });
  await update.waitFor();
  assert.match(await update.innerText(), /policy_url[\s\S]*https:\/\/example\.be\/social-media-policy/);
  await page.locator('.history-entry code', { hasText: /^channel\.validate$/ }).waitFor();

  // Delete it (after confirming): the public now sees a former account.
  await page.goto(`/channels/${channelId}`);
  await page.getByRole('button', { name: 'Delete' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  assert.match(await dialog.innerText(), /Delete this account from the registry\?/);
  await dialog.getByRole('button', { name: 'Yes, delete' }).click();
  await page.getByRole('status').filter({ hasText: 'The account has been deleted.' }).waitFor();
  assert.match(await page.locator('dl.details').innerText(), /Deleted/);
  await page.goto(`/verify?url=${encodeURIComponent(CHANNEL_URL)}`);
  await page.locator('.verdict-former').waitFor();
  assert.match(await page.locator('.verdict').innerText(), /Former official account/);

  // The new organisation has a history too, linked from the registry.
  await page.goto(`/registry/${serviceId}`);
  await page.getByRole('link', { name: 'History of this organisation' }).click();
  await page.waitForURL(`**/history/organisation/${serviceId}`);
  await page.locator('.history-entry code', { hasText: /^organisation\.create$/ }).waitFor();

  assertNoPageProblems(page);
});
