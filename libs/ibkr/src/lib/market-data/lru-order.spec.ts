import { LruOrder } from './lru-order';

describe('LruOrder', () => {
  it('orders keys by last touch and skips ineligible ones', () => {
    const l = new LruOrder<string>();
    for (const k of ['a', 'b', 'c', 'd']) l.touch(k);
    l.touch('a');
    expect(l.keys()).toEqual(['b', 'c', 'd', 'a']);
    expect(l.oldest()).toBe('b');
    expect(l.oldest((k) => k !== 'b' && k !== 'c')).toBe('d');
    l.remove('d');
    expect(l.oldest((k) => k === 'd')).toBeUndefined();
    expect(l.size).toBe(3);
  });
});
