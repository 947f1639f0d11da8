import { IbkrRuntime, SystemClock } from '@ibsc/ibkr';
import { startSimulator, type IbSimulator } from '@ibsc/ib-sim';
import { nearMoneyOption, waitUntil } from '@ibsc/ib-sim/testing';
import { OrdersError } from '../orders-error';
import { IbLegQualifier } from './ib-leg-qualifier';

/**
 * Leg qualification over the real wire. Found by `npm run chaos`: a session owner deposed mid-request stops its
 * connection layer, which rejects the queued contract details with "the connection layer stopped"; that reached the
 * client as a 500. Every failure of the request other than a gateway rejection is now a 503 (nothing was placed).
 */
describe('IbLegQualifier', () => {
  let sim: IbSimulator;
  let rt: IbkrRuntime;

  beforeEach(async () => {
    sim = await startSimulator({ host: '127.0.0.1', port: 0, controlPort: false, seed: 7 });
    rt = new IbkrRuntime({ gateway: { kind: 'simulator', host: '127.0.0.1', port: sim.port }, clientId: 5 }, new SystemClock());
    rt.start();
    await waitUntil(() => rt.connection.state === 'ready', 15_000, 'gateway ready');
  });
  afterEach(async () => {
    await rt.stop();
    await sim.stop();
  });

  const legs = () => {
    const o = nearMoneyOption(sim.market, 'SPY', 'P');
    return [
      { expiry: o.expiry, strike: o.strike, right: 'P' as const },
      { expiry: o.expiry, strike: o.strike - 5, right: 'P' as const },
    ];
  };

  it('qualifies real legs to their conIds', async () => {
    const ids = await new IbLegQualifier(rt.coordinator).qualify('SPY', legs());
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
  });

  it('a leg the gateway does not list is a 400 naming the legs', async () => {
    const bad = [{ ...legs()[0], strike: 123.37 }];
    const e = await new IbLegQualifier(rt.coordinator).qualify('SPY', bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OrdersError);
    expect((e as OrdersError).status).toBe(400);
  });

  it('the connection layer stopping mid-request is a 503 GATEWAY_UNAVAILABLE, not a raw error (a 500)', async () => {
    const pending = new IbLegQualifier(rt.coordinator).qualify('SPY', legs()).catch((x: unknown) => x);
    await rt.stop();
    const e = await pending;
    expect(e).toBeInstanceOf(OrdersError);
    expect((e as OrdersError).status).toBe(503);
    expect((e as OrdersError).code).toBe('GATEWAY_UNAVAILABLE');
    expect((e as OrdersError).message).toMatch(/the gateway did not answer: contractDetails/);
  });
});
