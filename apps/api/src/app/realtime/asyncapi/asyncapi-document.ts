import { SOCKET_PATH, SYSTEM_STATUS_INTERVAL_MS } from '@ibsc/shared-dto';
import type { ClientEventPayloads, ServerEventPayloads } from './socket-payloads';
import payloadSchemas from './socket-payload-schemas.json';

/** Where the document is served, next to the OpenAPI one (/api/docs-json); public like it, off with API_DOCS=off. */
export const ASYNCAPI_PATH = '/api/asyncapi.json';

type JsonSchema = Record<string, unknown>;
interface GeneratedSchemas {
  definitions: Record<string, JsonSchema & { properties?: Record<string, JsonSchema> }>;
}

/** One line per event; the Record types make a new event in the map fail the typecheck until it is described here. */
const SERVER_EVENTS: Record<keyof ServerEventPayloads, string> = {
  'system.status': `The connection layer, capacity and session: on connect, every ${SYSTEM_STATUS_INTERVAL_MS} ms, and at once on a change (bursts coalesced).`,
  'system.error': 'A server-side problem the client should show.',
  'scan.snapshot': 'The whole result set of the running scan: on connect, on a new scan, and as a resync answer.',
  'scan.delta': 'Rows added, updated and removed since the previous seq; a gap in seq means a missed delta: send scan.resync.',
  'scan.status': 'The scan state, progress, health and funnel.',
  'scan.error': 'The scan failed or was refused.',
  'orders.update': 'An order changed (status, fill, modify): its whole view.',
  'orders.fill': 'One execution of an order.',
  'orders.reject': 'An order refused by the gateway or the risk guard.',
  'risk.killSwitch': 'The kill switch was tripped or reset.',
  'positions.update': 'Open spreads with live marks and P&L (as GET /api/v1/positions): after every fill, and periodically while a position is open.',
};
const CLIENT_EVENTS: Record<keyof ClientEventPayloads, string> = {
  'system.ping': "A time check: no payload; the acknowledgement carries the server's time.",
  'scan.resync': 'After a seq gap or a reconnect: the deltas missed since lastSeq, or a snapshot when they are gone.',
  'scan.visible': 'The row ids this client shows or selected, most important first (at most 200): their legs are kept on streaming lines and quoted first (ADR 0017); the acknowledgement says how many were taken.',
};

const opId = (prefix: string, event: string) => prefix + event.replace(/(^|[.])(\w)/g, (_m, _dot: string, c: string) => c.toUpperCase());

/** The generated schemas with their references moved from `#/definitions/` to `#/components/schemas/`. */
function relocated(): GeneratedSchemas {
  return JSON.parse(JSON.stringify(payloadSchemas).replace(/#\/definitions\//g, '#/components/schemas/')) as GeneratedSchemas;
}

/**
 * The AsyncAPI 2.6 document of the Socket.IO contract: every event the server emits (`subscribe`: what a client
 * receives) and every event a client may send (`publish`, with its acknowledgement in `x-ack`), each with the JSON
 * Schema of its payload, generated from the typed event map (socket-payloads.ts).
 */
export function asyncApiDocument(version: string): Record<string, unknown> {
  const { definitions } = relocated();
  const server = definitions['ServerEventPayloads'].properties ?? {};
  const client = definitions['ClientEventPayloads'].properties ?? {};
  const schemas = Object.fromEntries(Object.entries(definitions).filter(([name]) => !['SocketPayloads', 'ServerEventPayloads', 'ClientEventPayloads'].includes(name)));
  const channels: Record<string, unknown> = {};
  for (const [event, description] of Object.entries(SERVER_EVENTS)) {
    channels[event] = {
      description,
      subscribe: { operationId: opId('on', event), summary: description, message: { name: event, contentType: 'application/json', payload: server[event] } },
    };
  }
  for (const [event, description] of Object.entries(CLIENT_EVENTS)) {
    const both = (client[event]?.properties ?? {}) as Record<string, JsonSchema>;
    channels[event] = {
      description,
      publish: {
        operationId: opId('send', event),
        summary: description,
        message: { name: event, contentType: 'application/json', payload: both['request'], 'x-ack': { payload: both['reply'] } },
      },
    };
  }
  return {
    asyncapi: '2.6.0',
    id: 'urn:ibsc:socket-events',
    info: {
      title: 'IB Spread Console: Socket.IO events',
      version,
      description:
        `Socket.IO v4 at path ${SOCKET_PATH} on the API's address. Authenticate in the handshake with \`auth: { token }\`, ` +
        'a JWT from POST /api/v1/auth/login or an API key (`ibsc_…`, any scope). A refused handshake fails with ' +
        '`unauthorized: <CODE>: …` (e.g. API_KEY_REVOKED) or `rate limited: RATE_LIMITED: …`; the server closes a socket ' +
        'whose token expires or is revoked (disconnect reason "io server disconnect"). Events named `area.event`; every ' +
        'payload is JSON. REST: /api/docs-json.',
    },
    defaultContentType: 'application/json',
    servers: {
      api: {
        url: '{host}',
        protocol: 'ws',
        description: `Socket.IO (Engine.IO 4) over WebSocket or HTTP long-polling, path ${SOCKET_PATH}`,
        variables: { host: { default: 'localhost:3000' } },
        security: [{ bearer: [] }],
      },
    },
    channels,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Sent in the Socket.IO handshake as `auth: { token: <JWT or API key> }`, not as a header' },
      },
    },
  };
}
