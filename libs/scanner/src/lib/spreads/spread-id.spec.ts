import { parseSpreadId, spreadId } from './spread-id';

describe('spreadId', () => {
  it('is stable, readable and canonical in its strikes', () => {
    expect(spreadId('SPY', '20260116', 'bull-put', 450, 445)).toBe('SPY|20260116|bull-put|450/445');
    expect(spreadId('SPY', '20260116', 'bull-put', 452.5, 447.5)).toBe('SPY|20260116|bull-put|452.5/447.5');
    expect(spreadId('X', '20260116', 'bear-call', 10.1 + 0.2, 11)).toBe('X|20260116|bear-call|10.3/11'); // 10.299999999999999
  });

  it('differs whenever the spread differs', () => {
    const ids = new Set([
      spreadId('SPY', '20260116', 'bull-put', 450, 445),
      spreadId('SPY', '20260116', 'bear-put', 450, 445),
      spreadId('SPY', '20260123', 'bull-put', 450, 445),
      spreadId('SPY', '20260116', 'bull-put', 450, 440),
      spreadId('QQQ', '20260116', 'bull-put', 450, 445),
    ]);
    expect(ids.size).toBe(5);
  });

  it('parses back', () => {
    expect(parseSpreadId('SPY|20260116|bull-put|452.5/447.5')).toEqual({ symbol: 'SPY', expiry: '20260116', type: 'bull-put', shortStrike: 452.5, longStrike: 447.5 });
    expect(parseSpreadId('SPY|20260116|iron-condor|1/2')).toBeNull();
  });
});
