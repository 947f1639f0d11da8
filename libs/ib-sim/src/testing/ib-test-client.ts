import { EventName, IBApi } from '@stoqey/ib';
import { IbEventLog } from './ib-event-log';

export interface TestClient {
  api: IBApi;
  log: IbEventLog;
  /** nextValidId of the connection. */
  nextValidId: number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  clientId?: number;
  /** stoqey's own pacing (default 40/s); raise it to let the simulator's 50/s limit show. */
  maxReqPerSec?: number;
  timeoutMs?: number;
}

/** An `IBApi` (not IBApiNext) with an explicit host/port, its event log, not yet connected. */
export function createTestClient(port: number, opts: ConnectOptions = {}): { api: IBApi; log: IbEventLog } {
  const api = new IBApi({ host: '127.0.0.1', port, clientId: opts.clientId ?? 0, maxReqPerSec: opts.maxReqPerSec ?? 1000 });
  return { api, log: new IbEventLog(api) };
}

/** Connects an IBApi to the simulator and waits for nextValidId (when stoqey starts sending requests). */
export async function connectTestClient(port: number, opts: ConnectOptions = {}): Promise<TestClient> {
  const { api, log } = createTestClient(port, opts);
  const idP = log.waitForEvent(EventName.nextValidId, () => true, opts.timeoutMs ?? 4000);
  api.connect(opts.clientId ?? 0);
  const [nextValidId] = (await idP) as [number];
  return { api, log, nextValidId, close: () => closeTestClient(api, log) };
}

export async function closeTestClient(api: IBApi, log: IbEventLog): Promise<void> {
  if (!api.isConnected) {
    api.disconnect();
    return;
  }
  const gone = log.waitForNext((e) => e.name === '__disconnected', 2000, 'disconnect').catch(() => undefined);
  api.disconnect();
  await gone;
}
