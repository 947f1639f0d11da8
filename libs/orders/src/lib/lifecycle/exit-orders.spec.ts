import { vertical } from '../../testing/fixtures';
import { classifyVertical } from '../pricing/vertical';
import { exitOrders } from './exit-orders';

describe('exitOrders (take-profit + stop as an OCA pair)', () => {
  it('debit spread bought at 3.05: TP 50% → 4.03, stop 50% of max loss → 1.53', () => {
    const shape = classifyVertical(vertical('bull-call'));
    const [tp, sl] = exitOrders(shape, 3.05, 2, 'ibsc-abc', 50, 50);
    expect(tp).toEqual({ role: 'take_profit', action: 'SELL', orderType: 'LMT', quantity: 2, lmtPrice: 4.03, auxPrice: null, ocaGroup: 'oca-ibsc-abc', ocaType: 1, tif: 'GTC' });
    expect(sl).toMatchObject({ role: 'stop_loss', orderType: 'STP', quantity: 2, lmtPrice: null, auxPrice: 1.53, ocaGroup: 'oca-ibsc-abc' });
  });

  it('credit spread bought at −2.00 (2.00 credit): TP 50% → −1.00, stop 100% of max loss → −5.00', () => {
    const shape = classifyVertical(vertical('bull-put'));
    const [tp, sl] = exitOrders(shape, -2, 1, 'r', 50, 100);
    expect(tp.lmtPrice).toBe(-1);
    expect(sl.auxPrice).toBe(-5);
  });

  it('nothing before a fill, only what was asked, and sane percentages', () => {
    const shape = classifyVertical(vertical('bear-put'));
    expect(exitOrders(shape, 2, 0, 'r', 50, 50)).toEqual([]);
    expect(exitOrders(shape, 2, 1, 'r', 50, null).map((o) => o.role)).toEqual(['take_profit']);
    expect(() => exitOrders(shape, 2, 1, 'r', 150, null)).toThrow(RangeError);
  });
});
