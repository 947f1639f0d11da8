import type { GatewayExecution, OrderEvent } from '../gateway/gateway-events';
import { applyLifecycle, initialLifecycle, type LifecycleInput, type LifecycleState } from './order-lifecycle';
import { fromIbStatus } from './order-status';

const exec = (execId: string, over: Partial<GatewayExecution> = {}): GatewayExecution => ({
  execId,
  orderId: 1001,
  clientId: 7,
  permId: 555,
  orderRef: 'ibsc-x',
  account: 'DU111',
  conId: 0,
  secType: 'BAG',
  side: 'BOT',
  shares: 1,
  price: 3.1,
  cumQty: 1,
  avgPrice: 3.1,
  time: new Date('2026-11-23T15:00:00Z'),
  exchange: 'SMART',
  ...over,
});
const status = (s: string, filled: number, remaining: number, avg: number | null = null): OrderEvent => ({
  kind: 'orderStatus',
  orderId: 1001,
  permId: 555,
  status: s,
  filled,
  remaining,
  avgFillPrice: avg,
  lastFillPrice: avg,
});

function run(events: LifecycleInput[], start: LifecycleState = initialLifecycle(2)): LifecycleState {
  return events.reduce((s, e) => applyLifecycle(s, e).state, start);
}

describe('IB status mapping', () => {
  it.each([
    ['ApiPending', 0, 2, 'pending_submit'],
    ['PendingSubmit', 0, 2, 'pending_submit'],
    ['PreSubmitted', 0, 2, 'submitted'],
    ['Submitted', 0, 2, 'submitted'],
    ['Submitted', 1, 1, 'partially_filled'],
    ['ApiCancelled', 0, 2, 'cancelled'],
    ['Cancelled', 0, 2, 'cancelled'],
    ['Filled', 2, 0, 'filled'],
    ['Inactive', 0, 2, 'inactive'],
    ['PendingCancel', 0, 2, null],
    ['Bogus', 0, 2, null],
  ])('%s (filled %d, remaining %d) → %s', (s, f, r, expected) => {
    expect(fromIbStatus(s, f, r)).toBe(expected);
  });
});

describe('applyLifecycle', () => {
  it('follows the happy path created → pending_submit → submitted → partially_filled → filled', () => {
    const seen: string[] = [];
    let s = initialLifecycle(2);
    const events: LifecycleInput[] = [
      { kind: 'transmitted' },
      status('PreSubmitted', 0, 2),
      status('Submitted', 1, 1, 3.1),
      { kind: 'execution', execution: exec('e1') },
      status('Filled', 2, 0, 3.12),
      { kind: 'execution', execution: exec('e2', { cumQty: 2, avgPrice: 3.12, price: 3.14 }) },
    ];
    for (const e of events) {
      s = applyLifecycle(s, e).state;
      seen.push(s.status);
    }
    expect(seen).toEqual(['pending_submit', 'submitted', 'partially_filled', 'partially_filled', 'filled', 'filled']);
    expect(s).toMatchObject({ filledQuantity: 2, avgFillPrice: 3.12, permId: 555, execIds: ['e1', 'e2'] });
  });

  it('ignores the same execId twice (one fill)', () => {
    const s1 = run([{ kind: 'transmitted' }, { kind: 'execution', execution: exec('e1') }]);
    const r = applyLifecycle(s1, { kind: 'execution', execution: exec('e1') });
    expect(r.ignored).toBe('execution e1 already recorded');
    expect(r.state.filledQuantity).toBe(1);
    expect(r.fill).toBeNull();
  });

  it('does not count a fill twice when orderStatus reported it before execDetails', () => {
    const s = run([{ kind: 'transmitted' }, status('Submitted', 1, 1, 3.1), { kind: 'execution', execution: exec('e1', { cumQty: 1 }) }]);
    expect(s.filledQuantity).toBe(1);
    expect(s.status).toBe('partially_filled');
  });

  it('ignores out-of-order statuses: Submitted after Filled, PreSubmitted after Submitted', () => {
    const filled = run([{ kind: 'transmitted' }, status('Filled', 2, 0, 3.1)]);
    const r = applyLifecycle(filled, status('Submitted', 0, 2));
    expect(r.state.status).toBe('filled');
    expect(r.ignored).toMatch(/changes nothing/);
    expect(run([status('Submitted', 1, 1)], run([{ kind: 'transmitted' }, status('Submitted', 1, 1)])).status).toBe('partially_filled');
    expect(applyLifecycle(run([{ kind: 'transmitted' }, status('Submitted', 0, 2)]), status('PreSubmitted', 0, 2)).statusChanged).toBe(false);
  });

  it('counts an execution that arrives after Cancelled (fills are facts) and upgrades to filled when complete', () => {
    const cancelled = run([{ kind: 'transmitted' }, status('Submitted', 1, 1), status('Cancelled', 1, 1)]);
    expect(cancelled.status).toBe('cancelled');
    const late = applyLifecycle(cancelled, { kind: 'execution', execution: exec('late', { cumQty: 2, avgPrice: 3.1 }) });
    expect(late.state.status).toBe('filled');
    expect(late.fill).toEqual({ execId: 'late', quantity: 1, price: 3.1 });
  });

  it('records leg executions without changing the combo quantity', () => {
    const r = applyLifecycle(run([{ kind: 'transmitted' }]), { kind: 'execution', execution: exec('leg1', { secType: 'OPT', conId: 1100, shares: 1, cumQty: 1 }) });
    expect(r.state.filledQuantity).toBe(0);
    expect(r.legExecution?.execId).toBe('leg1');
    expect(r.fill).toBeNull();
  });

  it('PendingCancel flags the order and keeps it working', () => {
    const s = run([{ kind: 'transmitted' }, status('Submitted', 0, 2), status('PendingCancel', 0, 2)]);
    expect(s).toMatchObject({ status: 'submitted', cancelRequested: true });
  });

  it('error 201 rejects, 202 cancels, 399 is only a message', () => {
    const sent = run([{ kind: 'transmitted' }]);
    expect(applyLifecycle(sent, { kind: 'error', orderId: 1001, code: 201, message: 'Order rejected - reason: no margin' }).state).toMatchObject({
      status: 'rejected',
      reason: '201: Order rejected - reason: no margin',
    });
    expect(applyLifecycle(sent, { kind: 'error', orderId: 1001, code: 202, message: 'Order Canceled' }).state.status).toBe('cancelled');
    const warn = applyLifecycle(sent, { kind: 'error', orderId: 1001, code: 399, message: 'Warning: …' });
    expect(warn.statusChanged).toBe(false);
    expect(warn.ignored).toMatch(/399/);
  });

  it('an unacknowledged order becomes unknown on a lost connection; a working one is only reconciled', () => {
    expect(run([{ kind: 'transmitted' }, { kind: 'connectionLost' }]).status).toBe('unknown');
    const working = run([{ kind: 'transmitted' }, status('Submitted', 0, 2)]);
    expect(applyLifecycle(working, { kind: 'connectionLost' }).state.status).toBe('submitted');
  });

  it('unknown yields to any status the gateway reports, and to a resolution', () => {
    const unknown = run([{ kind: 'transmitted' }, { kind: 'connectionLost' }]);
    expect(applyLifecycle(unknown, status('Submitted', 0, 2)).state.status).toBe('submitted');
    expect(applyLifecycle(unknown, { kind: 'resolved', status: 'inactive', reason: 'absent' }).state).toMatchObject({ status: 'inactive', reason: 'absent' });
  });

  it('a suspected duplicate makes a working order unknown; a terminal one stays', () => {
    const working = run([{ kind: 'transmitted' }, status('Submitted', 0, 2)]);
    expect(applyLifecycle(working, { kind: 'duplicateSuspected', reason: 'two permIds' }).state.status).toBe('unknown');
    const done = run([{ kind: 'transmitted' }, status('Filled', 2, 0)]);
    expect(applyLifecycle(done, { kind: 'duplicateSuspected', reason: 'x' }).state.status).toBe('filled');
  });

  it('a late openOrder with a lower status does not move a filled order back', () => {
    const filled = run([{ kind: 'transmitted' }, status('Filled', 2, 0)]);
    const r = applyLifecycle(filled, {
      kind: 'openOrder',
      order: { orderId: 1001, clientId: 7, permId: 555, orderRef: 'ibsc-x', account: 'DU111', status: 'Submitted', action: 'BUY', totalQuantity: 2, orderType: 'LMT', lmtPrice: 3.1 },
    });
    expect(r.state.status).toBe('filled');
  });
});
