// (d) A user of one service (admin.employment) cannot see Foreign Affairs' channels: the API
// refuses (403/404) and the UI says so instead of showing an empty or broken page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoPageProblems, demoWorld, getJson, missingPrerequisite, signIn, startEnvironment } from './harness.mjs';

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

const apiStatus = (page, path) => page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).status, path);

test('admin.employment does not see Foreign Affairs in the registry', { skip }, async () => {
  const fa = world.foreignAffairs;
  const emp = world.employment;
  assert.ok(fa, 'the demo registry has a Foreign Affairs service');
  const faChannels = (await getJson(env.url, `/api/v1/public/channels?organisation_id=${fa.id}&per_page=200`)).items;

  const page = await env.newPage({ locale: 'en-GB' });
  await signIn(page, 'admin.employment');
  await page.goto('/registry');
  const tree = page.getByRole('navigation', { name: 'Organisations' });
  await tree.getByRole('link').first().waitFor();
  const treeText = await tree.innerText();
  for (const name of Object.values(fa.names)) assert.ok(!treeText.includes(name), `the tree must not show “${name}”`);
  if (emp) {
    const empName = emp.names.en || emp.names.fr;
    await tree.getByRole('link', { name: empName, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: empName }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Accounts' }).waitFor();
    await page.getByRole('link', { name: 'New account' }).waitFor(); // administrator of that service
  }

  // The API refuses Foreign Affairs' channels.
  const listStatus = await apiStatus(page, `/api/v1/channels?organisation_id=${fa.id}`);
  assert.ok([403, 404].includes(listStatus), `GET /api/v1/channels?organisation_id=${fa.id} → ${listStatus}, expected 403 or 404`);

  // Opening Foreign Affairs by its address shows a clear refusal and no channel list.
  await page.goto(`/registry/${fa.id}`);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /You cannot see this organisation\./);
  assert.equal(await page.locator('table').count(), 0, 'no channel table is shown');
  for (const c of faChannels) assert.equal(await page.getByText(c.display_name, { exact: true }).count(), 0, `${c.display_name} must not appear`);

  // So does a Foreign Affairs channel opened directly, and its history.
  if (faChannels.length) {
    const c = faChannels[0];
    const st = await apiStatus(page, `/api/v1/channels/${c.id}`);
    assert.ok([403, 404].includes(st), `GET /api/v1/channels/${c.id} → ${st}, expected 403 or 404`);
    await page.goto(`/channels/${c.id}`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /This account cannot be shown\./);
    assert.equal(await page.locator('form').count(), 0, 'no edit form');
    assert.equal(await page.getByRole('button', { name: 'Delete' }).count(), 0);

    await page.goto(`/history/channel/${c.id}`);
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /This history cannot be shown\./);
    assert.equal(await page.locator('.history-entry').count(), 0);
  }
  assertNoPageProblems(page);
});

test('the public can still verify a Foreign Affairs channel', { skip }, async () => {
  const faChannels = (await getJson(env.url, `/api/v1/public/channels?organisation_id=${world.foreignAffairs.id}&per_page=200`)).items;
  const live = faChannels.find((c) => c.status === 'active');
  if (!live) return;
  const page = await env.newPage({ locale: 'en-GB' });
  await page.goto(`/verify?url=${encodeURIComponent(live.url)}`);
  await page.locator('.verdict-official').waitFor();
  assert.match(await page.locator('.verdict').innerText(), new RegExp(live.display_name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assertNoPageProblems(page);
});
