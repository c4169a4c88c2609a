// (c) The interface language follows the browser, can be switched, and is remembered.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertNoPageProblems, missingPrerequisite, startEnvironment } from './harness.mjs';

const missing = missingPrerequisite();
const skip = missing && process.env.E2E_SKIP_MISSING ? missing : false;
let env;

before(async () => {
  if (skip) return;
  if (missing) throw new Error(missing);
  env = await startEnvironment();
});
after(async () => {
  await env?.stop();
});

const h1 = (page) => page.getByRole('heading', { level: 1 }).innerText();

test('the default language comes from the browser, else French', { skip }, async () => {
  for (const [locale, lang, title] of [
    ['nl-BE', 'nl', 'Is dit account officieel?'],
    ['de-DE', 'de', 'Ist dieses Konto offiziell?'],
    ['en-US', 'en', 'Is this account official?'],
    ['es-ES', 'fr', 'Ce compte est-il officiel ?'],
  ]) {
    const page = await env.newPage({ locale });
    await page.goto('/verify');
    assert.equal(await h1(page), title, `h1 for ${locale}`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang, `html lang for ${locale}`);
    assertNoPageProblems(page);
    await page.context().close();
  }
});

test('switching the language is remembered across reloads', { skip }, async () => {
  const page = await env.newPage({ locale: 'fr-BE' });
  await page.goto('/verify');
  assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await h1(page), 'Ce compte est-il officiel ?');

  const switcher = page.getByLabel('Langue / Taal / Sprache / Language');
  await switcher.selectOption('de');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.equal(await h1(page), 'Ist dieses Konto offiziell?');
  assert.equal(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Offizielle Konten' }).count(), 1);

  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  assert.equal(await h1(page), 'Ist dieses Konto offiziell?');
  assert.equal(await switcher.inputValue(), 'de');
  assert.equal(await page.evaluate(() => localStorage.getItem('belfry.locale')), 'de');

  // Another page of the same browser profile starts in German too.
  await page.goto('/channels/public');
  assert.equal(await h1(page), 'Offizielle Konten');

  await switcher.selectOption('nl');
  await page.waitForFunction(() => document.documentElement.lang === 'nl');
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.equal(await h1(page), 'Officiële accounts');
  assert.equal(await page.title(), 'Officiële accounts — belfry');
  assertNoPageProblems(page);
});
