// The comparison script's own logic, without the npm packages (ctest bench.npm_compare): its
// arguments, the TSV reader, the binary figures, and moderation_bench's corpus writer when
// MODERATION_BENCH names the binary.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { binaryFigures, parseArgs, parseTsv } from './compare.mjs';

test('parses the arguments and says what is missing or wrong', () => {
  const o = parseArgs(['--bench', 'b', '--belfry', 'f', '--tsv', 'a.tsv', '--tsv', 'b.tsv', '--min-time', '0.5']);
  assert.deepEqual(o, { bench: 'b', belfry: 'f', tsv: ['a.tsv', 'b.tsv'], minTime: 0.5 });
  assert.equal(parseArgs(['--bench', 'b', '--belfry', 'f', '--tsv', 'a']).minTime, 2);
  assert.throws(() => parseArgs(['--belfry', 'f', '--tsv', 'a']), /--bench is required/);
  assert.throws(() => parseArgs(['--bench', 'b', '--belfry', 'f']), /at least one --tsv/);
  assert.throws(() => parseArgs(['--bench', '--belfry', 'f']), /--bench needs a value/);
  assert.throws(() => parseArgs(['--bench', 'b', '--belfry', 'f', '--tsv', 'a', '--min-time', 'soon']),
    /--min-time must be a positive number of seconds, not 'soon'/);
  assert.throws(() => parseArgs(['--fast']), /unknown argument '--fast'/);
});

test('reads the labelled TSV like belfry moderation eval', () => {
  const items = parseTsv('label\tlanguage\ttext\nok\tfr\tBonjour\r\n\ninsult\ten\tyou idiot\n', 'x.tsv');
  assert.deepEqual(items, [
    { label: 'ok', language: 'fr', text: 'Bonjour' },
    { label: 'insult', language: 'en', text: 'you idiot' },
  ]);
  assert.throws(() => parseTsv('rude\ten\tx\n', 'x.tsv'), /x.tsv:1: unknown label 'rude'/);
  assert.throws(() => parseTsv('ok\tonly two\n', 'x.tsv'), /x.tsv:1: expected label, language and text/);
});

test('binary figures: the four offensive categories against everything else', () => {
  const items = parseTsv('insult\ten\tA\nviolence\ten\tB\nspam\ten\tC\npersonal_data\ten\tD\nok\ten\tE\n', 't');
  const flagged = new Set(['A', 'C', 'E']);
  const f = binaryFigures(items, (t) => flagged.has(t));
  assert.deepEqual({ tp: f.tp, fp: f.fp, fn: f.fn }, { tp: 1, fp: 2, fn: 1 });
  assert.equal(f.precision, 1 / 3);
  assert.equal(f.recall, 1 / 2);
});

test('moderation_bench writes the corpus it measures', { skip: !process.env.MODERATION_BENCH }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
  try {
    const file = join(dir, 'corpus.jsonl');
    const out = execFileSync(process.env.MODERATION_BENCH, [`--corpus-out=${file}`], { encoding: 'utf8' });
    assert.match(out, /^1000 events, \d+ bytes on average, written to /);
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 1000);
    const events = lines.map((l) => JSON.parse(l));
    assert.ok(events.every((e) => typeof e.text === 'string' && Buffer.byteLength(e.text) >= 750 && e.network === 'mastodon'));
    assert.equal(new Set(events.map((e) => e.id)).size, 1000);
    const again = join(dir, 'again.jsonl');
    execFileSync(process.env.MODERATION_BENCH, [`--corpus-out=${again}`]);
    assert.equal(readFileSync(again, 'utf8'), readFileSync(file, 'utf8'));  // the same corpus every time
    assert.throws(() => execFileSync(process.env.MODERATION_BENCH, [`--corpus-out=${join(dir, 'no/such/dir/x')}`],
      { stdio: 'ignore' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
