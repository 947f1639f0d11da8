/**
 * The simulated IB Gateway as a process (`npm run sim`). Settings come from SIM_* environment variables,
 * validated once here; see docs/simulator.md.
 */
import { readSimEnv, SimConfigError, type SimEnvConfig } from './config/sim-env';
import { startSimulator } from './simulator';

async function main(): Promise<void> {
  let config: SimEnvConfig;
  try {
    config = readSimEnv(process.env);
  } catch (e) {
    if (e instanceof SimConfigError) {
      process.stderr.write(`ib-sim: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const sim = await startSimulator(config.options);
  const say = (line: string): void => {
    if (config.log !== 'quiet') process.stdout.write(`${new Date().toISOString()} ib-sim ${line}\n`);
  };
  sim.events.on('ready', (e) => say(`client ${e.clientId} connected (session ${e.sessionId})`));
  sim.events.on('disconnect', (e) => say(`client ${e.clientId} disconnected: ${e.reason}`));
  sim.events.on('fault', (e) => say(`fault ${e.name} ${JSON.stringify(e.detail)}`));
  sim.events.on('handlerError', (e) => say(`handler error on message ${e.msgId}: ${e.error.stack ?? e.error.message}`));
  if (config.log === 'debug') {
    sim.events.on('connection', (e) => say(`connection from ${e.remote} (session ${e.sessionId})`));
    sim.events.on('protocolError', (e) => say(`protocol error (session ${e.sessionId}): ${e.reason}`));
  }
  const control = sim.controlPort === undefined ? 'off' : `http://${config.options.controlHost ?? '127.0.0.1'}:${sim.controlPort}`;
  say(
    `listening on ${sim.host}:${sim.port} (server version 193, account ${sim.accountId}, ` +
      `${sim.market.underlyings().length} underlyings, ${sim.market.optionCount()} options); control ${control}`,
  );
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping`);
    void sim.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`ib-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
