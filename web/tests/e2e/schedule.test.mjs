// Posting schedules and the next free slot: an editor of Foreign Affairs gives an account a weekly
// slot on its page (day + time rows), saves it, sees the next free slot, then schedules a post in
// the next free slot from the composer and finds it at that time. axe runs on every state (English).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeCheck, DEMO_PASSWORD, demoWorld, missingPrerequisite, relaxPolicy, signIn, startEnvironment } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
let env;
let world;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  env = await startEnvironment();
  world = await demoWorld(env.url);
  // About posting schedules, not the editorial review (workflow.test.mjs): Foreign Affairs'
  // drafts may be scheduled directly, in French only.
  await relaxPolicy(env.url, world.foreignAffairs.id);
});
after(async () => {
  await env?.stop();
});

const ymdBrussels = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const hmBrussels = (d) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
const addDays = (ymd, n) => {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const api = (page, path) => page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);

test('an editor sets an account’s posting schedule and schedules a post in its next free slot (en)', { skip }, async () => {
  const page = await env.newPage({ locale: 'en-GB' });
  const fa = world.foreignAffairs;
  assert.ok(fa, 'the demo registry has a Foreign Affairs service');
  await signIn(page, 'editor.fa', DEMO_PASSWORD, '/posts');
  const channels = (await api(page, `/api/v1/channels?organisation_id=${fa.id}&per_page=200`)).items ?? [];
  const channel = channels.find((c) => (c.status === 'active' || c.status === 'dormant') && c.languages.includes('fr') && c.organisation_id === fa.id);
  assert.ok(channel, 'Foreign Affairs has an active French-speaking account');

  // The channel page: no slot yet.
  await page.goto(`${env.url}/channels/${channel.id}`);
  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Posting schedule' }) });
  await section.waitFor();
  await section.getByText('No slot yet').waitFor();
  await axeCheck(page, 'channel page (no schedule)');

  // Two rows: tomorrow 10:00 and the day after 08:30 (Brussels time).
  const tomorrow = addDays(ymdBrussels(new Date()), 1);
  const dayAfter = addDays(tomorrow, 1);
  const weekday = (ymd) => WEEKDAYS[new Date(`${ymd}T12:00:00Z`).getUTCDay()];
  await section.getByRole('button', { name: 'Add a slot' }).click();
  await section.getByRole('button', { name: 'Add a slot' }).click();
  const rows = section.locator('[data-testid="slot-row"]');
  assert.equal(await rows.count(), 2);
  const first = section.getByRole('group', { name: 'Slot 1' });
  await first.getByLabel('Day').selectOption(weekday(tomorrow));
  await first.getByLabel('Time').fill('10:00');
  const second = section.getByRole('group', { name: 'Slot 2' });
  await second.getByLabel('Day').selectOption(weekday(dayAfter));
  await second.getByLabel('Time').fill('08:30');
  await axeCheck(page, 'channel page (editing the schedule)');
  const put = page.waitForRequest((r) => r.url().endsWith(`/api/v1/channels/${channel.id}/schedule`) && r.method() === 'PUT');
  await section.getByRole('button', { name: 'Save the schedule' }).click();
  const body = (await put).postDataJSON();
  assert.equal(body.time_zone, 'Europe/Brussels');
  assert.deepEqual(new Set(body.slots.map((s) => `${s.weekday} ${s.time}`)), new Set([`${weekday(tomorrow)} 10:00`, `${weekday(dayAfter)} 08:30`]));
  await section.getByRole('status').filter({ hasText: 'The posting schedule has been saved.' }).waitFor();
  const next = section.locator('[data-testid="next-free-slot"]');
  await next.waitFor();
  assert.match(await next.innerText(), /10:00/);
  await axeCheck(page, 'channel page (schedule saved)');
  const stored = await api(page, `/api/v1/channels/${channel.id}/schedule`);
  assert.equal(stored.slots.length, 2);
  assert.equal(ymdBrussels(new Date(stored.next_free_slot)), tomorrow);
  assert.equal(hmBrussels(new Date(stored.next_free_slot)), '10:00');

  // The composer: a French post for that account, in the next free slot.
  await page.goto(`${env.url}/posts/new`);
  await page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
  await page.locator('select[name="organisation_id"]').selectOption(String(fa.id));
  await page.locator('textarea[name="variants.fr"]').fill('Conseils aux voyageurs : mise à jour pour le Chili.');
  await page.waitForURL(/\/posts\/\d+$/);
  const postId = Number(new URL(page.url()).pathname.split('/').pop());
  await page.locator('label.channel-option').filter({ has: page.locator(`input[value="${channel.id}"]`) }).click();
  await page.locator(`.preview-card[data-channel-id="${channel.id}"]`).waitFor();
  await page.locator('[data-testid="save-state"][data-state="saved"]').waitFor();
  await page.getByRole('heading', { level: 3, name: 'In the next free slot' }).waitFor();
  await axeCheck(page, 'composer (next free slot offered)');
  const scheduled = page.waitForRequest((r) => r.url().endsWith(`/api/v1/posts/${postId}/schedule`) && r.method() === 'POST');
  await page.getByRole('button', { name: 'Use the next free slots' }).click();
  assert.deepEqual((await scheduled).postDataJSON(), { next_free_slot: true });
  await page.getByRole('status').filter({ hasText: 'Scheduled in each account’s next free slot.' }).waitFor();
  const post = await api(page, `/api/v1/posts/${postId}`);
  assert.equal(post.status, 'scheduled');
  assert.equal(post.renditions.length, 1);
  assert.equal(ymdBrussels(new Date(post.renditions[0].publish_at)), tomorrow);
  assert.equal(hmBrussels(new Date(post.renditions[0].publish_at)), '10:00');
  await page.locator('table.renditions tr', { hasText: '10:00' }).waitFor();
  await axeCheck(page, 'post (scheduled in the next free slot)');

  // The account's next free slot moved on to the day after.
  const after = await api(page, `/api/v1/channels/${channel.id}/schedule`);
  assert.equal(ymdBrussels(new Date(after.next_free_slot)), dayAfter);
  assert.equal(hmBrussels(new Date(after.next_free_slot)), '08:30');

  // The queue counts the post's messages by status.
  await page.goto(`${env.url}/posts`);
  const row = page.locator(`tr[data-post-id="${postId}"]`);
  await row.waitFor();
  assert.match(await row.locator('[data-testid="rendition-counts"]').innerText(), /Scheduled: 1/);
  await axeCheck(page, 'queue (with rendition counts)');
});
