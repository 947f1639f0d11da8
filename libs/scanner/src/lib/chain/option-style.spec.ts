import { contractKey } from './option-chain';
import { expiryTimes, newYorkOpenMs, optionStyle } from './option-style';
import { parseSpreadId, spreadId } from '../spreads/spread-id';

describe('option style: settlement, exercise and the times of an expiry', () => {
  it('index classes are European and cash-settled; SPX/NDX/RUT monthlies AM, SPXW/XSP/NDXP/RUTW PM; equities American PM', () => {
    expect(optionStyle('IND', 'SPX')).toEqual({ exercise: 'european', settlement: 'AM', cashSettled: true });
    for (const tc of ['NDX', 'RUT']) expect(optionStyle('IND', tc).settlement).toBe('AM');
    for (const tc of ['SPXW', 'XSP', 'NDXP', 'RUTW']) expect(optionStyle('IND', tc)).toEqual({ exercise: 'european', settlement: 'PM', cashSettled: true });
    expect(optionStyle('STK', 'SPY')).toEqual({ exercise: 'american', settlement: 'PM', cashSettled: false });
  });

  it('PM: trading ends and settlement is fixed at 16:00 New York; AM: trading ends the weekday before, settlement at the open', () => {
    const pm = expiryTimes('20261218', 'PM');
    expect(new Date(pm.expiresAt).toISOString()).toBe('2026-12-18T21:00:00.000Z');
    expect(pm.settlesAt).toBe(pm.expiresAt);
    const am = expiryTimes('20261218', 'AM');
    expect(new Date(am.expiresAt).toISOString()).toBe('2026-12-17T21:00:00.000Z');
    expect(new Date(am.settlesAt).toISOString()).toBe('2026-12-18T14:30:00.000Z');
    expect(newYorkOpenMs('20260717')).toBe(Date.parse('2026-07-17T13:30:00Z')); // daylight saving
    // A Monday AM expiry stops trading on the Friday before.
    expect(new Date(expiryTimes('20261214', 'AM').expiresAt).toISOString()).toBe('2026-12-11T21:00:00.000Z');
    // NYSE holidays are skipped: Juneteenth on Thursday 2025-06-19 ends June 2025's AM monthly on the Wednesday, and
    // Good Friday 2026-04-03 ends a Monday AM expiry on the Thursday.
    expect(new Date(expiryTimes('20250620', 'AM').expiresAt).toISOString()).toBe('2025-06-18T20:00:00.000Z');
    expect(new Date(expiryTimes('20260406', 'AM').expiresAt).toISOString()).toBe('2026-04-02T20:00:00.000Z');
  });

  it('a class other than the symbol is part of contract keys and spread ids (SPX and SPXW share a date); the symbol\'s own is not', () => {
    const c = { symbol: 'SPX', expiry: '20261218', right: 'P' as const, strike: 6500 };
    expect(contractKey(c)).toBe('SPX|20261218|P|6500');
    expect(contractKey({ ...c, tradingClass: 'SPX' })).toBe('SPX|20261218|P|6500');
    expect(contractKey({ ...c, tradingClass: 'SPXW' })).toBe('SPX|20261218|P|6500|SPXW');
    const id = spreadId('SPX', '20261218', 'bull-put', 6500, 6475, 'SPXW');
    expect(id).toBe('SPX|20261218|bull-put|6500/6475|SPXW');
    expect(parseSpreadId(id)).toEqual({ symbol: 'SPX', expiry: '20261218', type: 'bull-put', shortStrike: 6500, longStrike: 6475, tradingClass: 'SPXW' });
    expect(spreadId('SPX', '20261218', 'bull-put', 6500, 6475, 'SPX')).toBe('SPX|20261218|bull-put|6500/6475');
    expect(parseSpreadId('SPX|20261218|bull-put|6500/6475')).not.toHaveProperty('tradingClass');
    expect(parseSpreadId('SPX|20261218|bull-put|6500/6475|spxw')).toBeNull();
  });
});
