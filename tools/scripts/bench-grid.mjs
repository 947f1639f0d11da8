// `npm run bench:grid`: the results grid (AG Grid, production build) holding 2,000 spread rows while scan-like
// deltas update them several times a second, measured in Debian's Chromium: frame times (requestAnimationFrame)
// and long tasks (PerformanceObserver 'longtask'). Serves dist/apps/web/browser itself; needs no API.
//
//   npm run bench:grid                 # build web (Nx cache), run every scenario, print a table
//   npm run bench:grid -- --no-build --seconds=10 --json=tmp/bench-grid.json
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { checkNode, childEnv, root } from './node-check.mjs';

checkNode();
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'];
  }),
);
const seconds = Number(args.seconds ?? 20);
const chromium = args.chromium ?? '/usr/bin/chromium';
const webRoot = join(root, 'dist/apps/web/browser');

const SCENARIOS = [
  { name: 'idle (2,000 rows, no updates)', rows: 2000, hz: 1, updates: 0, churn: 0 },
  { name: '2,000 rows, 5 updates/s × 400 rows (+10 added/removed)', rows: 2000, hz: 5, updates: 400, churn: 10 },
  { name: '2,000 rows, 10 updates/s × 200 rows (+5 added/removed)', rows: 2000, hz: 10, updates: 200, churn: 5 },
  { name: 'stress: 2,000 rows, 10 updates/s × 1,000 rows', rows: 2000, hz: 10, updates: 1000, churn: 20 },
];

if (args['no-build'] !== 'true') {
  process.stdout.write('building web (production; cached after the first time)...\n');
  const b = spawnSync('nx', ['build', 'web', '--output-style=stream-without-prefixes'], { cwd: root, env: childEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
if (!existsSync(join(webRoot, 'index.html'))) {
  process.stderr.write(`${webRoot}/index.html is missing: build web first (nx build web)\n`);
  process.exit(1);
}
if (!existsSync(chromium)) {
  process.stderr.write(`${chromium} not found: install Debian's chromium (apt-get install -y chromium) or pass --chromium=PATH\n`);
  process.exit(1);
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0])).replace(/^(\.\.[/\\])+/, '');
  let file = join(webRoot, path);
  if (!file.startsWith(webRoot) || !existsSync(file) || path === '/' || !extname(file)) file = join(webRoot, 'index.html');
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const { chromium: launcher } = await import('playwright-core');
const browser = await launcher.launch({
  executablePath: chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];
const loadBefore = loadavg()[0];
try {
  for (const s of SCENARIOS) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const url = `${base}/bench/grid?rows=${s.rows}&hz=${s.hz}&updates=${s.updates}&churn=${s.churn}&seconds=${seconds}`;
    process.stdout.write(`running: ${s.name} (${seconds} s)...\n`);
    await page.goto(url);
    await page.waitForFunction(() => window.__gridBench !== undefined, null, { timeout: (seconds + 60) * 1000 });
    const r = await page.evaluate(() => window.__gridBench);
    if (errors.length) throw new Error(`browser errors in "${s.name}":\n${errors.join('\n')}`);
    results.push({ scenario: s.name, ...r });
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}

const version = results[0]?.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '?';
const machine = `${cpus().length} CPU(s), load average ${loadBefore.toFixed(1)} before → ${loadavg()[0].toFixed(1)} after`;
const lines = [
  `Grid benchmark: AG Grid production build, ${seconds} s per scenario, 1280×800, Chromium ${version} headless (--disable-gpu); ${machine}`,
  '',
  '| scenario | row updates/s | fps | frame p50 / p95 / p99 / max (ms) | frames > 33 ms | long tasks (count, total, max ms) |',
  '| --- | ---: | ---: | --- | ---: | --- |',
  ...results.map(
    (r) =>
      `| ${r.scenario} | ${Math.round(r.rowUpdatesApplied / r.seconds)} | ${r.fps} | ${r.frameMs.p50} / ${r.frameMs.p95} / ${r.frameMs.p99} / ${r.frameMs.max} | ${r.slowFrames} (${r.slowFramePct} %) | ${r.longTasks.supported ? `${r.longTasks.count}, ${r.longTasks.totalMs}, ${r.longTasks.maxMs}` : 'not supported'} |`,
  ),
];
process.stdout.write(`\n${lines.join('\n')}\n`);
if (args.json) {
  const out = join(root, args.json);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), seconds, machine, results }, null, 2));
  process.stdout.write(`\nwrote ${out}\n`);
}
