import { MIN_CLIENT_VERSION, SERVER_VERSION } from './message-ids';

export type Negotiation = { ok: true; version: number } | { ok: false; reason: string };

/**
 * Picks the server version for a client's hello "v<min>..<max>" (or "v<n>"), optionally followed by a space
 * and connect options such as "+PACEAPI". As TWS does: the highest version in the client's range, capped at ours.
 * A range that cannot reach 193 is refused (the simulator speaks only 193's layouts).
 */
export function negotiateVersion(versionText: string): Negotiation {
  const range = versionText.trim().split(/\s+/)[0] ?? '';
  const m = /^v(\d{1,4})(?:\.\.(\d{1,4}))?$/.exec(range);
  if (!m) return { ok: false, reason: `unparseable version range ${JSON.stringify(versionText.slice(0, 40))}` };
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (min > max || min < MIN_CLIENT_VERSION) return { ok: false, reason: `invalid version range ${range}` };
  if (max < SERVER_VERSION || min > SERVER_VERSION) {
    return { ok: false, reason: `version range ${range} does not include ${SERVER_VERSION}` };
  }
  return { ok: true, version: SERVER_VERSION };
}

/** The connection time TWS puts after the server version: `yyyyMMdd HH:mm:ss <zone>` in New York time. */
export function formatConnectionTime(epochMs: number): string {
  const parts = nyFormatter().formatToParts(new Date(epochMs));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  const hour = get('hour') === '24' ? '00' : get('hour');
  return `${get('year')}${get('month')}${get('day')} ${hour}:${get('minute')}:${get('second')} ${get('timeZoneName')}`;
}

let formatter: Intl.DateTimeFormat | undefined;
function nyFormatter(): Intl.DateTimeFormat {
  formatter ??= new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  });
  return formatter;
}
