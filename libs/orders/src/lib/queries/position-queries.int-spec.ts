import { createOrdersTestDatabase, type OrdersTestDatabase } from '../../testing/test-database';
import { CounterOrderIds } from '../../testing/in-memory-order-gateway';
import { newOrder, PASSED_RISK, QUOTES } from '../../testing/fixtures';
import type { GatewayExecution } from '../gateway/gateway-events';
import { OrderEventsService } from '../lifecycle/order-events.service';
import { pnlTotals, spreadPositions } from '../positions/spread-pnl';
import { OrderSubmissionService } from '../submission/order-submission.service';
import { PositionQueries, tradesCsv } from './position-queries';

describe('PositionQueries (real PostgreSQL)', () => {
  let db: OrdersTestDatabase;
  const now = () => new Date('2026-11-23T15:00:00Z');

  beforeAll(async () => {
    db = await createOrdersTestDatabase();
  });
  afterAll(() => db.drop());

  it('builds the spread book from stored fills, with trades and CSV', async () => {
    const submit = new OrderSubmissionService(db.dataSource, new CounterOrderIds(7, 100), now);
    const events = new OrderEventsService(db.dataSource, 7, now);
    const { order } = await submit.reserve({ idempotencyKey: 'positions-key-1', body: {}, actor: 'trader1', order: newOrder('bull-call', { quantity: 2 }), risk: PASSED_RISK });
    await submit.markTransmitted(order.id, 'trader1');
    const x = (execId: string, over: Partial<GatewayExecution>): GatewayExecution => ({
      execId,
      orderId: order.ibOrderId,
      clientId: 7,
      permId: 1,
      orderRef: order.orderRef,
      account: 'DU1',
      conId: 0,
      secType: 'BAG',
      side: 'BOT',
      shares: 2,
      price: 3.05,
      cumQty: 2,
      avgPrice: 3.05,
      time: new Date('2026-11-20T18:00:00Z'),
      exchange: 'SMART',
      ...over,
    });
    await events.apply({ kind: 'execution', execution: x('bag-1', {}) });
    await events.apply({ kind: 'execution', execution: x('leg-1', { secType: 'OPT', conId: 1100, price: 6.1 }) });
    await events.apply({ kind: 'commission', commission: { execId: 'leg-1', commission: 2.6, currency: 'USD', realizedPnl: null } });

    const q = new PositionQueries(db.dataSource);
    await q.recordSpreadMarks(new Date('2026-11-20T21:00:00Z'), [{ positionKey: order.id, quantity: 2, avgCost: 3.05, mark: 3.3 }]);
    const book = await q.spreadBook();
    expect(book.definitions).toEqual([
      {
        positionKey: order.id,
        underlying: 'SPY',
        type: 'bull-call',
        expiry: '20261218',
        lowerStrike: 100,
        upperStrike: 105,
        multiplier: 100,
        legs: [
          { conId: 1100, action: 'BUY', ratio: 1 },
          { conId: 1105, action: 'SELL', ratio: 1 },
        ],
      },
    ]);
    expect(book.fills).toEqual([{ positionKey: order.id, action: 'BUY', quantity: 2, price: 3.05, commission: 2.6, at: new Date('2026-11-20T18:00:00Z') }]);

    const sod = await q.startOfDayMarks(new Date('2026-11-23T05:00:00Z'));
    const quote = (id: number) => Object.values(QUOTES).find((v) => v.conId === id) ?? null;
    const positions = spreadPositions(book.definitions, book.fills, quote, new Date('2026-11-23T05:00:00Z'), sod);
    // mark 3.05 (fixture quotes): unrealized 0, daily = 2·3.05·100 − 2·3.30·100 = −50
    expect(pnlTotals(positions)).toEqual({ unrealizedPnl: 0, realizedPnl: -2.6, dailyPnl: -50 });

    const trades = await q.trades({ underlying: 'SPY' });
    expect(trades).toEqual([
      expect.objectContaining({ execId: 'bag-1', side: 'BOT', quantity: 2, price: 3.05, commission: 2.6, lowerStrike: 100, upperStrike: 105, spreadType: 'bull-call' }),
    ]);
    expect(await q.trades({ underlying: 'QQQ' })).toEqual([]);
    expect(tradesCsv(trades).split('\r\n')).toEqual([
      'at,underlying,spreadType,expiry,lowerStrike,upperStrike,side,quantity,price,commission,orderRef,execId',
      `2026-11-20T18:00:00.000Z,SPY,bull-call,20261218,100,105,BOT,2,3.05,2.6,${order.orderRef},bag-1`,
      '',
    ]);
  });
});
