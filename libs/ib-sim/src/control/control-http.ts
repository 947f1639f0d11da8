import http from 'node:http';
import type { IbSimulator } from '../simulator';
import { parseControlBody, parseControlQuery, type ControlBody, type ControlQuery, ControlInputError } from './control-input';

export interface ControlHttp {
  readonly port: number;
  close(): Promise<void>;
}

type Route = (sim: IbSimulator, body: ControlBody, query: ControlQuery) => Promise<unknown> | unknown;

/**
 * POST routes map one-to-one to `sim.faults` (and two market helpers); GET /status reports the gateway, GET /sessions
 * the API sessions per client id (`?clientIds=1,101` adds those ids taken as one group; `?limit=N` recent records),
 * GET /ledger the orders, executions and positions the gateway holds.
 */
const ROUTES: Record<string, Route> = {
  'GET /status': (sim) => {
    const { current, maxConcurrent, opened, refused } = sim.sessionStats();
    return {
      ...sim.counts(),
      port: sim.port,
      accountId: sim.accountId,
      sessions: { current, maxConcurrent, opened, refused },
      faults: sim.faults.status(),
    };
  },
  'GET /sessions': (sim, _b, q) => {
    const group = q.clientIds();
    return {
      ...sim.sessionStats(),
      ...(group ? { group: sim.sessionGroup(group) } : {}),
      recent: sim.sessionRecords(q.limit(100)),
    };
  },
  // The gateway's own ledger, to check a client's books against (npm run chaos): every order it holds, every
  // execution and the account's positions.
  'GET /ledger': (sim) => ({
    orders: sim.orders?.orders() ?? [],
    executions: sim.orders?.executions() ?? [],
    positions: sim.orders?.positions() ?? [],
  }),
  'GET /market/underlyings': (sim) =>
    sim.market.underlyings().map((u) => ({ symbol: u.symbol, conId: u.conId, spot: sim.market.spot(u.symbol) })),
  'POST /market/jump': (sim, b) => {
    sim.market.jump(b.symbol(), b.number('fraction'));
    return { spot: sim.market.spot(b.symbol()) };
  },
  'POST /faults/restart': async (sim, b) => {
    await sim.faults.restart({
      downSeconds: b.optionalNumber('downSeconds'),
      mode: b.optionalEnum('mode', ['refuse', 'silent'] as const),
      rollbackNextValidIdTo: b.optionalNumber('rollbackNextValidIdTo'),
    });
    return sim.faults.status();
  },
  'POST /faults/schedule-restart': (sim, b) => {
    sim.faults.scheduleRestart(b.time('at'), {
      downSeconds: b.optionalNumber('downSeconds'),
      mode: b.optionalEnum('mode', ['refuse', 'silent'] as const),
    });
    return sim.faults.status();
  },
  'POST /faults/drop-client': (sim, b) => ({ dropped: sim.faults.dropClient(b.number('clientId')) }),
  'POST /faults/silence': (sim, b) => {
    const clientId = b.number('clientId', { integer: true });
    const durationMs = b.optionalNumber('durationMs', { min: 0 });
    return { silenced: sim.faults.silence(clientId, { durationMs }) };
  },
  'POST /faults/unsilence': (sim, b) => ({ unsilenced: sim.faults.unsilence(b.number('clientId', { integer: true })) }),
  'POST /faults/competing-session': (sim, b) => {
    sim.faults.competingSession(b.optionalBoolean('on') ?? true);
    return sim.faults.status();
  },
  'POST /faults/server-link-broken': (sim, b) => {
    sim.faults.serverLinkBroken({ durationMs: b.optionalNumber('durationMs', { min: 0 }) });
    return sim.faults.status();
  },
  'POST /faults/server-link-restored': (sim) => {
    sim.faults.serverLinkRestored();
    return sim.faults.status();
  },
  'POST /faults/reset-socket-port': async (sim, b) => ({
    port: await sim.faults.resetSocketPort(b.optionalNumber('port', { integer: true, min: 0, max: 65535 }) ?? 0),
  }),
  'POST /faults/connectivity-lost': (sim) => sim.faults.connectivityLost(),
  'POST /faults/connectivity-restored': (sim, b) =>
    sim.faults.connectivityRestored({ dataLost: b.optionalBoolean('dataLost') ?? false }),
  'POST /faults/farm': (sim, b) => sim.faults.setFarm(b.enum('farm', ['market', 'hmds'] as const), b.boolean('ok')),
  'POST /faults/flap-farm': (sim, b) =>
    sim.faults.flapFarm(b.enum('farm', ['market', 'hmds'] as const), b.optionalNumber('downSeconds') ?? 5),
  'POST /faults/freeze': (sim, b) => sim.faults.freeze(b.symbol(), b.optionalBoolean('on') ?? true),
  'POST /faults/delay': (sim, b) => sim.faults.delay(b.symbol(), b.optionalBoolean('on') ?? true),
  'POST /faults/halt': (sim, b) => sim.faults.halt(b.symbol(), b.optionalBoolean('on') ?? true),
  'POST /faults/reject-next-order': (sim, b) => sim.faults.rejectNextOrder(b.optionalString('reason')),
  'POST /faults/rollback-next-valid-id': (sim, b) => sim.faults.rollbackNextValidId(b.optionalNumber('to')),
};

export const CONTROL_ROUTES = Object.keys(ROUTES);

/** A small JSON HTTP endpoint (loopback by default) that drives the simulator's faults by hand. */
export async function startControlHttp(sim: IbSimulator, opts: { host: string; port: number }): Promise<ControlHttp> {
  const server = http.createServer((req, res) => {
    void handle(sim, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: opts.host, port: opts.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(sim: IbSimulator, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const [rawPath, rawQuery] = (req.url ?? '/').split('?');
  const path = rawPath.replace(/\/+$/, '') || '/';
  const route = ROUTES[`${req.method ?? 'GET'} ${path}`];
  try {
    if (!route) {
      const known = CONTROL_ROUTES.some((r) => r.endsWith(` ${path}`));
      return reply(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found', routes: CONTROL_ROUTES });
    }
    const query = parseControlQuery(rawQuery ?? '');
    const body = parseControlBody(await readBody(req));
    const result = await route(sim, body, query);
    reply(res, 200, { ok: true, result: result ?? null });
  } catch (e) {
    if (e instanceof ControlInputError) return reply(res, 400, { error: e.message, field: e.field });
    const msg = e instanceof Error ? e.message : String(e);
    reply(res, /Unknown symbol|must be/.test(msg) ? 400 : 500, { error: msg });
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(new ControlInputError('body', 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
