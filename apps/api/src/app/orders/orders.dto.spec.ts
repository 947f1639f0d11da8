import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { KillSwitchDto, ModifyOrderDto, PlaceOrderDto, TradesQueryDto } from './orders.dto';

function problems<T extends object>(cls: new () => T, plain: object): string[] {
  return validateSync(plainToInstance(cls, plain), { whitelist: true, forbidNonWhitelisted: true }).map((e) => e.property);
}

const legs = [
  { expiry: '20261218', strike: 100, right: 'C', action: 'BUY' },
  { expiry: '20261218', strike: 105, right: 'C', action: 'SELL', conId: 1105 },
];

describe('PlaceOrderDto', () => {
  it('accepts a scanner spread id, or explicit legs', () => {
    expect(problems(PlaceOrderDto, { spreadId: 'SPY|20261218|bull-call|105/100', quantity: 1, orderType: 'LMT' })).toEqual([]);
    expect(
      problems(PlaceOrderDto, {
        underlying: 'SPY',
        legs,
        quantity: 2,
        orderType: 'LMT',
        priceMode: 'manual',
        limit: -1.95,
        walk: { stepFraction: 0.25, intervalMs: 15000, timeoutMs: 120000, maxSlippage: 0.1, evFloor: 5 },
        tif: 'GTC',
        takeProfitPct: 50,
        stopLossPct: 100,
      }),
    ).toEqual([]);
  });

  it('names the field that is wrong', () => {
    expect(problems(PlaceOrderDto, { quantity: 1, orderType: 'LMT' })).toEqual(['spreadId', 'underlying', 'legs']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 0, orderType: 'LMT' })).toEqual(['quantity']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'STP' })).toEqual(['orderType']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'MKT' })).toEqual(['confirmMarket']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'MKT', confirmMarket: true })).toEqual([]);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'LMT', priceMode: 'manual' })).toEqual(['limit']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'LMT', priceMode: 'best' })).toEqual(['priceMode']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'LMT', tif: 'IOC' })).toEqual(['tif']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'LMT', takeProfitPct: 100 })).toEqual(['takeProfitPct']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'LMT', walk: { stepFraction: 2 } })).toEqual(['walk']);
    expect(problems(PlaceOrderDto, { underlying: 'SPY', legs: [legs[0]], quantity: 1, orderType: 'LMT' })).toEqual(['legs']);
    expect(problems(PlaceOrderDto, { underlying: 'SPY', legs: [legs[0], { ...legs[1], expiry: '2026-12-18' }], quantity: 1, orderType: 'LMT' })).toEqual(['legs']);
    expect(problems(PlaceOrderDto, { spreadId: 'x', quantity: 1, orderType: 'LMT', extra: true })).toEqual(['extra']);
  });
});

describe('ModifyOrderDto, KillSwitchDto, TradesQueryDto', () => {
  it('validate their fields', () => {
    expect(problems(ModifyOrderDto, { limit: 3.1 })).toEqual([]);
    expect(problems(ModifyOrderDto, { limit: 3.123 })).toEqual(['limit']);
    expect(problems(ModifyOrderDto, { quantity: 0 })).toEqual(['quantity']);
    expect(problems(KillSwitchDto, { tripped: false, reason: 'reviewed' })).toEqual([]);
    expect(problems(KillSwitchDto, { tripped: 'no', reason: '' })).toEqual(['tripped', 'reason']);
    expect(problems(TradesQueryDto, { from: '2026-11-01', underlying: 'SPY', format: 'csv' })).toEqual([]);
    expect(problems(TradesQueryDto, { from: 'yesterday', format: 'xml' })).toEqual(['from', 'format']);
  });
});
