// `npm run bench:ibkr`: the burst of 1,000 requests through the request coordinator against the simulated
// gateway on loopback (wall clock). Prints throughput against the configured rate, errors 100 and queue figures.
// Bounded: about 25 s; it gives up after 60 s.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkNode, root } from './node-check.mjs';

checkNode();
process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('@swc-node/register');
const { runBurstBenchmark } = require(join(root, 'libs/ibkr/src/testing/burst-bench.ts'));

const rate = Number(process.argv[2] ?? 45);
const guard = setTimeout(() => {
  process.stderr.write('bench:ibkr: no result within 60 s\n');
  process.exit(1);
}, 60_000);
guard.unref();

const r = await runBurstBenchmark({ requests: 1000, rate });
const lines = [
  `requests            ${r.requests} contract-details queries at once (+1 order mid-burst)`,
  `configured rate     ${r.configuredRate} msg/s (IB allows 50)`,
  `took                ${r.seconds} s`,
  `throughput          ${r.throughputPerSec} msg/s = ${r.pctOfConfigured} % of the configured rate`,
  `errors 100          ${r.errors100}`,
  `failed requests     ${r.failed}`,
  `max sent in 1 s     ${r.maxSentPerSecond}`,
  `max queue depth     ${r.maxQueueDepth}`,
  `throttle events     ${r.throttleEvents}`,
  `backpressure        ${r.backpressureLevels.join(' → ')}`,
  `order mid-burst     written after ${r.orderWaitMs} ms with ${r.orderQueuedBehind} requests queued ahead of it`,
];
process.stdout.write(lines.join('\n') + '\n');
const ok = r.errors100 === 0 && r.failed === 0 && r.pctOfConfigured >= 90;
process.stdout.write(ok ? 'OK\n' : 'FAILED: expected 0 errors 100, 0 failures, >= 90 % of the rate\n');
process.exit(ok ? 0 : 1);
