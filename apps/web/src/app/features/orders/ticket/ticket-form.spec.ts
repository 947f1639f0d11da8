import { makeSpreadRow } from '../../../testing/spread-row.fixture';
import { defaultTicket, modePrice, toOrderDto, ticketProblems } from './ticket-form';

describe('ticket form', () => {
  const row = makeSpreadRow(); // bull put (credit): mid 1.01, natural 0.92, expected 0.98

  it('signs combo prices as IB does: a credit is negative', () => {
    expect(modePrice(row, 'mid', null)).toBe(-1.01);
    expect(modePrice(row, 'natural', null)).toBe(-0.92);
    expect(modePrice(row, 'expected', null)).toBe(-0.98);
    expect(modePrice({ ...row, side: 'debit' }, 'mid', null)).toBe(1.01);
    expect(modePrice(row, 'manual', -1.05)).toBe(-1.05);
  });

  it('builds a LMT body with legs (short sold, long bought), walk in ms, exits', () => {
    const t = { ...defaultTicket(row), quantity: 2, walkEnabled: true, takeProfitEnabled: true, stopLossEnabled: true };
    expect(toOrderDto(row, t)).toEqual({
      spreadId: row.id,
      underlying: 'SPY',
      legs: [
        { conId: 11, expiry: '20261219', strike: 450, right: 'P', action: 'SELL' },
        { conId: 12, expiry: '20261219', strike: 445, right: 'P', action: 'BUY' },
      ],
      quantity: 2,
      orderType: 'LMT',
      tif: 'DAY',
      priceMode: 'mid',
      walk: { stepFraction: 0.25, intervalMs: 15000, timeoutMs: 120000, maxSlippage: 0.1 },
      takeProfitPct: 50,
      stopLossPct: 100,
    });
  });

  it('sends a manual limit only in manual mode, and no price fields for MKT', () => {
    const manual = toOrderDto(row, { ...defaultTicket(row), priceMode: 'manual', manualLimit: -1.1 });
    expect(manual.limit).toBe(-1.1);
    const mkt = toOrderDto(row, { ...defaultTicket(row), orderType: 'MKT', confirmMarket: true, walkEnabled: true });
    expect(mkt.confirmMarket).toBe(true);
    expect(mkt.priceMode).toBeUndefined();
    expect(mkt.walk).toBeUndefined();
    expect(mkt.limit).toBeUndefined();
  });

  it('refuses a MKT order without explicit confirmation and bad quantities', () => {
    expect(ticketProblems({ ...defaultTicket(row), orderType: 'MKT' })['confirmMarket']).toMatch(/any price/);
    expect(ticketProblems({ ...defaultTicket(row), quantity: 0 })['quantity']).toBeDefined();
    expect(ticketProblems({ ...defaultTicket(row), priceMode: 'manual', manualLimit: -1.005 })['limit']).toMatch(/2 decimals/);
    expect(ticketProblems(defaultTicket(row))).toEqual({});
  });
});
