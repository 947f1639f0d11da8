/**
 * Debian's Prometheus server (package `prometheus`) for tests: scrapes one target on loopback every second,
 * evaluates the given rule files every second, keeps its data in a temporary folder, and is stopped (SIGTERM,
 * then SIGKILL) by stop(). Only 127.0.0.1 is ever contacted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrometheusServer {
  url: string;
  /** Instant query through the HTTP API; throws on an error status. */
  query(expr: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>>;
  rules(): Promise<Array<{ name: string; type: string; health: string; lastError?: string }>>;
  stop(): Promise<void>;
}

export function prometheusBinary(): string {
  const r = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' });
  const path = r.stdout.trim();
  if (r.status !== 0 || !path) throw new Error('the prometheus server is not installed: it comes from Debian\'s "prometheus" package (sudo apt-get install -y prometheus); bash .ci/run installs it');
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPrometheus(target: string, ruleFiles: string[], timeoutMs = 20_000): Promise<PrometheusServer> {
  const bin = prometheusBinary();
  const dir = mkdtempSync(join(tmpdir(), 'ibsc-prometheus-'));
  const port = await freePort();
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: [{ job_name: 'ib-spread-console', metrics_path: '/metrics', static_configs: [{ targets: [target] }] }],
  };
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const child: ChildProcess = spawn(
    bin,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(url + path);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok).catch(() => false);
    if (ready) break;
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`prometheus not ready within ${timeoutMs} ms: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    query: async (expr) => (await get<{ resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result,
    rules: async () => (await get<{ groups: Array<{ rules: Array<{ name: string; type: string; health: string; lastError?: string }> }> }>('/api/v1/rules')).groups.flatMap((g) => g.rules),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
