import { wallTime, zoneOffsetMs } from '@ibsc/clock';
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
  const t = wallTime(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const zone = zoneOffsetMs(epochMs) === -4 * 3_600_000 ? 'EDT' : 'EST';
  return `${t.y}${pad(t.m)}${pad(t.d)} ${pad(t.hh)}:${pad(t.mm)}:${pad(t.ss)} ${zone}`;
}
