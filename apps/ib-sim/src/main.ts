/**
 * The simulated IB Gateway as its own process: `node dist/apps/ib-sim/main.js` (built by `nx build ib-sim-app`),
 * `npm run sim`, or a Compose/Kubernetes service. Settings come from SIM_* environment variables, validated once
 * here (./sim-env.ts); see docs/simulator.md. SIGTERM / SIGINT stop it cleanly (exit 0).
 */
import { startSimulator } from '@ibsc/ib-sim';
import { readSimEnv, SimConfigError, type SimEnvConfig } from './sim-env';
import { logSimulatorEvents, type Say } from './sim-log';

/** A stop that takes longer than this (a socket that will not close) ends the process with exit code 1. */
const STOP_DEADLINE_MS = 10_000;

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
  const say: Say = (line) => {
    if (config.log !== 'quiet') process.stdout.write(`${new Date().toISOString()} ib-sim ${line}\n`);
  };
  const sim = await startSimulator(config.options);
  logSimulatorEvents(sim, config.log, say);
  const control = sim.controlPort === undefined ? 'off' : `http://${config.options.controlHost}:${sim.controlPort}`;
  say(
    `listening on ${sim.host}:${sim.port} (server version 193, account ${sim.accountId}, ` +
      `${sim.market.underlyings().length} underlyings, ${sim.market.optionCount()} options); control ${control}`,
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping (${sim.clientCount()} clients connected)`);
    setTimeout(() => {
      process.stderr.write(`ib-sim: did not stop within ${STOP_DEADLINE_MS} ms\n`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    sim.stop().then(
      () => {
        say('stopped');
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`ib-sim: stop failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`ib-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
