import { nextTurn } from './next-turn';

describe('nextTurn', () => {
  it('resolves after the I/O callbacks and timers already queued in this turn, not in a microtask', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('immediate queued before'));
    const turn = nextTurn().then(() => order.push('next turn'));
    await Promise.resolve();
    order.push('microtask');
    await turn;
    expect(order).toEqual(['microtask', 'immediate queued before', 'next turn']);
  });
});
