// `npm run bench:orders`: preview → gateway acknowledgement through the order engine, the connection layer and
// PostgreSQL against the in-process simulator (wall clock). Target: median ≤ 100 ms. About 15 s.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { checkNode, root } from './node-check.mjs';
import setupPostgres from '../jest/postgres-global-setup.mjs';
import teardownPostgres from '../jest/postgres-global-teardown.mjs';

checkNode();
process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('@swc-node/register');
const guard = setTimeout(() => {
  process.stderr.write('bench:orders: no result within 120 s\n');
  process.exit(1);
}, 120_000);
guard.unref();

await setupPostgres();
let r;
try {
  const { runOrdersBenchmark } = require(join(root, 'libs/orders/src/testing/orders-bench.ts'));
  r = await runOrdersBenchmark(Number(process.argv[2] ?? 30));
} finally {
  await teardownPostgres();
}
process.stdout.write(
  [
    `iterations          ${r.iterations} (after one cold run: ${r.coldMs} ms, contract details and first quotes)`,
    `preview             median ${r.previewMedianMs} ms (qualify, quotes, risk, whatIf)`,
    `preview → ack       median ${r.medianMs} ms, p95 ${r.p95Ms} ms, max ${r.maxMs} ms`,
  ].join('\n') + '\n',
);
const ok = r.medianMs <= 100;
process.stdout.write(ok ? 'OK\n' : 'FAILED: expected a median ≤ 100 ms\n');
process.exit(ok ? 0 : 1);
