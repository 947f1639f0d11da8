import { SIM_TIMING_PRESET_NAMES, type SimTimingPreset, type SimulatorOptions } from '@ibsc/ib-sim';

/** A bad environment variable: the message is one line naming the variable and the allowed values. */
export class SimConfigError extends Error {}

export interface SimEnvConfig {
  options: SimulatorOptions;
  log: 'quiet' | 'info' | 'debug';
}

const PORT_RANGE = 'an integer from 0 to 65535';

/**
 * Reads the app's settings once, at start-up: SIM_HOST, SIM_PORT, SIM_CONTROL_HOST, SIM_CONTROL_PORT, SIM_SEED,
 * SIM_ACCOUNT, SIM_MARKET_DATA_LINES, SIM_MAX_MSG_PER_SEC, SIM_TIMINGS, SIM_LOG. Nothing else in the app reads process.env.
 */
export function readSimEnv(env: Record<string, string | undefined>): SimEnvConfig {
  const get = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, def: number, min: number, max: number, allowed: string): number => {
    const v = get(name);
    if (v === undefined) return def;
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new SimConfigError(`${name}=${JSON.stringify(v)} is invalid: expected ${allowed}`);
    }
    return Number(v);
  };
  const hostName = (name: string, def: string): string => {
    const v = get(name) ?? def;
    if (!/^[A-Za-z0-9.:-]{1,253}$/.test(v)) {
      throw new SimConfigError(`${name}=${JSON.stringify(v)} is invalid: expected an IP address or host name`);
    }
    return v;
  };
  const host = hostName('SIM_HOST', '127.0.0.1');
  // The control endpoint listens where the gateway does unless told otherwise (a container publishes both).
  const controlHost = hostName('SIM_CONTROL_HOST', host);
  const controlRaw = get('SIM_CONTROL_PORT');
  const controlPort =
    controlRaw === 'off' ? false : int('SIM_CONTROL_PORT', 4003, 0, 65535, `${PORT_RANGE}, or "off"`);
  const account = get('SIM_ACCOUNT') ?? 'DU1234567';
  if (!/^D?U\d{5,9}$/.test(account)) {
    throw new SimConfigError(`SIM_ACCOUNT=${JSON.stringify(account)} is invalid: expected a paper account id such as DU1234567`);
  }
  const log = get('SIM_LOG') ?? 'info';
  if (log !== 'quiet' && log !== 'info' && log !== 'debug') {
    throw new SimConfigError(`SIM_LOG=${JSON.stringify(log)} is invalid: expected quiet, info or debug`);
  }
  const timings = get('SIM_TIMINGS') ?? 'fast';
  if (!(SIM_TIMING_PRESET_NAMES as string[]).includes(timings)) {
    throw new SimConfigError(`SIM_TIMINGS=${JSON.stringify(timings)} is invalid: expected ${SIM_TIMING_PRESET_NAMES.join(' or ')}`);
  }
  return {
    log,
    options: {
      host,
      port: int('SIM_PORT', 4002, 0, 65535, PORT_RANGE),
      controlPort,
      controlHost,
      seed: int('SIM_SEED', 1, 0, 2 ** 32 - 1, 'an integer from 0 to 4294967295'),
      accountId: account,
      timings: timings as SimTimingPreset,
      limits: {
        marketDataLines: int('SIM_MARKET_DATA_LINES', 100, 1, 100_000, 'an integer from 1 to 100000'),
        messagesPerSecond: int('SIM_MAX_MSG_PER_SEC', 50, 1, 100_000, 'an integer from 1 to 100000'),
      },
    },
  };
}
