// belfry's moderation engine next to two npm profanity filters, `obscenity` and `bad-words`, on the
// same events and the same labelled lines. Run by bench/moderation_compare.sh (which builds the
// binaries and installs the packages); figures in bench/README.md.
//
//   node compare.mjs --bench BUILD/bench/moderation_bench --belfry BUILD/src/belfry \
//                    --tsv tests/moderation/labelled.tsv [--tsv more.tsv] [--min-time 2]
//
// Throughput: every event is a 1 KB JSON comment (moderation_bench --corpus-out writes exactly the
// events its BM_ClassifyJsonEvent measures); per event, parse the JSON, take `text`, ask the filter.
// Quality: binary, offensive (insult, racism, discrimination, violence) or not (ok, spam,
// personal_data — spam and personal data are outside these filters' scope); belfry's side comes from
// `belfry moderation eval --binary`, on the same files, and on their English lines alone (both
// packages ship English word lists only).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const OFFENSIVE = new Set(['insult', 'racism', 'discrimination', 'violence']);
const LABELS = new Set([...OFFENSIVE, 'ok', 'spam', 'personal_data']);

export function usage() {
  return 'usage: node compare.mjs --bench PATH --belfry PATH --tsv FILE [--tsv FILE ...] [--min-time SECONDS]';
}

// Returns { bench, belfry, tsv: [...], minTime } or throws an Error that says what is wrong.
export function parseArgs(argv) {
  const options = { bench: '', belfry: '', tsv: [], minTime: 2 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--bench') options.bench = value();
    else if (arg === '--belfry') options.belfry = value();
    else if (arg === '--tsv') options.tsv.push(value());
    else if (arg === '--min-time') {
      const text = value();
      options.minTime = Number(text);
      if (!Number.isFinite(options.minTime) || options.minTime <= 0) {
        throw new Error(`--min-time must be a positive number of seconds, not '${text}'`);
      }
    } else throw new Error(`unknown argument '${arg}'`);
  }
  if (!options.bench) throw new Error('--bench is required (the moderation_bench binary)');
  if (!options.belfry) throw new Error('--belfry is required (the belfry binary)');
  if (options.tsv.length === 0) throw new Error('at least one --tsv is required');
  return options;
}

// label<TAB>language<TAB>text lines, an optional header, as `belfry moderation eval` reads them.
export function parseTsv(content, name) {
  const items = [];
  content.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const first = line.indexOf('\t');
    const second = first < 0 ? -1 : line.indexOf('\t', first + 1);
    if (second < 0) throw new Error(`${name}:${index + 1}: expected label, language and text separated by tabs`);
    const item = { label: line.slice(0, first), language: line.slice(first + 1, second), text: line.slice(second + 1) };
    if (index === 0 && item.label === 'label') return;
    if (!LABELS.has(item.label)) throw new Error(`${name}:${index + 1}: unknown label '${item.label}'`);
    items.push(item);
  });
  return items;
}

export function binaryFigures(items, isOffensive) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const predicted = isOffensive(item.text);
    const actual = OFFENSIVE.has(item.label);
    if (predicted && actual) tp++;
    else if (predicted) fp++;
    else if (actual) fn++;
  }
  return { precision: tp + fp > 0 ? tp / (tp + fp) : 0, recall: tp + fn > 0 ? tp / (tp + fn) : 0, tp, fp, fn };
}

function tsvText(items) {
  return items.map((i) => `${i.label}\t${i.language}\t${i.text}`).join('\n') + '\n';
}

function belfryBinary(belfry, items, dir, name) {
  const file = join(dir, name);
  writeFileSync(file, tsvText(items));
  const out = execFileSync(belfry, ['moderation', 'eval', '--binary', file], { encoding: 'utf8' });
  const m = out.match(/true positives (\d+), false positives (\d+), false negatives (\d+)/);
  if (!m) throw new Error(`unexpected output of belfry moderation eval --binary:\n${out}`);
  const [tp, fp, fn] = m.slice(1).map(Number);
  return { precision: tp + fp > 0 ? tp / (tp + fp) : 0, recall: tp + fn > 0 ? tp / (tp + fn) : 0, tp, fp, fn };
}

// Events per second of CPU time and of wall time: passes over the corpus until minTime has gone by.
function throughput(events, check, minTime) {
  let flagged = 0;
  for (const e of events) flagged += check(JSON.parse(e).text) ? 1 : 0;  // warm-up pass
  let n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minTime) {
    for (const e of events) flagged += check(JSON.parse(e).text) ? 1 : 0;
    n += events.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { cpu: n / cpuSeconds, wall: n / elapsed, flagged };
}

function belfryThroughput(bench, minTime) {
  const out = execFileSync(
    bench,
    ['--benchmark_filter=^BM_ClassifyJsonEvent$', `--benchmark_min_time=${minTime}`, '--benchmark_format=json'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const run = JSON.parse(out).benchmarks.find((b) => b.name === 'BM_ClassifyJsonEvent');
  const toSeconds = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1 }[run.time_unit];
  return { cpu: 1 / (run.cpu_time * toSeconds), wall: 1 / (run.real_time * toSeconds) };
}

const fmt = (v) => Math.round(v).toLocaleString('en-US');
const pr = (f) => `${f.precision.toFixed(2)} / ${f.recall.toFixed(2)}`;

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`compare.mjs: ${e.message}\n${usage()}`);
    process.exit(2);
  }
  const { Filter } = await import('bad-words');
  const obscenity = await import('obscenity');
  const matcher = new obscenity.RegExpMatcher({
    ...obscenity.englishDataset.build(),
    ...obscenity.englishRecommendedTransformers,
  });
  const filter = new Filter();
  const filters = [
    ['obscenity 0.4.6 (englishDataset, recommended transformers)', (t) => matcher.hasMatch(t)],
    ['bad-words 4.1.5 (default list)', (t) => filter.isProfane(t)],
  ];

  const dir = mkdtempSync(join(tmpdir(), 'belfry-compare-'));
  try {
    const corpus = join(dir, 'corpus.jsonl');
    execFileSync(options.bench, [`--corpus-out=${corpus}`], { stdio: 'ignore' });
    const events = readFileSync(corpus, 'utf8').split('\n').filter((l) => l !== '');
    const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e), 0) / events.length;
    console.log(`Throughput: ${events.length} JSON comment events of ${Math.round(bytes)} bytes on average, one core`);
    console.log('(per event: parse the JSON, take the text, classify; events/s of CPU time, wall time in brackets)');
    const belfry = belfryThroughput(options.bench, options.minTime);
    console.log(`  belfry rules (moderation_bench BM_ClassifyJsonEvent)  ${fmt(belfry.cpu)} events/s (${fmt(belfry.wall)})`);
    for (const [name, check] of filters) {
      const t = throughput(events, check, options.minTime);
      console.log(
        `  ${name}  ${fmt(t.cpu)} events/s (${fmt(t.wall)}); belfry/${name.split(' ')[0]} = ` +
          `${(belfry.cpu / t.cpu).toFixed(1)}× (${(belfry.wall / t.wall).toFixed(1)}× wall)`,
      );
    }

    console.log('\nBinary precision / recall (offensive = insult, racism, discrimination, violence;');
    console.log('ok, spam and personal_data lines count as not offensive — spam and personal data are outside');
    console.log("the npm filters' scope; both ship English lists only, hence the English lines apart):");
    console.log(['  set', 'lines', 'offensive', 'belfry', ...filters.map(([n]) => n.split(' ')[0])].join(' | '));
    for (const path of options.tsv) {
      const all = parseTsv(readFileSync(path, 'utf8'), path);
      for (const [suffix, items] of [
        ['', all],
        [' (en)', all.filter((i) => i.language === 'en')],
      ]) {
        const name = basename(path) + suffix;
        const row = [
          `  ${name}`,
          items.length,
          items.filter((i) => OFFENSIVE.has(i.label)).length,
          pr(belfryBinary(options.belfry, items, dir, `${basename(path)}${suffix ? '.en' : ''}.tsv`)),
          ...filters.map(([, check]) => pr(binaryFigures(items, check))),
        ];
        console.log(row.join(' | '));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
