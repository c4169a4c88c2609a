// Smoke test of a running PDS with plain fetch (no SDK): the calls belfry's Bluesky connector
// makes, and what the PDS answers to each.
//
//   node smoke.mjs PDS_URL [--handle alice.test]
//   node smoke.mjs --url-file STATE_DIR/url [--handle alice.test]   (as scripts/pds-test-server.sh writes it)
//
// PDS_URL defaults to $BELFRY_PDS_URL. The handle must be new on that PDS. Prints one line per
// step (status, time, body in brief) and exits 1 if any answer was unexpected. Node >= 20.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { handle: { type: 'string', default: 'alice.test' }, 'url-file': { type: 'string' } },
});
const given = opts['url-file'] ? readFileSync(opts['url-file'], 'utf8').trim() : positionals[0];
const base = (given ?? process.env.BELFRY_PDS_URL ?? '').replace(/\/+$/, '');
if (!base) {
  console.error('usage: node smoke.mjs PDS_URL|--url-file FILE [--handle alice.test]');
  process.exit(2);
}

// ---- a tiny valid PNG: 3×4 pixels RGB, the Belgian flag's three vertical bands --------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function makePng() {
  const width = 3;
  const height = 4;
  const stripes = [[0, 0, 0], [253, 218, 36], [239, 51, 64]]; // black, yellow, red
  const rows = [];
  for (let y = 0; y < height; y++) {
    rows.push(Buffer.from([0, ...stripes.flat()])); // filter byte 0, then RGB per pixel
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter, no interlace
  return {
    width,
    height,
    bytes: Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pngChunk('IHDR', ihdr),
      pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
      pngChunk('IEND', Buffer.alloc(0)),
    ]),
  };
}

// ---- a TID (timestamp identifier): 64 bits, top bit 0, 53 bits of microseconds since the
// epoch, 10 bits of clock id; written as 13 characters of base32-sortable. ----------------------
const S32 = '234567abcdefghijklmnopqrstuvwxyz';
function makeTid(micros, clockId) {
  let v = (BigInt(micros) << 10n) | BigInt(clockId & 0x3ff);
  let s = '';
  for (let i = 0; i < 13; i++) {
    s = S32[Number(v & 31n)] + s;
    v >>= 5n;
  }
  return s;
}
const TID_RE = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;

// ---- facets: byte offsets into the UTF-8 encoding of the text ----------------------------------
const utf8Len = (s) => Buffer.byteLength(s, 'utf8');
function facetFor(text, fragment, feature) {
  const at = text.indexOf(fragment);
  if (at < 0) throw new Error(`'${fragment}' not in text`);
  const byteStart = utf8Len(text.slice(0, at));
  return { index: { byteStart, byteEnd: byteStart + utf8Len(fragment) }, features: [feature] };
}

// ---- the calls ---------------------------------------------------------------------------------
let failures = 0;
function brief(body) {
  const s = typeof body === 'string' ? body : JSON.stringify(body);
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}
async function xrpc(method, nsid, { token, query, json, bytes, contentType } = {}) {
  const url = new URL(`${base}/xrpc/${nsid}`);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body;
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (bytes !== undefined) {
    headers['content-type'] = contentType;
    body = bytes;
  }
  const t0 = performance.now();
  const res = await fetch(url, { method, headers, body });
  const buf = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t0;
  const type = res.headers.get('content-type') ?? '';
  let parsed = buf;
  if (type.includes('json')) parsed = JSON.parse(buf.toString('utf8') || 'null');
  return { status: res.status, body: parsed, ms, headers: res.headers };
}
// Runs one call and checks it: `expect` is the status; `check` may throw for a wrong body.
async function step(name, expect, call, check = () => {}) {
  const r = await call();
  let problem = r.status === expect ? null : `expected HTTP ${expect}`;
  if (!problem) {
    try {
      check(r.body, r);
    } catch (err) {
      problem = err.message;
    }
  }
  const shown = Buffer.isBuffer(r.body) ? `<${r.body.length} bytes ${r.headers.get('content-type')}>` : brief(r.body);
  console.log(`${problem ? 'FAIL' : 'ok  '} ${name.padEnd(36)} ${r.status} ${r.ms.toFixed(0).padStart(4)} ms  ${shown}`);
  if (problem) {
    console.log(`     -> ${problem}`);
    failures++;
  }
  return r;
}
const assert = (cond, msg) => {
  if (!cond) throw new Error(msg);
};
const isError = (name) => (b) => assert(b?.error === name, `expected error ${name}`);
// JSON with object keys sorted: the PDS stores records as DAG-CBOR, which reorders keys.
const canonical = (v) => JSON.stringify(v, (_, x) =>
  x && typeof x === 'object' && !Array.isArray(x)
    ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : x);

const handle = opts.handle;
const password = `pw-${Math.random().toString(36).slice(2)}-belfry`;
const POST = 'app.bsky.feed.post';

console.log(`smoke test of ${base} as ${handle}`);
await step('describeServer', 200, () => xrpc('GET', 'com.atproto.server.describeServer'));

const account = await step('createAccount', 200,
  () => xrpc('POST', 'com.atproto.server.createAccount', {
    json: { handle, email: `${handle.split('.')[0]}@example.org`, password },
  }),
  (b) => assert(b.did?.startsWith('did:plc:') && b.accessJwt && b.refreshJwt, 'no did:plc or tokens'));
if (account.status !== 200) process.exit(1);
const did = account.body.did;

const session = await step('createSession', 200,
  () => xrpc('POST', 'com.atproto.server.createSession', { json: { identifier: handle, password } }),
  (b) => assert(b.did === did && b.accessJwt && b.refreshJwt, 'wrong did or no tokens'));
let token = session.body.accessJwt;

await step('createSession (bad password)', 401,
  () => xrpc('POST', 'com.atproto.server.createSession', { json: { identifier: handle, password: 'wrong' } }),
  isError('AuthenticationRequired'));

const refreshed = await step('refreshSession', 200,
  () => xrpc('POST', 'com.atproto.server.refreshSession', { token: session.body.refreshJwt }),
  (b) => assert(b.accessJwt && b.refreshJwt && b.did === did, 'no new tokens'));
token = refreshed.body.accessJwt ?? token;

const png = makePng();
const upload = await step('uploadBlob (PNG)', 200,
  () => xrpc('POST', 'com.atproto.repo.uploadBlob', { token, bytes: png.bytes, contentType: 'image/png' }),
  (b) => assert(b.blob?.ref?.$link && b.blob.mimeType === 'image/png' && b.blob.size === png.bytes.length,
    'blob ref, type or size wrong'));
const blob = upload.body.blob;

const rkey = makeTid(Date.now() * 1000, 7);
assert(TID_RE.test(rkey), `bad TID ${rkey}`);
const text = 'Bienvenue à la maison communale — Welkom in het gemeentehuis 🇧🇪 https://www.belgium.be #BelgiëDigitaal';
const record = {
  $type: POST,
  text,
  langs: ['fr', 'nl'],
  createdAt: new Date().toISOString(),
  facets: [
    facetFor(text, 'https://www.belgium.be', { $type: 'app.bsky.richtext.facet#link', uri: 'https://www.belgium.be' }),
    facetFor(text, '#BelgiëDigitaal', { $type: 'app.bsky.richtext.facet#tag', tag: 'BelgiëDigitaal' }),
  ],
  embed: {
    $type: 'app.bsky.embed.images',
    images: [{ image: blob, alt: 'Le drapeau belge : trois bandes verticales noire, jaune et rouge.',
      aspectRatio: { width: png.width, height: png.height } }],
  },
};
const created = await step(`createRecord rkey=${rkey}`, 200,
  () => xrpc('POST', 'com.atproto.repo.createRecord', { token, json: { repo: did, collection: POST, rkey, record } }),
  (b) => assert(b.uri === `at://${did}/${POST}/${rkey}` && b.cid && b.commit?.rev, 'uri, cid or commit wrong'));
const uri = created.body.uri;

await step('getRecord', 200,
  () => xrpc('GET', 'com.atproto.repo.getRecord', { query: { repo: did, collection: POST, rkey } }),
  (b) => {
    assert(b.uri === uri && b.cid === created.body.cid, 'uri or cid differ');
    assert(b.value.text === text, 'text differs');
    assert(canonical(b.value.facets) === canonical(record.facets), 'facets differ');
    assert(b.value.embed.images[0].image.ref.$link === blob.ref.$link, 'image blob differs');
    assert(b.value.embed.images[0].alt === record.embed.images[0].alt, 'alt text differs');
  });

await step('getRecord (by handle)', 200,
  () => xrpc('GET', 'com.atproto.repo.getRecord', { query: { repo: handle, collection: POST, rkey } }),
  (b) => assert(b.uri === uri, 'uri differs'));

await step('listRecords', 200,
  () => xrpc('GET', 'com.atproto.repo.listRecords', { query: { repo: did, collection: POST, limit: '10' } }),
  (b) => assert(b.records?.length === 1 && b.records[0].uri === uri, 'the post is not listed once'));

await step('sync.getBlob', 200,
  () => xrpc('GET', 'com.atproto.sync.getBlob', { query: { did, cid: blob.ref.$link } }),
  (b) => assert(Buffer.isBuffer(b) && b.equals(png.bytes), 'blob bytes differ'));

// The connector's idempotency: the same rkey again. createRecord refuses it, but (PDS 0.5.35)
// with a 500 InternalServerError ("There is already a value at key", bluesky-social/atproto
// issue 3718), the same whether the record is identical or not; nothing is written.
await step('createRecord same rkey (repeat)', 500,
  () => xrpc('POST', 'com.atproto.repo.createRecord', { token, json: { repo: did, collection: POST, rkey, record } }),
  isError('InternalServerError'));
await step('createRecord same rkey (other)', 500,
  () => xrpc('POST', 'com.atproto.repo.createRecord', {
    token, json: { repo: did, collection: POST, rkey, record: { ...record, text: 'autre texte', facets: [] } },
  }),
  isError('InternalServerError'));
// putRecord with swapRecord null means "create, there must be no record yet": a byte-identical
// record is a no-op (200, same cid, no commit); a different one is refused with InvalidSwap.
await step('putRecord same rkey, identical', 200,
  () => xrpc('POST', 'com.atproto.repo.putRecord', {
    token, json: { repo: did, collection: POST, rkey, record, swapRecord: null },
  }),
  (b) => assert(b.uri === uri && b.cid === created.body.cid && !b.commit, 'not a no-op'));
await step('putRecord same rkey, different', 400,
  () => xrpc('POST', 'com.atproto.repo.putRecord', {
    token, json: { repo: did, collection: POST, rkey, record: { ...record, text: 'autre texte', facets: [] }, swapRecord: null },
  }),
  isError('InvalidSwap'));
await step('listRecords (still one)', 200,
  () => xrpc('GET', 'com.atproto.repo.listRecords', { query: { repo: did, collection: POST } }),
  (b) => assert(b.records?.length === 1 && b.records[0].cid === created.body.cid, 'not exactly the original post'));

await step('createRecord rkey not a TID', 400,
  () => xrpc('POST', 'com.atproto.repo.createRecord', {
    token, json: { repo: did, collection: POST, rkey: 'belfry-rendition-1', record },
  }),
  isError('InvalidRequest'));

await step('deleteRecord', 200,
  () => xrpc('POST', 'com.atproto.repo.deleteRecord', { token, json: { repo: did, collection: POST, rkey } }));
await step('getRecord (deleted)', 400,
  () => xrpc('GET', 'com.atproto.repo.getRecord', { query: { repo: did, collection: POST, rkey } }),
  isError('RecordNotFound'));
await step('deleteRecord (again)', 200,
  () => xrpc('POST', 'com.atproto.repo.deleteRecord', { token, json: { repo: did, collection: POST, rkey } }));

// After a delete the rkey is free again, but the image blob went with the record: a late retry
// of the same call fails with BlobNotFound; with the image uploaded again it publishes a second time.
await step('createRecord same rkey (after del)', 400,
  () => xrpc('POST', 'com.atproto.repo.createRecord', { token, json: { repo: did, collection: POST, rkey, record } }),
  isError('BlobNotFound'));
await step('uploadBlob (again)', 200,
  () => xrpc('POST', 'com.atproto.repo.uploadBlob', { token, bytes: png.bytes, contentType: 'image/png' }),
  (b) => assert(b.blob?.ref?.$link === blob.ref.$link, 'another cid for the same bytes'));
await step('createRecord same rkey (re-up)', 200,
  () => xrpc('POST', 'com.atproto.repo.createRecord', { token, json: { repo: did, collection: POST, rkey, record } }),
  (b) => assert(b.uri === uri && b.cid === created.body.cid, 'uri or cid differs'));
await step('deleteRecord (clean up)', 200,
  () => xrpc('POST', 'com.atproto.repo.deleteRecord', { token, json: { repo: did, collection: POST, rkey } }));

await step('createRecord bogus token', 400,
  () => xrpc('POST', 'com.atproto.repo.createRecord', {
    token: 'not-a-jwt', json: { repo: did, collection: POST, rkey: makeTid(Date.now() * 1000, 8), record },
  }),
  isError('InvalidToken'));
await step('createRecord no token', 401,
  () => xrpc('POST', 'com.atproto.repo.createRecord', { json: { repo: did, collection: POST, record } }),
  isError('AuthMissing'));

console.log(failures ? `smoke: ${failures} unexpected answer(s)` : 'smoke: every answer as expected');
process.exit(failures ? 1 : 0);
