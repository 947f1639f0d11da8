#!/usr/bin/env node
// `npm run bench:sim`: throughput of the simulated IB Gateway on loopback.
// Builds the standalone simulator (apps/ib-sim, cached by Nx) and starts dist/apps/ib-sim/main.js as a child process,
// connects BENCH_CLIENTS raw TWS-protocol clients (default 12), each subscribing to the 8 underlyings and
// BENCH_OPTIONS options (default 80), then counts tick messages (tickPrice/tickSize/tickOptionComputation/tickGeneric/
// tickString) received for BENCH_SECONDS (default 10). Prints clients, lines, ticks/s and CPU of the simulator
// process. Bounded to about 30 s. BENCH_SHORT=1: a smoke run (2 clients, 8 options, 1 s warm-up, 1 s measured) that
// checks the pipeline works (ticks arrive) without judging the throughput target (tests run it this way).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSimulator } from './sim-build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHORT = process.env.BENCH_SHORT === '1';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? (SHORT ? 2 : 12));
const OPTIONS = Number(process.env.BENCH_OPTIONS ?? (SHORT ? 8 : 80));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (SHORT ? 1 : 10));
const WARMUP_SECONDS = SHORT ? 1 : 3;
const TICK_IDS = new Set(['1', '2', '21', '45', '46']);
const deadline = setTimeout(() => fail('benchmark exceeded 60 s'), 60_000);
deadline.unref();

function fail(msg) {
  console.error(`bench:sim: ${msg}`);
  sim?.kill('SIGKILL');
  process.exit(1);
}

const freePort = () =>
  new Promise((res) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

function frame(fields) {
  const body = Buffer.from(fields.map((f) => `${f ?? ''}\0`).join(''), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

class Client {
  constructor(port, clientId) {
    this.ticks = 0;
    this.messages = [];
    this.keep = true;
    this.buf = Buffer.alloc(0);
    this.waiters = [];
    this.socket = net.connect({ host: '127.0.0.1', port });
    this.socket.setNoDelay(true);
    this.socket.on('data', (c) => this.onData(c));
    this.socket.on('error', (e) => fail(`client ${clientId}: ${e.message}`));
    const v = Buffer.from('v100..193');
    const hello = Buffer.alloc(8 + v.length);
    hello.write('API\0', 0, 'latin1');
    hello.writeUInt32BE(v.length, 4);
    v.copy(hello, 8);
    this.socket.write(hello);
    this.send([71, 2, clientId, '']);
  }
  send(fields) {
    this.socket.write(frame(fields));
  }
  onData(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let off = 0;
    while (this.buf.length - off >= 4) {
      const len = this.buf.readUInt32BE(off);
      if (this.buf.length - off < 4 + len) break;
      const body = this.buf.subarray(off + 4, off + 4 + len);
      off += 4 + len;
      const nul = body.indexOf(0);
      const id = body.subarray(0, nul).toString('latin1');
      if (TICK_IDS.has(id)) this.ticks++;
      if (this.keep) {
        const fields = body.toString('utf8').split('\0');
        fields.pop();
        this.messages.push(fields);
        this.waiters = this.waiters.filter((w) => !(w.pred(fields) && (w.res(fields), true)));
      }
    }
    this.buf = this.buf.subarray(off);
  }
  waitFor(pred, ms = 10_000) {
    const hit = this.messages.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((res, rej) => {
      const t = setTimeout(() => rej(new Error('timeout waiting for a message')), ms);
      this.waiters.push({ pred, res: (m) => (clearTimeout(t), res(m)) });
    });
  }
}

function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(parts[11]) + Number(parts[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

let sim;
const simMain = buildSimulator();
const port = await freePort();
sim = spawn(process.execPath, [simMain], {
  cwd: root,
  env: {
    ...process.env,
    SIM_HOST: '127.0.0.1',
    SIM_PORT: String(port),
    SIM_CONTROL_PORT: 'off',
    SIM_MARKET_DATA_LINES: '100000',
    SIM_MAX_MSG_PER_SEC: '100000',
    SIM_LOG: 'quiet',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
sim.on('exit', (code) => {
  if (!done) fail(`simulator exited early (code ${code})`);
});
let done = false;

// Wait for the port.
for (let i = 0; ; i++) {
  const ok = await new Promise((res) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => (s.destroy(), res(true)));
    s.on('error', () => res(false));
  });
  if (ok) break;
  if (i > 200) fail('simulator did not start');
  await new Promise((r) => setTimeout(r, 50));
}

// Discover contracts with one client: underlyings by symbol, options near the money from contract details.
const symbols = ['SPY', 'QQQ', 'IWM', 'AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN'];
const probe = new Client(port, 900);
await probe.waitFor((m) => m[0] === '9');
const optionConIds = [];
const perSymbol = Math.ceil(OPTIONS / symbols.length);
for (const [i, sym] of symbols.entries()) {
  probe.send([78, 1000 + i, sym, '', 'STK', 0]);
  const p = await probe.waitFor((m) => m[0] === '75' && m[1] === String(1000 + i));
  const nExp = Number(p[5]);
  const expiry = p[6 + Math.min(3, nExp - 1)];
  probe.send([9, 8, 2000 + i, 0, sym, 'OPT', expiry, '', 'C', '', 'SMART', '', 'USD', '', '', 0, '', '', '']);
  await probe.waitFor((m) => m[0] === '52' && m[2] === String(2000 + i));
  const conIds = probe.messages.filter((m) => m[0] === '10' && m[1] === String(2000 + i)).map((m) => m[13]);
  const mid = Math.floor(conIds.length / 2);
  optionConIds.push(...conIds.slice(Math.max(0, mid - perSymbol / 2), mid + perSymbol / 2));
}
probe.socket.destroy();

const clients = [];
for (let c = 0; c < CLIENTS; c++) clients.push(new Client(port, c + 1));
await Promise.all(clients.map((c) => c.waitFor((m) => m[0] === '9')));
let tickerId = 1;
for (const c of clients) {
  c.keep = false;
  c.messages = [];
  for (const sym of symbols) c.send([1, 11, tickerId++, 0, sym, 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', 0, 0, '']);
  for (const id of optionConIds.slice(0, OPTIONS)) {
    c.send([1, 11, tickerId++, id, '', 'OPT', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '101,106', 0, 0, '']);
  }
}
const lines = CLIENTS * (symbols.length + Math.min(OPTIONS, optionConIds.length));

await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000)); // warm-up: initial snapshots of every line
const t0 = process.hrtime.bigint();
const cpu0 = cpuSeconds(sim.pid);
const ticks0 = clients.reduce((a, c) => a + c.ticks, 0);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = cpuSeconds(sim.pid) - cpu0;
const ticks = clients.reduce((a, c) => a + c.ticks, 0) - ticks0;
const perClient = clients.map((c) => c.ticks);
done = true;
for (const c of clients) c.socket.destroy();
sim.kill('SIGTERM');

const rate = ticks / elapsed;
console.log('bench:sim (loopback, simulator in its own process, server version 193)');
console.log(`  clients              ${CLIENTS}`);
console.log(`  market-data lines    ${lines} (${symbols.length} underlyings + ${Math.min(OPTIONS, optionConIds.length)} options per client)`);
console.log(`  measured             ${elapsed.toFixed(1)} s`);
console.log(`  tick messages        ${ticks}`);
console.log(`  tick messages / s    ${Math.round(rate)}`);
console.log(`  per client / s       min ${Math.round(Math.min(...perClient) / (elapsed + WARMUP_SECONDS))} max ${Math.round(Math.max(...perClient) / (elapsed + WARMUP_SECONDS))} (incl. warm-up)`);
console.log(`  simulator CPU        ${((cpu / elapsed) * 100).toFixed(0)} % of one core`);
console.log(`  machine              ${(await import('node:os')).cpus().length} cores, Node ${process.version}`);
clearTimeout(deadline);
if (SHORT) {
  // A smoke run proves the pipeline (build, start, subscribe, ticks on every client), not the throughput.
  const ok = perClient.every((n) => n > 0);
  console.log(`  short run (BENCH_SHORT=1): every client received ticks: ${ok ? 'yes' : 'NO'}; target not judged`);
  process.exit(ok ? 0 : 1);
}
const ok = CLIENTS >= 10 && rate >= 5000;
console.log(`  target (≥ 10 clients, ≥ 5,000 ticks/s): ${ok ? 'met' : 'NOT met'}`);
process.exit(ok ? 0 : 1);
