import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeouts of what usually sits in front (60 s
 * for AWS's load balancers and nginx's upstream keepalive), so the API is never the side that closes a connection a
 * proxy or a polling client is about to reuse. With Node's default of 5 s, a client that reused a socket just as the
 * server closed it got a reset (seen by `npm run bench:results`: a request or two in 6,000 failed with no status).
 */
export const KEEP_ALIVE_MS = 65_000;

/** Keep idle connections KEEP_ALIVE_MS; the headers timeout must be longer than that (Node's guidance). */
export function keepConnectionsAlive(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
