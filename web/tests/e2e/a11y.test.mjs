// (b) axe-core finds no WCAG 2.1 A/AA violation on any page, in French and in Dutch, including
// error states (failed sign-in, server validation errors) and open dialogs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoPageProblems, axeCheck, DEMO_PASSWORD, demoWorld, getJson, missingPrerequisite, signIn, startEnvironment } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
let env;
let world;
let publicChannels;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  env = await startEnvironment();
  world = await demoWorld(env.url);
  publicChannels = (await getJson(env.url, '/api/v1/public/channels?per_page=200')).items;
});
after(async () => {
  await env?.stop();
});

/** Wait until the page's requests are done and its h1 is there. */
async function settle(page) {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await page.waitForLoadState('networkidle');
}

async function visit(page, path, label) {
  await page.goto(path);
  await settle(page);
  await axeCheck(page, label);
}

for (const [locale, lang] of [
  ['fr-BE', 'fr'],
  ['nl-BE', 'nl'],
]) {
  test(`public pages have no axe violations (${lang})`, { skip }, async () => {
    const page = await env.newPage({ locale });
    await visit(page, '/', 'home');
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1, 'one h1');
    assert.equal(await page.getByRole('navigation').first().count(), 1);
    assert.equal(await page.getByRole('main').count(), 1);

    // Skip link: first tab stop, moves focus to main.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'skip-link');
    await axeCheck(page, 'skip link focused');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

    await visit(page, '/verify', 'verify (empty)');
    const input = page.locator('input[name="url"]');
    const submit = page.locator('form[role="search"] button[type="submit"]');

    // An official account.
    if (publicChannels.length) {
      await input.fill(publicChannels[0].url);
      await submit.click();
      await page.locator('.verdict').waitFor();
      await axeCheck(page, 'verify (official)');
    }
    // An unknown account.
    await input.fill('https://x.com/nobody_e2e');
    await submit.click();
    await page.locator('.verdict-unknown').waitFor();
    await axeCheck(page, 'verify (unknown)');
    // Input the server cannot understand → 400, shown at the field.
    await input.fill('this is not an account');
    await submit.click();
    await page.locator('.field-error').waitFor();
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    const errId = await page.locator('.field-error').getAttribute('id');
    assert.ok(errId && describedBy.split(' ').includes(errId), 'the error message describes the input');
    await axeCheck(page, 'verify (invalid input)');
    // Empty submission.
    await input.fill('');
    await submit.click();
    await page.locator('.field-error').waitFor();
    await axeCheck(page, 'verify (empty input)');

    await visit(page, '/channels/public', 'public channels');
    await page.locator('select[name="network"]').selectOption('x');
    await page.waitForLoadState('networkidle');
    await axeCheck(page, 'public channels (filtered)');

    await visit(page, '/no/such/page', 'not found');

    // Failed sign-in (401) shows the server's detail in an alert.
    await visit(page, '/login', 'login');
    await page.locator('input[name="username"]').fill('admin');
    await page.locator('input[name="password"]').fill('wrong password');
    await page.locator('form button[type="submit"]').click();
    await page.getByRole('alert').waitFor();
    await axeCheck(page, 'login (failed)');

    // Repeated failures on one account are throttled (429): the page says so.
    const throttled = lang === 'fr' ? 'Trop de tentatives.' : 'Te veel pogingen.';
    let seen = false;
    for (let i = 0; i < 7 && !seen; i++) {
      await page.locator('input[name="username"]').fill('reviewer.fa');
      await page.locator('input[name="password"]').fill(`wrong password ${i}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST');
      await page.locator('form button[type="submit"]').click();
      const res = await answered;
      await page.getByRole('alert').waitFor();
      if (res.status() === 429) {
        await page.getByRole('alert').filter({ hasText: throttled }).waitFor();
        seen = true;
      }
    }
    assert.ok(seen, 'sign-in is throttled after repeated failures');
    await axeCheck(page, 'login (throttled)');
    assertNoPageProblems(page);
  });

  test(`signed-in pages have no axe violations (${lang})`, { skip }, async () => {
    const page = await env.newPage({ locale });
    await signIn(page, 'admin', DEMO_PASSWORD, '/registry');
    await settle(page);
    await page.waitForURL(/\/registry\/\d+$/);
    await settle(page);
    await axeCheck(page, 'registry (root)');

    const service = world.foreignAffairs ?? world.orgs.find((o) => o.kind === 'service');
    await visit(page, `/registry/${service.id}`, 'registry (service)');
    await page.locator('label.checkbox').filter({ has: page.locator('input[name="revalidation_due"]') }).click();
    await page.waitForLoadState('networkidle');
    await axeCheck(page, 'registry (filtered on revalidation due)');

    // Open the sub-organisation form and submit it with a bad slug → field errors.
    await page.locator('.disclosure-trigger').click();
    await page.locator('select[name="kind"]').waitFor();
    await axeCheck(page, 'registry (sub-organisation form)');
    await page.locator('input[name="slug"]').fill('Not A Slug!');
    await page.locator('.disclosure-panel button[type="submit"]').click();
    await page.locator('.disclosure-panel [role="alert"]').waitFor();
    await axeCheck(page, 'registry (sub-organisation form errors)');

    // New channel with invalid input → problem+json errors[] at the fields.
    await visit(page, `/registry/${service.id}/channels/new`, 'new channel');
    await page.locator('input[name="url"]').fill('not a url');
    await page.locator('main form button[type="submit"]').click();
    await page.locator('main [role="alert"]').waitFor();
    await page.locator('main .field-error').first().waitFor();
    const url = page.locator('input[name="url"]');
    assert.equal(await url.getAttribute('aria-invalid'), 'true');
    const ids = ((await url.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const described = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
    assert.ok(
      described.some((t) => t.trim().length > 0) && ids.some((id) => id),
      'the URL error is associated to the input with aria-describedby',
    );
    await axeCheck(page, 'new channel (validation errors)');

    // An existing channel, and its delete confirmation dialog.
    const channel = publicChannels[0];
    if (channel) {
      await visit(page, `/channels/${channel.id}`, 'channel');
      await page.locator('main button.btn-danger').click();
      await page.getByRole('alertdialog').waitFor();
      await axeCheck(page, 'channel (delete dialog)');
      await page.keyboard.press('Escape');
      await page.getByRole('alertdialog').waitFor({ state: 'detached' });
      await visit(page, `/history/channel/${channel.id}`, 'channel history');
    }
    await visit(page, `/history/organisation/${service.id}`, 'organisation history');

    await visit(page, '/users', 'users');
    await page.locator('.disclosure-trigger').click();
    await page.locator('input[name="password"]').waitFor();
    await page.locator('input[name="username"]').fill('e2e.a11y');
    await page.locator('input[name="password"]').fill('short');
    await page.locator('.disclosure-panel button[type="submit"]').click();
    await page.locator('.disclosure-panel [role="alert"]').waitFor();
    await axeCheck(page, 'users (create form errors)');

    const users = await page.evaluate(async () => (await fetch('/api/v1/users?per_page=200')).json());
    const editor = users.items.find((u) => u.username === 'editor.fa') ?? users.items[0];
    await visit(page, `/users/${editor.id}`, 'user');
    await page.locator('select[name="role"]').selectOption('agency_member');
    await page.locator('select[name="organisation_id"]').selectOption({ index: 1 });
    await page.locator('main form button[type="submit"]').click();
    await page.locator('main [role="alert"]').waitFor();
    await axeCheck(page, 'user (grant needs an expiry)');

    await visit(page, '/tokens', 'tokens');
    await page.locator('input[name="name"]').fill(`a11y ${lang}`);
    await page.locator('main form button[type="submit"]').click();
    await page.locator('[data-testid="new-token"]').waitFor();
    assert.match(await page.locator('[data-testid="new-token"]').innerText(), /^bfy_/);
    await axeCheck(page, 'tokens (new token shown)');
    await page.locator('main button.btn-danger').first().click();
    await page.getByRole('alertdialog').waitFor();
    await axeCheck(page, 'tokens (revoke dialog)');
    await page.getByRole('alertdialog').locator('button.btn-danger').click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    await axeCheck(page, 'tokens (revoked)');

    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assertNoPageProblems(page);
  });
}
