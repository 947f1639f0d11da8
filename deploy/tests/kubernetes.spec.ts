/**
 * deploy/kubernetes: every overlay renders with `kubectl kustomize` (Debian's kubernetes-client, kustomize v2.0.3,
 * renders the same as kustomize v5), every rendered object validates against the Kubernetes JSON schemas shipped in
 * the npm packages kubernetes-models and @kubernetes-models/prometheus-operator (offline), and the objects keep the
 * promises of docs/operators.md. The schemas check types, enums and required fields; like kubeconform's default
 * mode they do not reject unknown fields.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parse } from 'yaml';
import { expectSuccess, repoPath, requireTool, run } from './system-tools';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [k: string]: unknown;
}
type Model = new (o: unknown) => { validate(): void };

const OVERLAYS = ['sim', 'gateway'] as const;

function render(overlay: string): K8sObject[] {
  const out = expectSuccess(run(requireTool('kubectl'), ['kustomize', repoPath(`deploy/kubernetes/overlays/${overlay}`)]), `kubectl kustomize overlays/${overlay}`);
  return parseAllDocuments(out).map((d) => d.toJSON() as K8sObject).filter(Boolean);
}

/** The schema-carrying model class of an object's apiVersion and kind. */
async function modelOf(o: K8sObject): Promise<Model> {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  const mod = (group === 'monitoring.coreos.com'
    ? await import(`@kubernetes-models/prometheus-operator/${group}/${version}`)
    : await import(group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`)) as Record<string, Model>;
  const model = mod[o.kind];
  if (!model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  return model;
}

async function validate(o: K8sObject): Promise<string | null> {
  try {
    new (await modelOf(o))(o).validate();
    return null;
  } catch (e) {
    return `${o.kind}/${o.metadata?.name}: ${(e as Error).message}`;
  }
}

const find = (objs: K8sObject[], kind: string, name: string) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`${kind}/${name} not rendered`);
  return o;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;
const containerOf = (d: K8sObject, name: string): Loose => (d.spec as Loose).template.spec.containers.find((c: { name: string }) => c.name === name);
const envOf = (c: Loose, name: string): Loose => c.env.find((e: { name: string }) => e.name === name);

/** "23:45" → "11:45 PM" (IBC's AUTO_RESTART_TIME format). */
function twelveHour(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

describe('Kubernetes manifests (kustomize overlays)', () => {
  const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(o)])) as Record<(typeof OVERLAYS)[number], K8sObject[]>;

  it('the validator rejects a broken object (so a pass means something)', async () => {
    const broken = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'two', selector: {}, template: {} } } as K8sObject;
    expect(await validate(broken)).toMatch(/replicas must be integer/);
  });

  it.each(OVERLAYS)('overlays/%s: every object validates against its Kubernetes (or Prometheus Operator) schema', async (overlay) => {
    const objs = rendered[overlay];
    expect(objs.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Deployment', 'Ingress', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'PrometheusRule', 'Service', 'Service', 'ServiceMonitor']);
    const errors = (await Promise.all(objs.map(validate))).filter(Boolean);
    expect(errors).toEqual([]);
    for (const o of objs.filter((x) => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('ib-spread-console');
  });

  it.each(OVERLAYS)('overlays/%s: the API runs ≥ 2 replicas with rolling updates, a PDB, the right probes, resources and its config', (overlay) => {
    const objs = rendered[overlay];
    const api = find(objs, 'Deployment', 'api') as Loose;
    expect(api.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(api.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    const c = containerOf(api, 'api');
    expect(c.livenessProbe.httpGet.path).toBe('/api/v1/health/live');
    expect(c.readinessProbe.httpGet.path).toBe('/api/v1/health');
    expect(c.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(c.resources.limits.memory).toBeTruthy();
    expect(api.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(c.envFrom[0].configMapRef.name).toBe('api-config');
    for (const key of ['DATABASE_MIGRATION_URL', 'DATABASE_URL', 'JWT_SECRET', 'ADMIN_PASSWORD']) expect(envOf(c, key).valueFrom.secretKeyRef.name).toBe('ib-spread-console-secrets');
    const pdb = find(objs, 'PodDisruptionBudget', 'api') as Loose;
    expect(pdb.spec.minAvailable).toBe(1);
    expect(pdb.spec.selector.matchLabels).toEqual(api.spec.selector.matchLabels);
    expect(find(objs, 'ConfigMap', 'api-config').data?.['ACCOUNT_TYPE']).toBe('paper');
  });

  it.each(OVERLAYS)("overlays/%s: the gateway workload's API port is reachable only from the API pods, never exposed", (overlay) => {
    const objs = rendered[overlay];
    const gw = objs.find((o) => o.kind === 'Deployment' && o.metadata.name !== 'api') as Loose;
    expect(gw.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('ib-gateway');
    const policy = find(objs, 'NetworkPolicy', 'ib-gateway-from-api-only') as Loose;
    expect(Object.entries(policy.spec.podSelector.matchLabels).every(([k, v]) => gw.spec.template.metadata.labels[k] === v)).toBe(true);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toHaveLength(1);
    const api = find(objs, 'Deployment', 'api') as Loose;
    const from = policy.spec.ingress[0].from;
    expect(from).toHaveLength(1);
    expect(Object.entries(from[0].podSelector.matchLabels).every(([k, v]) => api.spec.template.metadata.labels[k] === v)).toBe(true);
    expect(Object.entries(from[0].podSelector.matchLabels).some(([k, v]) => gw.spec.template.metadata.labels[k] !== v)).toBe(true);
    const svc = find(objs, 'Service', 'ib-gateway') as Loose;
    expect(svc.spec.type).toBe('ClusterIP');
    for (const s of objs.filter((o) => o.kind === 'Service') as Loose[]) expect(['ClusterIP', undefined]).toContain(s.spec.type);
    const ingress = find(objs, 'Ingress', 'api') as Loose;
    const backends = ingress.spec.rules.flatMap((r: Loose) => r.http.paths.map((p: Loose) => p.backend.service.name));
    expect(backends).toEqual(['api']);
    // the API reaches the gateway through the Service on the port the ConfigMap names
    const cm = find(objs, 'ConfigMap', 'api-config').data!;
    expect(cm['TWS_HOST']).toBe('ib-gateway');
    expect(svc.spec.ports.map((p: Loose) => String(p.port))).toContain(cm['TWS_PORT']);
  });

  it('overlays/gateway: IB Gateway with IBC, paper, password from the Secret as a file, restart matched to IB_RESTART_TIME', () => {
    const objs = rendered.gateway;
    const gw = find(objs, 'Deployment', 'ib-gateway') as Loose;
    const c = containerOf(gw, 'ib-gateway');
    expect(c.image).toMatch(/^ghcr\.io\/gnzsnz\/ib-gateway:/);
    expect(gw.spec.replicas).toBe(1);
    expect(gw.spec.strategy.type).toBe('Recreate');
    expect(envOf(c, 'TRADING_MODE').value).toBe('paper');
    expect(envOf(c, 'TWS_PASSWORD')).toBeUndefined();
    expect(envOf(c, 'TWS_PASSWORD_FILE').value).toBe('/run/secrets/ib/TWS_PASSWORD');
    const cm = find(objs, 'ConfigMap', 'api-config').data!;
    expect(envOf(c, 'AUTO_RESTART_TIME').value).toBe(twelveHour(cm['IB_RESTART_TIME']));
    expect(envOf(c, 'TIME_ZONE').value).toBe(cm['IB_RESTART_TZ']);
  });

  it('overlays/sim: the simulator behind the gateway Service, on its SIM_PORT', () => {
    const sim = find(rendered.sim, 'Deployment', 'ib-sim') as Loose;
    const c = containerOf(sim, 'ib-sim');
    expect(envOf(c, 'SIM_PORT').value).toBe(find(rendered.sim, 'ConfigMap', 'api-config').data!['TWS_PORT']);
  });

  it('Prometheus Operator objects: the ServiceMonitor selects the API Service; the PrometheusRule is the rule files', () => {
    const objs = rendered.sim;
    const sm = find(objs, 'ServiceMonitor', 'api') as Loose;
    const svc = find(objs, 'Service', 'api') as Loose;
    expect(Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels[k] === v)).toBe(true);
    expect(sm.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics' });
    expectSuccess(run(process.execPath, [repoPath('tools/scripts/prometheus-rule.mjs'), '--check']), 'prometheus-rule.mjs --check');
  });

  it('the Secret the workloads read: secret.example.yaml validates and holds every key they reference', async () => {
    const secret = parse(readFileSync(repoPath('deploy/kubernetes/base/secret.example.yaml'), 'utf8')) as K8sObject;
    expect(await validate(secret)).toBeNull();
    const keys = new Set(Object.keys(secret['stringData'] as Record<string, string>));
    const referenced: string[] = [];
    const walk = (v: Loose): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (!v || typeof v !== 'object') return;
      if (v.secretKeyRef?.name === 'ib-spread-console-secrets') referenced.push(v.secretKeyRef.key);
      if (v.secret?.secretName === 'ib-spread-console-secrets') referenced.push(...v.secret.items.map((i: { key: string }) => i.key));
      Object.values(v).forEach(walk);
    };
    walk(OVERLAYS.map((o) => rendered[o]));
    expect(new Set(referenced)).toEqual(new Set(['DATABASE_MIGRATION_URL', 'DATABASE_URL', 'JWT_SECRET', 'ADMIN_PASSWORD', 'TWS_USERID', 'TWS_PASSWORD']));
    for (const k of referenced) expect(keys.has(k)).toBe(true);
  });

  it('the optional CloudNativePG cluster parses as a postgresql.cnpg.io/v1 Cluster (its CRD schema is not shipped: no npm package carries it)', () => {
    const cluster = parse(readFileSync(repoPath('deploy/kubernetes/optional/cloudnative-pg/cluster.yaml'), 'utf8')) as Loose;
    expect(cluster).toMatchObject({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { namespace: 'ib-spread-console' }, spec: { instances: expect.any(Number), bootstrap: { initdb: { database: 'ibsc' } } } });
  });
});
