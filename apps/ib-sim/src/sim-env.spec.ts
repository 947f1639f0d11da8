import { readSimEnv, SimConfigError } from './sim-env';

describe('readSimEnv', () => {
  it('defaults to IB Gateway paper: 127.0.0.1:4002, control on 4003', () => {
    const c = readSimEnv({});
    expect(c.options).toMatchObject({
      host: '127.0.0.1',
      port: 4002,
      controlHost: '127.0.0.1',
      controlPort: 4003,
      seed: 1,
      accountId: 'DU1234567',
      timings: 'fast',
    });
    expect(c.log).toBe('info');
  });

  it('reads every variable', () => {
    const c = readSimEnv({
      SIM_HOST: '0.0.0.0',
      SIM_PORT: '7497',
      SIM_CONTROL_HOST: '127.0.0.2',
      SIM_CONTROL_PORT: 'off',
      SIM_SEED: '42',
      SIM_ACCOUNT: 'DU555555',
      SIM_MARKET_DATA_LINES: '300',
      SIM_MAX_MSG_PER_SEC: '100',
      SIM_LOG: 'quiet',
      SIM_TIMINGS: 'realistic',
    });
    expect(c.options).toMatchObject({
      host: '0.0.0.0',
      port: 7497,
      controlHost: '127.0.0.2',
      controlPort: false,
      seed: 42,
      accountId: 'DU555555',
      limits: { marketDataLines: 300, messagesPerSecond: 100 },
      timings: 'realistic',
    });
  });

  it('puts the control endpoint on the gateway host (0.0.0.0 in a container) unless SIM_CONTROL_HOST says otherwise', () => {
    expect(readSimEnv({ SIM_HOST: '0.0.0.0' }).options.controlHost).toBe('0.0.0.0');
    expect(readSimEnv({ SIM_HOST: '0.0.0.0', SIM_CONTROL_HOST: '127.0.0.1' }).options.controlHost).toBe('127.0.0.1');
  });

  it.each([
    [{ SIM_PORT: 'abc' }, 'SIM_PORT="abc" is invalid: expected an integer from 0 to 65535'],
    [{ SIM_PORT: '70000' }, 'SIM_PORT="70000" is invalid'],
    [{ SIM_CONTROL_PORT: 'no' }, 'or "off"'],
    [{ SIM_SEED: '-1' }, 'SIM_SEED="-1" is invalid'],
    [{ SIM_ACCOUNT: 'U1' }, 'SIM_ACCOUNT="U1" is invalid'],
    [{ SIM_LOG: 'loud' }, 'expected quiet, info or debug'],
    [{ SIM_TIMINGS: 'slow' }, 'SIM_TIMINGS="slow" is invalid: expected fast or realistic'],
    [{ SIM_HOST: 'a b' }, 'SIM_HOST="a b" is invalid: expected an IP address or host name'],
    [{ SIM_CONTROL_HOST: 'a/b' }, 'SIM_CONTROL_HOST="a/b" is invalid: expected an IP address or host name'],
  ])('rejects %j with a message naming the variable', (env, msg) => {
    expect(() => readSimEnv(env)).toThrow(SimConfigError);
    expect(() => readSimEnv(env)).toThrow(msg);
  });
});
