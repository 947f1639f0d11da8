import type { GatewayExecution, GatewayOpenOrder } from '../gateway/gateway-events';
import { foreignActivity, resolveOrder, type ReconciliationSnapshot, type TrackedOrder } from './order-resolution';

const T0 = new Date('2026-11-23T15:00:00Z');
const order: TrackedOrder = {
  id: 'o1',
  orderRef: 'ibsc-1',
  permId: null,
  status: 'unknown',
  quantity: 2,
  filledQuantity: 0,
  transmittedAt: T0,
  createdAt: T0,
  knownExecIds: [],
};
const open = (over: Partial<GatewayOpenOrder> = {}): GatewayOpenOrder => ({
  orderId: 1001,
  clientId: 7,
  permId: 900,
  orderRef: 'ibsc-1',
  account: 'DU1',
  status: 'Submitted',
  action: 'BUY',
  totalQuantity: 2,
  orderType: 'LMT',
  lmtPrice: 3.05,
  ...over,
});
const exec = (execId: string, over: Partial<GatewayExecution> = {}): GatewayExecution => ({
  execId,
  orderId: 1001,
  clientId: 7,
  permId: 900,
  orderRef: 'ibsc-1',
  account: 'DU1',
  conId: 0,
  secType: 'BAG',
  side: 'BOT',
  shares: 1,
  price: 3.05,
  cumQty: 1,
  avgPrice: 3.05,
  time: T0,
  exchange: 'SMART',
  ...over,
});
const snap = (s: Partial<ReconciliationSnapshot>): ReconciliationSnapshot => ({ openOrders: [], executions: [], takenAt: new Date(T0.getTime() + 60_000), ...s });

describe('resolveOrder (by orderRef)', () => {
  it('working at the gateway → its status, new fills applied', () => {
    const r = resolveOrder(order, snap({ openOrders: [open()], executions: [exec('x1')] }));
    expect(r).toMatchObject({ kind: 'working', status: 'partially_filled' });
    expect(r.kind === 'working' && r.newExecutions.map((x) => x.execId)).toEqual(['x1']);
  });

  it('matches by orderRef even when the gateway reuses the order id (another session)', () => {
    const other = open({ orderRef: 'someone-else', permId: 901 });
    expect(resolveOrder(order, snap({ openOrders: [other] })).kind).toBe('absent');
  });

  it('filled while disconnected → filled, each execution once', () => {
    const r = resolveOrder(order, snap({ executions: [exec('x1'), exec('x2', { cumQty: 2 }), exec('x2', { cumQty: 2 }), exec('leg', { secType: 'OPT', shares: 2, cumQty: 2 })] }));
    expect(r).toMatchObject({ kind: 'done', status: 'filled' });
    expect(r.kind === 'done' && r.newExecutions.map((x) => x.execId)).toEqual(['x1', 'x2', 'leg']);
  });

  it('executions already recorded are not new', () => {
    const r = resolveOrder({ ...order, knownExecIds: ['x1'], filledQuantity: 1 }, snap({ executions: [exec('x1')] }));
    expect(r).toMatchObject({ kind: 'done', status: 'cancelled', newExecutions: [] });
  });

  it('gone with no fills: pending inside the grace period, then absent → inactive, never re-sent', () => {
    expect(resolveOrder(order, snap({ takenAt: new Date(T0.getTime() + 3_000) })).kind).toBe('pending');
    const r = resolveOrder(order, snap({}));
    expect(r).toEqual({ kind: 'absent', status: 'inactive', reason: 'orderRef ibsc-1 is neither working nor filled at the gateway; not re-sent (place a new order)' });
  });

  it('two live broker orders for one orderRef → duplicate, flagged', () => {
    const r = resolveOrder(order, snap({ openOrders: [open(), open({ permId: 901, orderId: 1002 })] }));
    expect(r).toMatchObject({ kind: 'duplicate', permIds: [900, 901] });
  });

  it('finds our executions by permId when orderRef is missing', () => {
    const r = resolveOrder({ ...order, permId: 900 }, snap({ executions: [exec('x1', { orderRef: '', cumQty: 2, shares: 2 })] }));
    expect(r).toMatchObject({ kind: 'done', status: 'filled' });
  });

  it('reports gateway activity that is none of ours', () => {
    const f = foreignActivity(new Set(['ibsc-1']), snap({ openOrders: [open(), open({ orderRef: 'tws' })], executions: [exec('x'), exec('y', { orderRef: 'tws' })] }));
    expect(f.openOrders.map((o) => o.orderRef)).toEqual(['tws']);
    expect(f.executions.map((x) => x.execId)).toEqual(['y']);
  });
});
