// `npm run bench:pruning`: the pruning of issue 17 (ADR 0017) on seeded markets of the simulator's model, in-process.
// Per seed: contracts listed / quoted (anchors included) / pruned for the broad scan (4 types, widths 1/2/5, no
// filters), whether the top maxRows equal quoting everything, and the estimate's error (score points, depth term
// excluded) with the number of spreads whose real score left the bounds at the default margin.
// Env: BENCH_SEEDS (1,2,3), BENCH_SYMBOLS (the simulator's core eight), BENCH_MAX_ROWS (500).
import { createRequire } from 'node:module';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
process.env.SWC_NODE_PROJECT ??= resolve(root, 'tsconfig.base.json');
const require = createRequire(import.meta.url);
require('reflect-metadata');
require('@swc-node/register');
const { simMarket } = require(resolve(root, 'libs/scanner/src/lib/testing/sim-market.ts'));
const audit = require(resolve(root, 'libs/scanner/src/lib/acquisition/pruning-audit.ts'));
const { DEFAULT_PRUNE_MARGIN } = require(resolve(root, 'libs/scanner/src/lib/acquisition/score-pruning.ts'));

const seeds = (process.env.BENCH_SEEDS ?? '1,2,3').split(',').map(Number);
const symbols = process.env.BENCH_SYMBOLS ? process.env.BENCH_SYMBOLS.split(',') : undefined;
const maxRows = Number(process.env.BENCH_MAX_ROWS ?? 500);
const config = { spreadTypes: ['bull-put', 'bear-call', 'bull-call', 'bear-put'], widths: [1, 2, 5], maxRows };
const out = [];
console.log(`margin ${DEFAULT_PRUNE_MARGIN} points, maxRows ${maxRows}`);
console.log('| seed | listed | quoted (anchors) | pruned | top equal | err p99 | err max (near top) | outside bounds | ms |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const seed of seeds) {
  const m = simMarket({ seed, minutes: 5, symbols });
  const t0 = performance.now();
  const c = await audit.comparePruned(m, m.now, config);
  const ms = Math.round(performance.now() - t0);
  const e = audit.measureEstimateError(m, m.now, config);
  const equal = c.missing.length === 0 && c.extra.length === 0;
  const row = { seed, listed: c.listed, quoted: c.quoted, anchors: c.anchors, pruned: c.pruned, equal, missing: c.missing.length, maxRankScoreDiff: c.maxRankScoreDiff, error: e, ms };
  out.push(row);
  console.log(`| ${seed} | ${c.listed} | ${c.quoted} (${c.anchors}) | ${c.pruned} (${((100 * c.pruned) / c.listed).toFixed(0)} %) | ${equal ? 'yes' : `no: ${c.missing.length} missing, k-th score diff ${c.maxRankScoreDiff.toFixed(2)}`} | ${e.p99.toFixed(1)} | ${e.max.toFixed(1)} (${e.maxNearTop.toFixed(1)}) | ${e.violations} of ${e.spreads} | ${ms} |`);
}
console.log(`JSON ${JSON.stringify(out)}`);
