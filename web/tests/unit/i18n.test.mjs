// The four message catalogues have the same keys, no empty message, valid ICU syntax, the same
// placeholders, and every message id used in src/ exists.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from '@formatjs/icu-messageformat-parser';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const load = (l) => JSON.parse(readFileSync(path.join(web, 'src', 'i18n', `${l}.json`), 'utf8'));
const cats = Object.fromEntries(['fr', 'nl', 'de', 'en'].map((l) => [l, load(l)]));

function placeholders(ast, out = new Set()) {
  for (const el of ast) {
    if (el.value !== undefined && typeof el.value === 'string' && el.type !== 0) out.add(el.value);
    if (el.options) for (const o of Object.values(el.options)) placeholders(o.value, out);
  }
  return out;
}

test('catalogues have the same keys', () => {
  const ref = Object.keys(cats.en).sort();
  for (const [l, c] of Object.entries(cats)) assert.deepEqual(Object.keys(c).sort(), ref, `keys of ${l}.json`);
});

test('messages are non-empty, parse as ICU, and use the same placeholders', () => {
  for (const key of Object.keys(cats.en)) {
    const ref = [...placeholders(parse(cats.en[key]))].sort();
    for (const [l, c] of Object.entries(cats)) {
      assert.ok(c[key] && c[key].trim(), `${l}:${key} is empty`);
      const ph = [...placeholders(parse(c[key]))].sort();
      assert.deepEqual(ph, ref, `${l}:${key} placeholders`);
    }
  }
});

test('translations differ from English where they should', () => {
  let same = 0;
  for (const key of Object.keys(cats.en)) if (cats.fr[key] === cats.en[key] && cats.nl[key] === cats.en[key] && cats.de[key] === cats.en[key]) same++;
  assert.ok(same < 10, `${same} messages are identical in all four languages`);
});

test('every message id used in the source exists', () => {
  const files = [];
  const walk = (d) => {
    for (const f of readdirSync(d)) {
      const p = path.join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(tsx?|mts)$/.test(f)) files.push(p);
    }
  };
  walk(path.join(web, 'src'));
  const used = new Set();
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z_.]+)'/g)) used.add(m[1]);
  const missing = [...used].filter((k) => !(k in cats.en));
  assert.deepEqual(missing, []);
});
