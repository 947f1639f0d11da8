import { EventName, OptionType, SecType, type ContractDetails } from '@stoqey/ib';
import type { IbSimulator } from '../simulator';
import {
  connectTestClient,
  createTestMarket,
  nearMoneyOption,
  optionContract,
  startTestSimulator,
  stock,
  type TestClient,
} from '../testing';

describe('contract details and option chains (IBApi over TCP)', () => {
  const shared = createTestMarket();
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

  it('describes a stock (COMMON) with its conId, exchange and hours', async () => {
    c.api.reqContractDetails(1, stock('AAPL'));
    const [d] = await details(1);
    const def = sim.market.underlyings().find((u) => u.symbol === 'AAPL')!;
    expect(d.contract).toMatchObject({ symbol: 'AAPL', secType: 'STK', conId: def.conId, exchange: 'SMART', currency: 'USD' });
    expect(d.contract.primaryExch).toBe(def.primaryExchange);
    expect(d.stockType).toBe('COMMON');
    expect(d.longName).toBe(def.longName);
    expect(d.timeZoneId).toBe('US/Eastern');
    expect(d.liquidHours).toMatch(/^\d{8}:0930-\d{8}:1600;/);
    expect(d.minTick).toBe(0.01);
  });

  it('describes an ETF (stockType ETF) and finds it by conId alone', async () => {
    const spy = sim.market.underlyings().find((u) => u.symbol === 'SPY')!;
    c.api.reqContractDetails(2, { conId: spy.conId, exchange: 'SMART' });
    const [d] = await details(2);
    expect(d.contract.symbol).toBe('SPY');
    expect(d.stockType).toBe('ETF');
  });

  it('describes one option, with yyyyMMdd expiry, multiplier and underlying', async () => {
    const opt = nearMoneyOption(sim.market, 'QQQ', 'P');
    c.api.reqContractDetails(3, optionContract(opt));
    const list = await details(3);
    expect(list).toHaveLength(1);
    expect(list[0].contract).toMatchObject({
      symbol: 'QQQ',
      secType: 'OPT',
      conId: opt.conId,
      lastTradeDateOrContractMonth: opt.expiry,
      strike: opt.strike,
      right: OptionType.Put,
      multiplier: 100,
      localSymbol: opt.localSymbol,
      tradingClass: opt.tradingClass,
    });
    expect(list[0].underConId).toBe(opt.underConId);
    expect(list[0].realExpirationDate).toBe(opt.expiry);
  });

  it('lists every contract of a partly specified option (one expiry, calls)', async () => {
    const opt = nearMoneyOption(sim.market, 'IWM', 'C');
    c.api.reqContractDetails(4, {
      symbol: 'IWM',
      secType: SecType.OPT,
      exchange: 'SMART',
      currency: 'USD',
      lastTradeDateOrContractMonth: opt.expiry,
      right: OptionType.Call,
    });
    const list = await details(4);
    const expected = sim.market.findContracts({ secType: 'OPT', symbol: 'IWM', expiry: opt.expiry, right: 'C' });
    expect(list.length).toBe(expected.length);
    expect(list.length).toBeGreaterThan(10);
    expect(new Set(list.map((d) => d.contract.lastTradeDateOrContractMonth))).toEqual(new Set([opt.expiry]));
  });

  it('answers 200 for an unknown contract, a BAG and a foreign currency', async () => {
    c.api.reqContractDetails(5, stock('ZZZZ'));
    expect((await c.log.waitForError(200, 5)).message).toBe('No security definition has been found for the request.');
    c.api.reqContractDetails(6, { symbol: 'SPY', secType: SecType.BAG, exchange: 'SMART', currency: 'USD' });
    await c.log.waitForError(200, 6);
    c.api.reqContractDetails(7, { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'EUR' });
    await c.log.waitForError(200, 7);
    expect(c.log.named(EventName.contractDetailsEnd)).toEqual([]);
  });

  it('answers reqSecDefOptParams with the chain parameters, then the end', async () => {
    const spy = sim.market.underlyings().find((u) => u.symbol === 'SPY')!;
    c.api.reqSecDefOptParams(8, 'SPY', '', SecType.STK, spy.conId);
    await c.log.waitForEvent(EventName.securityDefinitionOptionParameterEnd, (a) => a[0] === 8);
    const params = c.log.named(EventName.securityDefinitionOptionParameter).map((e) => e.args);
    const model = sim.market.chainParams(spy.conId);
    expect(params).toHaveLength(model.length);
    const [reqId, exchange, underConId, tradingClass, multiplier, expirations, strikes] = params[0];
    expect([reqId, exchange, underConId, tradingClass, multiplier]).toEqual([
      8,
      model[0].exchange,
      spy.conId,
      model[0].tradingClass,
      100,
    ]);
    expect(expirations).toEqual(model[0].expirations);
    expect(strikes).toEqual(model[0].strikes);
    expect((expirations as string[]).length).toBeGreaterThan(10);
  });

  it('answers 200 to reqSecDefOptParams for an unknown underlying', async () => {
    c.api.reqSecDefOptParams(9, 'NOPE', '', SecType.STK, 0);
    await c.log.waitForError(200, 9);
  });
});
