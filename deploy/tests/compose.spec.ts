/**
 * docker/docker-compose.yml renders with `docker compose config` (the Compose v2 plugin where installed, else
 * Debian's docker-compose) for each profile and its example env file, and the rendered model keeps the promises of
 * docs/operators.md: two API replicas behind the proxy, the gateway's port on an internal network only, paper by
 * default, IBC's restart time equal to IB_RESTART_TIME, required secrets refused when missing.
 * No container engine runs here: images are neither built nor started.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { repoPath, requireTool, run } from './system-tools';

interface Service {
  image?: string;
  profiles?: string[];
  environment?: Record<string, string | null>;
  ports?: unknown[];
  networks?: Record<string, unknown> | string[];
  volumes?: Array<string | { source?: string; target?: string }>;
  healthcheck?: { test: string[] | string };
  secrets?: unknown[];
}
interface Model {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean } | null>;
}

const FILE = repoPath('docker/docker-compose.yml');

/** `docker compose` when the plugin answers, else Debian's `docker-compose` (v1). */
function composeCommand(): { cmd: string; pre: string[] } {
  const plugin = run('docker', ['compose', 'version']);
  if (!plugin.error && plugin.status === 0) return { cmd: 'docker', pre: ['compose'] };
  return { cmd: requireTool('docker-compose'), pre: [] };
}

/** A clean environment: the developer's own shell variables must not fill in what the env file leaves out. */
const CLEAN_ENV = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' };

function config(envFile: string, profile: string) {
  const { cmd, pre } = composeCommand();
  return run(cmd, [...pre, '--profile', profile, '-f', FILE, '--env-file', repoPath(envFile), 'config'], { env: CLEAN_ENV });
}

function render(envFile: string, profile: string): Model {
  const r = config(envFile, profile);
  if (r.status !== 0) throw new Error(`compose config (${profile}, ${envFile}) exited ${r.status}:\n${r.stderr}`);
  return parse(r.stdout) as Model;
}

const networksOf = (s: Service) => (Array.isArray(s.networks) ? s.networks : Object.keys(s.networks ?? {}));
const env = (m: Model, service: string, key: string) => String(m.services[service]?.environment?.[key] ?? '');

/** "23:45" → "11:45 PM" (IBC's AUTO_RESTART_TIME format). */
function twelveHour(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

describe('Compose deployment (docker compose config)', () => {
  const sim = render('docker/env.example', 'sim');
  const gateway = render('docker/env.gateway.example', 'gateway');

  it.each([
    ['sim', sim],
    ['gateway', gateway],
  ] as const)('%s profile: two API replicas of one image behind a proxy, on a data volume, with a liveness healthcheck', (_p, m) => {
    const [a, b] = [m.services['api-1'], m.services['api-2']];
    expect(a.image).toBeTruthy();
    expect(b.image).toBe(a.image);
    for (const s of [a, b]) {
      expect(JSON.stringify(s.volumes)).toMatch(/api-data/);
      expect(env(m, 'api-1', 'DATA_DIR')).toBe('/data');
      expect(JSON.stringify(s.healthcheck?.test)).toContain('/api/v1/health/live');
      expect(s.ports ?? []).toEqual([]);
    }
    expect(readFileSync(repoPath('docker/caddy/Caddyfile'), 'utf8')).toMatch(/reverse_proxy api-1:3000 api-2:3000/);
    expect(m.services['proxy'].ports?.length).toBe(1);
    for (const name of ['db', 'prometheus', 'alertmanager', 'grafana', 'loki', 'alloy']) expect(m.services[name]).toBeDefined();
    // ADR 0013: the owner migrates, the app logs in as ibsc_app (owns nothing).
    expect(env(m, 'api-1', 'DATABASE_MIGRATION_URL')).toMatch(/^postgres:\/\/ibsc:CHANGE-ME[^@]*@db:5432\/ibsc$/);
    expect(env(m, 'api-1', 'DATABASE_URL')).toMatch(/^postgres:\/\/ibsc_app:CHANGE-ME[^@]*@db:5432\/ibsc$/);
  });

  it('sim profile (the example default): the API talks to the simulator service, paper', () => {
    expect(sim.services['sim'].profiles).toEqual(['sim']);
    expect(env(sim, 'api-1', 'TWS_HOST')).toBe('sim');
    expect(env(sim, 'api-1', 'TWS_PORT')).toBe('4002');
    expect(env(sim, 'api-1', 'ACCOUNT_TYPE')).toBe('paper');
    expect(env(sim, 'api-1', 'SIM_CONTROL_URL')).toBe(`http://sim:${env(sim, 'sim', 'SIM_CONTROL_PORT')}`);
    expect(readFileSync(repoPath('docker/env.example'), 'utf8')).toMatch(/^COMPOSE_PROFILES=sim$/m);
  });

  it('gateway profile: IB Gateway with IBC, paper, password from a secret, restart time matched to IB_RESTART_TIME', () => {
    const g = gateway.services['ib-gateway'];
    expect(g.profiles).toEqual(['gateway']);
    expect(g.image).toMatch(/^ghcr\.io\/gnzsnz\/ib-gateway:/);
    expect(env(gateway, 'ib-gateway', 'TRADING_MODE')).toBe('paper');
    expect(env(gateway, 'api-1', 'ACCOUNT_TYPE')).toBe('paper');
    expect(env(gateway, 'ib-gateway', 'TWS_PASSWORD_FILE')).toBe('/run/secrets/tws_password');
    expect(g.environment).not.toHaveProperty('TWS_PASSWORD');
    expect(env(gateway, 'ib-gateway', 'READ_ONLY_API')).toBe('no');
    expect(env(gateway, 'ib-gateway', 'AUTO_RESTART_TIME')).toBe(twelveHour(env(gateway, 'api-1', 'IB_RESTART_TIME')));
    expect(env(gateway, 'ib-gateway', 'TIME_ZONE')).toBe(env(gateway, 'api-1', 'IB_RESTART_TZ'));
    expect(env(gateway, 'api-1', 'TWS_HOST')).toBe('ib-gateway');
    expect(env(gateway, 'api-1', 'TWS_PORT')).toBe('4004');
    expect(env(gateway, 'api-1', 'SIM_CONTROL_URL')).toBe('');
  });

  it.each([
    ['sim', sim],
    ['gateway', gateway],
  ] as const)("%s profile: the gateway's API port is reachable only from the API (internal network, nothing published)", (_p, m) => {
    expect(m.networks['ib']?.internal).toBe(true);
    const onIb = Object.entries(m.services).filter(([, s]) => networksOf(s).includes('ib')).map(([n]) => n).sort();
    expect(onIb).toEqual(['api-1', 'api-2', 'ib-gateway', 'sim']);
    for (const name of ['sim', 'ib-gateway']) expect(m.services[name].ports ?? []).toEqual([]);
    const egress = Object.entries(m.services).filter(([, s]) => networksOf(s).includes('ib-egress')).map(([n]) => n);
    expect(egress).toEqual(['ib-gateway']);
  });

  it('has no hard-coded password: every secret comes from a required variable, and a missing one is refused by name', () => {
    const raw = parse(readFileSync(FILE, 'utf8')) as { services: Record<string, { environment?: Record<string, string> }>; 'x-api': { environment: Record<string, string> } };
    const envs = [raw['x-api'].environment, ...Object.values(raw.services).map((s) => s.environment ?? {})];
    for (const e of envs) {
      for (const [k, v] of Object.entries(e)) {
        if (/PASSWORD|SECRET/.test(k) && !k.endsWith('_FILE')) expect([k, v]).toEqual([k, expect.stringMatching(/^\$\{[A-Z_]+(:\?.+|:-)\}$/)]);
        if (k === 'DATABASE_MIGRATION_URL') expect(v).toContain('${POSTGRES_PASSWORD:?');
        if (k === 'DATABASE_URL') expect(v).toContain('${POSTGRES_APP_PASSWORD:?');
      }
    }
    const r = config('deploy/tests/fixtures/compose-missing-secrets.env', 'sim');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/POSTGRES_PASSWORD|ADMIN_PASSWORD|GRAFANA_ADMIN_PASSWORD/);
  });
});
