import { EventName, SecType, type ContractDetails } from '@stoqey/ib';
import type { OptionDef } from '../market/market-types';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, indexContract, optionContract, startTestSimulator, type TestClient } from '../testing';

/** Index options as IB lists them: IND underlyings, SPX (AM monthlies) and SPXW (PM) classes, European, cash. */
describe('index options (IBApi over TCP)', () => {
  const shared = createTestMarket({ symbols: ['SPY', 'SPX', 'XSP', 'NDX', 'RUT'] });
  let sim: IbSimulator;
  let c: TestClient;
  afterAll(() => shared.market.dispose());

  beforeEach(async () => {
    sim = await startTestSimulator(shared);
    c = await connectTestClient(sim.port, { clientId: 1 });
  });

  afterEach(async () => {
    await c.close();
    await sim.stop();
  });

  const details = async (reqId: number): Promise<ContractDetails[]> => {
    await c.log.waitForEvent(EventName.contractDetailsEnd, (a) => a[0] === reqId);
    expect(c.log.errors()).toEqual([]);
    return c.log
      .named(EventName.contractDetails)
      .filter((e) => e.args[0] === reqId)
      .map((e) => e.args[1] as ContractDetails);
  };
  const options = (symbol: string): OptionDef[] =>
    shared.market.findContracts({ secType: 'OPT', symbol }).filter((o): o is OptionDef & { secType: 'OPT' } => o.secType === 'OPT');

  it('describes SPX as secType IND on CBOE; asking for it as a stock is error 200, as at IB', async () => {
    c.api.reqContractDetails(1, indexContract('SPX'));
    const [d] = await details(1);
    expect(d.contract).toMatchObject({ symbol: 'SPX', secType: 'IND', conId: 416904, exchange: 'CBOE' });
    expect(d.orderTypes).toBe('');
    c.api.reqContractDetails(2, { symbol: 'SPX', secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
    await c.log.waitForError(200, 2);
  });

  it('lists one sec-def entry per exchange and trading class: SPX (AM monthlies) and SPXW on SMART and CBOE', async () => {
    c.api.reqSecDefOptParams(3, 'SPX', '', SecType.IND, 416904);
    await c.log.waitForEvent(EventName.securityDefinitionOptionParameterEnd, (a) => a[0] === 3);
    const params = c.log.named(EventName.securityDefinitionOptionParameter).map((e) => e.args);
    expect(params.map((p) => `${p[1]}/${p[3]}`).sort()).toEqual(['CBOE/SPX', 'CBOE/SPXW', 'SMART/SPX', 'SMART/SPXW']);
    const am = params.find((p) => p[1] === 'SMART' && p[3] === 'SPX')!;
    const pm = params.find((p) => p[1] === 'SMART' && p[3] === 'SPXW')!;
    // SPX: third Fridays only (the Thursday before when the Friday is a holiday); SPXW: the dailies as well.
    const thirdFriday = (e: string): boolean => {
      const d = new Date(Date.UTC(Number(e.slice(0, 4)), Number(e.slice(4, 6)) - 1, Number(e.slice(6, 8))));
      const day = d.getUTCDate() + (d.getUTCDay() === 4 ? 1 : 0);
      return (d.getUTCDay() === 5 || d.getUTCDay() === 4) && day >= 15 && day <= 21;
    };
    expect((am[5] as string[]).length).toBeGreaterThanOrEqual(12);
    expect((am[5] as string[]).every(thirdFriday)).toBe(true);
    expect((pm[5] as string[]).filter((e) => !thirdFriday(e)).length).toBeGreaterThan(10);
    expect(pm[5] as string[]).toContain((am[5] as string[])[0]);
    expect(am[4]).toBe(100);
    c.api.reqSecDefOptParams(4, 'SPX', '', SecType.STK, 416904);
    await c.log.waitForError(200, 4);
  });

  it('tells SPX from SPXW on the same third Friday by trading class: European, cash-settled, underlying IND', async () => {
    const am = options('SPX').find((o) => o.tradingClass === 'SPX' && o.right === 'P')!;
    const pm = options('SPX').find((o) => o.tradingClass === 'SPXW' && o.expiry === am.expiry && o.strike === am.strike && o.right === 'P')!;
    expect(pm).toBeDefined();
    expect([am.settlement, pm.settlement, am.exercise, pm.cashSettled]).toEqual(['AM', 'PM', 'european', true]);
    expect(am.localSymbol.startsWith('SPX   ')).toBe(true);
    expect(pm.localSymbol.startsWith('SPXW  ')).toBe(true);
    c.api.reqContractDetails(5, optionContract(pm));
    const [d] = await details(5);
    expect(d.contract).toMatchObject({ conId: pm.conId, tradingClass: 'SPXW', multiplier: 100 });
    expect(d.underSecType).toBe('IND');
    expect(d.underConId).toBe(416904);
    // Without the trading class the date/strike/right names both contracts.
    c.api.reqContractDetails(6, { ...optionContract(pm), tradingClass: undefined });
    expect((await details(6)).map((x) => x.contract.tradingClass).sort()).toEqual(['SPX', 'SPXW']);
  });

  it('quotes an index with a last price and no bid, ask or volume; its options are two-sided in 0.05/0.10 ticks', async () => {
    c.api.reqMktData(7, indexContract('SPX'), '106', false, false);
    await c.log.waitForEvent(EventName.tickGeneric, (a) => a[0] === 7 && a[1] === 24);
    const prices = c.log.named(EventName.tickPrice).filter((e) => e.args[0] === 7).map((e) => e.args[1]);
    expect(prices).toContain(4); // LAST
    expect(prices).not.toContain(1); // BID
    expect(prices).not.toContain(2); // ASK
    expect(c.log.named(EventName.tickSize).filter((e) => e.args[0] === 7 && e.args[1] === 8)).toEqual([]); // VOLUME
    const spot = shared.market.spot('SPX');
    const last = c.log.named(EventName.tickPrice).find((e) => e.args[0] === 7 && e.args[1] === 4)!.args[2] as number;
    expect(Math.abs(last - spot) / spot).toBeLessThan(0.01);
    const near = options('SPX')
      .filter((o) => o.tradingClass === 'SPXW' && o.right === 'P')
      .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot))[0];
    const q = shared.market.quote(near.conId);
    expect(q.ask).toBeGreaterThan(q.bid);
    const tick = q.ask >= 3 ? 0.1 : 0.05;
    expect(Math.abs(q.ask / tick - Math.round(q.ask / tick))).toBeLessThan(1e-6);
  });

  it('lists XSP (PM only), NDX (NDX/NDXP) and RUT (RUT/RUTW) with their index underlyings', () => {
    const classes = (s: string): string[] => [...new Set(options(s).map((o) => `${o.tradingClass}:${o.settlement}`))].sort();
    expect(classes('XSP')).toEqual(['XSP:PM']);
    expect(classes('NDX')).toEqual(['NDX:AM', 'NDXP:PM']);
    expect(classes('RUT')).toEqual(['RUT:AM', 'RUTW:PM']);
    expect(options('SPY').every((o) => o.exercise === 'american' && !o.cashSettled)).toBe(true);
    expect(shared.market.contract(416843)?.secType).toBe('IND');
    // AM options settle at the open: priced to 09:30 of the expiry day, not to the close.
    const am = options('SPX').find((o) => o.tradingClass === 'SPX')!;
    expect(am.expiry).toMatch(/^\d{8}$/);
  });
});
