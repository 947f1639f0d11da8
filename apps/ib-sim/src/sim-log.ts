import type { IbSimulator } from '@ibsc/ib-sim';
import type { SimEnvConfig } from './sim-env';

export type Say = (line: string) => void;

/** One log line per session change and fault (SIM_LOG=info); connections and protocol errors too at debug. */
export function logSimulatorEvents(sim: IbSimulator, level: SimEnvConfig['log'], say: Say): void {
  sim.events.on('ready', (e) => say(`client ${e.clientId} connected (session ${e.sessionId})`));
  sim.events.on('disconnect', (e) => say(`client ${e.clientId} disconnected: ${e.reason}`));
  sim.events.on('refused', (e) =>
    say(`client ${e.clientId} refused (session ${e.sessionId}): ${e.reason} (error ${e.code})`),
  );
  sim.events.on('fault', (e) => say(`fault ${e.name} ${JSON.stringify(e.detail)}`));
  sim.events.on('handlerError', (e) => say(`handler error on message ${e.msgId}: ${e.error.stack ?? e.error.message}`));
  if (level === 'debug') {
    sim.events.on('connection', (e) => say(`connection from ${e.remote} (session ${e.sessionId})`));
    sim.events.on('protocolError', (e) => say(`protocol error (session ${e.sessionId}): ${e.reason}`));
  }
}
