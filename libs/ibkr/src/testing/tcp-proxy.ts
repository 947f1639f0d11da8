import net from 'node:net';

/**
 * A TCP proxy in front of the simulator, to make network faults the gateway itself cannot: a black hole (the
 * connection stays open, nothing gets through: a half-open socket) and a hard kill of every connection.
 */
export interface TcpProxy {
  readonly port: number;
  /** Drops every byte both ways while on (sockets stay open). */
  blackhole(on: boolean): void;
  /** Destroys every proxied connection (as a crashed router would). */
  killAll(): void;
  connections(): number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let dropping = false;
  const pairs = new Set<{ a: net.Socket; b: net.Socket }>();
  const server = net.createServer((a) => {
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
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    blackhole: (on) => {
      dropping = on;
    },
    killAll: () => {
      for (const p of [...pairs]) {
        p.a.destroy();
        p.b.destroy();
      }
      pairs.clear();
    },
    connections: () => pairs.size,
    close: async () => {
      for (const p of [...pairs]) {
        p.a.destroy();
        p.b.destroy();
      }
      pairs.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
