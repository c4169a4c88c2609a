// Users and roles, and API tokens: create a user, grant a time-limited agency role (the expiry is
// required), revoke it; create a token (shown once, works as a Bearer token), revoke it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoPageProblems, demoWorld, missingPrerequisite, signIn, startEnvironment } from './harness.mjs';

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

test('an administrator creates a user, grants and revokes an agency role', { skip }, async () => {
  const page = await env.newPage({ locale: 'en-GB' });
  await signIn(page, 'admin', undefined, '/users');
  await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
  await page.getByRole('link', { name: 'admin.employment' }).waitFor();

  await page.getByRole('button', { name: 'Create a user' }).click();
  await page.locator('input[name="username"]').fill('e2e.agency');
  await page.locator('input[name="display_name"]').fill('Agency Person');
  await page.locator('input[name="email"]').fill('agency@example.be');
  await page.locator('input[name="password"]').fill('short');
  await page.getByRole('button', { name: 'Create the user' }).click();
  await page.locator('.field-error').first().waitFor(); // the password is too short
  await page.locator('input[name="password"]').fill('a long enough password 2026');
  await page.getByRole('button', { name: 'Create the user' }).click();
  await page.waitForURL(/\/users\/\d+$/);
  await page.getByRole('heading', { level: 1, name: 'Agency Person' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'User e2e.agency has been created.' }).waitFor();

  const fa = world.foreignAffairs;
  await page.locator('select[name="organisation_id"]').selectOption(String(fa.id));
  await page.locator('select[name="role"]').selectOption('agency_member');
  await page.getByRole('button', { name: 'Grant the role' }).click();
  await page.getByRole('alert').filter({ hasText: 'An external agency member needs an expiry date.' }).waitFor();
  const expiry = page.locator('input[name="expires_at"]');
  assert.equal(await expiry.getAttribute('aria-invalid'), 'true');

  await expiry.fill('2030-06-30');
  await page.getByRole('button', { name: 'Grant the role' }).click();
  await page.getByRole('status').filter({ hasText: 'The role External agency member has been granted.' }).waitFor();
  const row = page.locator('tbody tr', { hasText: 'External agency member' });
  await row.waitFor();
  assert.match(await row.innerText(), /2030/);

  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('status').filter({ hasText: 'The role has been revoked.' }).waitFor();
  await page.locator('tbody tr', { hasText: 'External agency member' }).waitFor({ state: 'detached' });
  assertNoPageProblems(page);
});

test('a user creates an API token, sees it once, uses it, and revokes it', { skip }, async () => {
  const page = await env.newPage({ locale: 'en-GB' });
  await signIn(page, 'editor.fa', undefined, '/tokens');
  await page.getByRole('heading', { level: 1, name: 'My API tokens' }).waitFor();
  await page.locator('input[name="name"]').fill('e2e script');
  await page.getByRole('button', { name: 'Create the token' }).click();
  const secret = (await page.locator('[data-testid="new-token"]').innerText()).trim();
  assert.match(secret, /^bfy_/);
  const row = page.locator('tbody tr', { hasText: 'e2e script' });
  await row.waitFor();

  // The token works without the session cookie.
  const res = await fetch(`${env.url}/api/v1/session`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.ok([200, 401].includes(res.status)); // a token may not open a browser session…
  const orgs = await fetch(`${env.url}/api/v1/organisations`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(orgs.status, 200, '…but it reads the registry');

  // Shown once: gone after a reload.
  await page.reload();
  await row.waitFor();
  assert.equal(await page.locator('[data-testid="new-token"]').count(), 0);

  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('status').filter({ hasText: 'Token “e2e script” revoked.' }).waitFor();
  await row.waitFor({ state: 'detached' });
  const after = await fetch(`${env.url}/api/v1/organisations`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(after.status, 401, 'a revoked token is refused');
  assertNoPageProblems(page);
});
