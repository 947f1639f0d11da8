import net from 'node:net';

/**
 * A TCP proxy a test puts in front of the simulator or PostgreSQL, to make network faults the server itself cannot:
 * a black hole (the connection stays open, nothing gets through: a half-open socket), a hard kill of every
 * connection, and an outage (`cut`: every connection reset, new ones refused on the same port until `restore`).
 * The one TCP proxy of the repo's tests (libs/ibkr, libs/orders and the API use it).
 */
export interface TcpProxy {
  readonly port: number;
  /** Drops every byte both ways while on (sockets stay open). */
  blackhole(on: boolean): void;
  /** Destroys every proxied connection (as a crashed router would). */
  killAll(): void;
  /** The outage: every open connection reset, new ones refused until restore(). */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let dropping = false;
  const pairs = new Set<{ a: net.Socket; b: net.Socket }>();
  const onClient = (a: net.Socket) => {
    const b = net.connect({ host: targetHost, port: targetPort });
    const pair = { a, b };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      a.destroy();
      b.destroy();
    };
    a.on('data', (d) => {
      if (!dropping) b.write(d);
    });
    b.on('data', (d) => {
      if (!dropping) a.write(d);
    });
    for (const s of [a, b]) {
      s.on('error', end);
      s.on('close', end);
    }
  };
  const listen = async (port: number): Promise<net.Server> => {
    const s = net.createServer(onClient);
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', () => resolve()));
    return s;
  };
  let server: net.Server | null = await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const killAll = () => {
    for (const p of [...pairs]) {
      p.a.destroy();
      p.b.destroy();
    }
    pairs.clear();
  };
  const cut = async () => {
    const s = server;
    server = null;
    killAll();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port,
    blackhole: (on) => {
      dropping = on;
    },
    killAll,
    cut,
    restore: async () => {
      if (!server) server = await listen(port);
    },
    connections: () => pairs.size,
    close: cut,
  };
}
