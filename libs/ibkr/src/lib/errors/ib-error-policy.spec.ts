import { classifyIbError, IB_ERROR_TABLE, IbErrorPolicy } from './ib-error-policy';

describe('IB error policy', () => {
  it('classifies the codes the issue names', () => {
    expect(classifyIbError(1100)).toMatchObject({ category: 'connectivity', action: 'log' });
    expect(classifyIbError(1101)).toMatchObject({ category: 'connectivity', action: 'resubscribe' });
    expect(classifyIbError(1102)).toMatchObject({ category: 'connectivity', action: 'log' });
    expect(classifyIbError(2103)).toMatchObject({ category: 'farm-status', action: 'log' });
    expect(classifyIbError(2105)).toMatchObject({ category: 'farm-status', action: 'log' });
    expect(classifyIbError(10197)).toMatchObject({ category: 'market-data-permission', action: 'alert' });
    expect(classifyIbError(326)).toMatchObject({ category: 'connectivity', action: 'retry' });
    expect(classifyIbError(100)).toMatchObject({ category: 'pacing', action: 'alert' });
    expect(classifyIbError(200)).toMatchObject({ category: 'contract', action: 'fail-request' });
    expect(classifyIbError(201)).toMatchObject({ category: 'order', action: 'fail-request' });
    expect(classifyIbError(354)).toMatchObject({ category: 'market-data-permission', action: 'fail-request' });
  });

  it('tells a 162 pacing violation from "no data" and "cancelled"', () => {
    expect(classifyIbError(162, 'Historical Market Data Service error message:Historical data request pacing violation').action).toBe('retry');
    expect(classifyIbError(162, 'Historical Market Data Service error message:HMDS query returned no data')).toMatchObject({ category: 'contract', action: 'fail-request' });
    expect(classifyIbError(162, 'Historical Market Data Service error message:API historical data query cancelled').action).toBe('log');
  });

  it('falls back: 2100–2999 and 10000s are informational, other unknown codes fail their request', () => {
    expect(classifyIbError(2199)).toMatchObject({ category: 'informational', action: 'log' });
    expect(classifyIbError(10999)).toMatchObject({ category: 'informational', action: 'log' });
    expect(classifyIbError(999, 'Warning: something')).toMatchObject({ action: 'log' });
    expect(classifyIbError(999)).toMatchObject({ action: 'fail-request' });
  });

  it('never lets a farm code reconnect or resubscribe', () => {
    for (const code of [2103, 2104, 2105, 2106, 2107, 2108, 2157, 2158]) {
      expect(IB_ERROR_TABLE[code].action).toBe('log');
    }
  });

  it('counts per code and keeps recent errors without farm OK chatter', () => {
    const p = new IbErrorPolicy(3);
    p.record(2104, -1, 'ok', 1);
    p.record(1100, -1, 'lost', 2);
    p.record(1100, -1, 'lost', 3);
    p.record(200, 7, 'no def', 4);
    p.record(354, 8, 'no sub', 5);
    expect(p.countsByCode()).toEqual({ 2104: 1, 1100: 2, 200: 1, 354: 1 });
    expect(p.recentErrors().map((e) => e.code)).toEqual([1100, 200, 354]);
    expect(p.lastError()).toMatchObject({ code: 354, reqId: 8, category: 'market-data-permission' });
  });
});
