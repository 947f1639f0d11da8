import { startSimulator } from '@ibsc/ib-sim';
import { IbConnection } from '@ibsc/ibkr';
import { SessionFencedError } from '@ibsc/orders';
import { createTestDatabase } from '@ibsc/orders/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { startTcpProxy } from '@ibsc/ibkr/testing';
import { CommandBus, CommandOutcomeUnknownError, NoOwnerError } from './command-bus';
import { PgTransmitFence } from './pg-transmit-fence';
import { SessionLease, SESSION_LOCK_KEY } from './session-lease';
import { SESSION_EXIT, SessionRolesService } from './session-roles.service';
import { waitUntil } from '@ibsc/ib-sim/testing';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The session lease, the fence and the command bus against a real PostgreSQL: replica A is a real API (gateway
 * 'none'), B and C are bare leases on A's database.
 */
describe('session ownership: PostgreSQL lock, fencing epoch, command bus', () => {
  let a: TestApp;
  const exits: number[] = [];
  const leases: SessionLease[] = [];
  const lease = (replicaId: string, pollMs = 50) => {
    const l = new SessionLease({ databaseUrl: a.db.url, replicaId, pollMs, keepAliveMs: 200, channels: ['ibsc_cmd', 'ibsc_reply'], log: quiet });
    leases.push(l);
    return l;
  };
  const sql = async <T,>(q: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: a.db.url });
    await c.connect();
    try {
      return (await c.query(q, params)).rows as T[];
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    a = await createTestApp({ overrides: [{ provide: SESSION_EXIT, useValue: (code: number) => exits.push(code) }] });
  });
  afterAll(async () => {
    for (const l of leases) await l.stop();
    await a.close();
  });

  it('the first replica owns the session at epoch 1; a second one waits', async () => {
    const roles = a.app.get(SessionRolesService);
    expect(roles.isOwner).toBe(true);
    const [row] = await sql<{ epoch: string; owner: string }>(`SELECT epoch, owner FROM ibsc_session`);
    expect(row).toMatchObject({ epoch: '1', owner: a.config.replicaId });
    const b = lease('replica-b');
    await b.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(b.isOwner).toBe(false);
    expect((await b.ownerNow())?.held).toBe(true);
    await b.stop();
  });

  it('losing the lock connection deposes the owner at once; a standby takes over with the next epoch; the deposed owner can neither write nor transmit', async () => {
    const roles = a.app.get(SessionRolesService);
    const b = lease('replica-b');
    let acquired: unknown = null;
    b.on('acquired', (x) => (acquired = x));
    await b.start();
    // the owner's lock connection dies (network, server restart, a kill -9 of the process has the same effect)
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`ibsc-session:${a.config.replicaId}`]);
    await waitUntil(() => exits.length > 0, 10_000, 'A deposed');
    expect(exits).toEqual([3]);
    expect(roles.isOwner).toBe(false);
    await waitUntil(() => b.isOwner, 5_000, 'B owner');
    expect(acquired).toMatchObject({ epoch: 2, takeover: true, graceful: false, previousOwner: a.config.replicaId });
    const [row] = await sql<Record<string, unknown>>(`SELECT epoch, owner, previous_owner, failovers, last_failover_at FROM ibsc_session`);
    expect(row).toMatchObject({ epoch: '2', owner: 'replica-b', previous_owner: a.config.replicaId, failovers: '1' });
    expect(row['last_failover_at']).not.toBeNull();

    // A's own connections (application_name ibsc:A) are refused by the fence on every session table
    const db = a.app.get(DataSource);
    await expect(db.query(`INSERT INTO ib_order_ids (scope, highest_used) VALUES ('DU000', 5)`)).rejects.toThrow(/session fenced/);
    await expect(db.query(`UPDATE risk_kill_switch SET reason = 'x'`)).rejects.toThrow(/session fenced/);
    // …while other connections (migrations, operators) are not
    await sql(`INSERT INTO ib_order_ids (scope, highest_used) VALUES ('DU001', 5)`);
    // and nothing leaves for the gateway
    let sent = 0;
    await expect(new PgTransmitFence(db, roles).transmit(async () => sent++)).rejects.toBeInstanceOf(SessionFencedError);
    expect(sent).toBe(0);
  });

  it('the fence holds a transmission in flight against a take-over: the new owner waits for it', async () => {
    const b = leases.at(-1)!;
    expect(b.isOwner).toBe(true);
    // B's own writes pass the fence under B's application name
    const bDb = new DataSource({ type: 'postgres', url: a.db.url, applicationName: 'ibsc:replica-b' });
    await bDb.initialize();
    try {
      await bDb.query(`INSERT INTO ib_order_ids (scope, highest_used) VALUES ('DU002', 7)`);
      const fakeRoles = { isOwner: true, lease: b } as unknown as SessionRolesService;
      let release: (() => void) | null = null;
      const inFlight = new PgTransmitFence(bDb, fakeRoles).transmit(() => new Promise<void>((r) => (release = r)));
      // the bytes are being written: the fence's transaction holds the row
      await waitUntil(() => release !== null, 5000, 'transmission started');
      // a take-over's epoch bump waits on the row the transmission holds
      const c = new Client({ connectionString: a.db.url });
      await c.connect();
      let bumped = false;
      const bump = c.query(`UPDATE ibsc_session SET epoch = epoch + 1 WHERE id = 1`).then(() => (bumped = true));
      await new Promise((r) => setTimeout(r, 200));
      expect(bumped).toBe(false);
      (release as unknown as () => void)();
      await inFlight;
      await bump;
      expect(bumped).toBe(true);
      // and the next transmission of B is refused: the epoch moved on
      await expect(new PgTransmitFence(bDb, fakeRoles).transmit(async () => undefined)).rejects.toBeInstanceOf(SessionFencedError);
      await c.query(`UPDATE ibsc_session SET epoch = epoch - 1 WHERE id = 1`);
      await c.end();
    } finally {
      await bDb.destroy();
    }
  });

  it('a command reaches the owner and its answer comes back; with no owner, or none taking it in time, the answer is 503-safe: nothing done', async () => {
    const b = leases.at(-1)!;
    const bDb = new DataSource({ type: 'postgres', url: a.db.url, applicationName: 'ibsc:replica-b' });
    await bDb.initialize();
    const sender = lease('sender');
    const senderDb = new DataSource({ type: 'postgres', url: a.db.url });
    await senderDb.initialize();
    try {
      const ran: unknown[] = [];
      const ownerBus = new CommandBus(bDb, b, { timeoutMs: 1000, log: quiet });
      await ownerBus.serve(b.currentEpoch, async (kind, payload) => {
        ran.push(payload);
        return { kind, echo: payload };
      });
      const bus = new CommandBus(senderDb, sender, { timeoutMs: 1000, log: quiet });
      expect(await bus.send('call', { name: 'x', args: 1 })).toEqual({ kind: 'call', echo: { name: 'x', args: 1 } });
      expect((await senderDb.query(`SELECT count(*)::int AS n FROM session_commands`))[0].n).toBe(0);

      // the owner holds the lock but stops taking commands: the sender abandons its command; it never runs later
      ownerBus.stopServing();
      await expect(bus.send('call', { name: 'late' })).rejects.toBeInstanceOf(NoOwnerError);
      const [row] = await senderDb.query(`SELECT status FROM session_commands WHERE payload->>'name' = 'late'`);
      expect(row.status).toBe('abandoned');
      await ownerBus.serve(b.currentEpoch, async (_k, p) => ran.push(p));
      await new Promise((r) => setTimeout(r, 200));
      expect(ran).toHaveLength(1);

      // nobody holds the lock
      ownerBus.stopServing();
      await b.stop();
      await waitUntil(async () => !(await sender.ownerNow())?.held, 5000, 'lock released');
      await expect(bus.send('http', { method: 'GET', path: '/x', headers: {} })).rejects.toBeInstanceOf(NoOwnerError);
      const [held] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`, SESSION_LOCK_KEY as unknown as unknown[]);
      expect(held.n).toBe(0);
    } finally {
      await bDb.destroy();
      await senderDb.destroy();
    }
  });
});

describe('session ownership when the owner dies mid-command or PostgreSQL becomes unreachable', () => {
  it('a command the owner took but never answered (owner lost) is answered "outcome unknown", not run again', async () => {
    const t = await createTestApp();
    const owner = t.app.get(SessionRolesService);
    const sender = new SessionLease({ databaseUrl: t.db.url, replicaId: 'sender', pollMs: 10_000, keepAliveMs: 200, channels: ['ibsc_cmd', 'ibsc_reply'], log: quiet });
    const senderDb = new DataSource({ type: 'postgres', url: t.db.url });
    await senderDb.initialize();
    try {
      let runs = 0;
      owner.bus.stopServing();
      await owner.bus.serve(owner.lease.currentEpoch, () => {
        runs++;
        return new Promise(() => undefined); // the owner dies while carrying it out
      });
      const bus = new CommandBus(senderDb, sender, { timeoutMs: 1000, pollMs: 50, log: quiet });
      const answer = bus.send('http', { method: 'POST', path: '/api/v1/orders', headers: { 'idempotency-key': 'k-0000001' } });
      await waitUntil(() => runs === 1, 5000, 'taken by the owner');
      // a take-over moves the epoch on
      await senderDb.query(`UPDATE ibsc_session SET epoch = epoch + 1`);
      await expect(answer).rejects.toBeInstanceOf(CommandOutcomeUnknownError);
      await expect(answer).rejects.toThrow(/same Idempotency-Key/);
      expect(runs).toBe(1);
    } finally {
      owner.bus.stopServing();
      await sender.stop();
      await senderDb.destroy();
      await t.close();
    }
  });

  it('PostgreSQL unreachable: the owner is deposed at once (no transmission after that), readiness fails, nobody owns the session', async () => {
    const sim = await startSimulator({ port: 0, seed: 7 });
    const db = await createTestDatabase();
    const target = new URL(db.url);
    const proxy = await startTcpProxy(Number(target.port || 5432), target.hostname);
    const viaProxy = new URL(db.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const exits: number[] = [];
    const t = await createTestApp({
      gateway: 'tws',
      database: { url: viaProxy.toString(), drop: async () => undefined },
      env: { IB_GATEWAY: 'tws', TWS_PORT: String(sim.port), SESSION_KEEPALIVE_MS: '200' },
      overrides: [{ provide: SESSION_EXIT, useValue: (c: number) => exits.push(c) }],
    });
    try {
      await waitUntil(() => t.app.get(IbConnection).state === 'ready', 10_000, 'connected');
      expect(sim.clientCount()).toBe(1);
      await proxy.cut();
      await waitUntil(() => exits.length > 0, 10_000, 'deposed');
      expect(exits).toEqual([3]);
      expect(t.app.get(SessionRolesService).isOwner).toBe(false);
      // the gateway session was closed before the exit: nothing can be transmitted from here
      await waitUntil(() => sim.clientCount() === 0, 5000, 'gateway session closed');
      const health = await t.http().get('/api/v1/health');
      expect(health.status).toBe(503);
      expect(JSON.stringify(health.body)).toMatch(/database/);
      // the lock went with the connection: nobody holds it
      const c = new Client({ connectionString: db.url });
      await c.connect();
      const held = async () =>
        (await c.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND objid = $2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`, SESSION_LOCK_KEY as unknown as unknown[])).rows[0].n;
      await waitUntil(async () => (await held()) === 0, 5000, 'lock released by the server');
      await c.end();
    } finally {
      // the database comes back, so the app can shut down cleanly (a deposed process exits instead)
      await proxy.restore();
      await t.app.close().catch(() => undefined);
      await proxy.close();
      await db.drop();
      await sim.stop();
    }
  });
});
