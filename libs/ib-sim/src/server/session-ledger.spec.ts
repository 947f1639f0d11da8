import { SESSION_RECORD_LIMIT, SessionLedger } from './session-ledger';

describe('SessionLedger', () => {
  let t = 1_000;
  const ledger = () => new SessionLedger(() => t);

  it('counts sessions per client id: open now, most at once, opened, refused', () => {
    const l = ledger();
    l.sessionOpened(1, 1, 'a');
    l.sessionOpened(2, 2, 'b');
    l.refused(1);
    l.sessionClosed(1, 'peer closed');
    l.sessionOpened(3, 1, 'c');
    expect(l.stats()).toEqual({
      current: 2,
      maxConcurrent: 2,
      opened: 3,
      refused: 1,
      byClientId: {
        1: { clientId: 1, current: 1, maxConcurrent: 1, opened: 2, refused: 1 },
        2: { clientId: 2, current: 1, maxConcurrent: 1, opened: 1, refused: 0 },
      },
    });
  });

  it('ignores a close of a session it never opened (a socket that never passed startApi) and a second close', () => {
    const l = ledger();
    l.sessionOpened(1, 5, 'a');
    l.sessionClosed(9, 'peer closed');
    l.sessionClosed(1, 'peer closed');
    l.sessionClosed(1, 'again');
    expect(l.stats()).toMatchObject({ current: 0, opened: 1, byClientId: { 5: { current: 0, opened: 1 } } });
  });

  it('takes a group of ids as one: a hand-over (close, then open) is 1 at most, an overlap is 2', () => {
    const l = ledger();
    l.sessionOpened(1, 1, 'owner A');
    l.sessionClosed(1, 'killed');
    l.sessionOpened(2, 101, 'owner B, fallback id');
    l.sessionOpened(3, 7, 'another client');
    expect(l.group([1, 101])).toEqual({ clientIds: [1, 101], current: 1, maxConcurrent: 1, opened: 2, complete: true });
    l.sessionOpened(4, 1, 'owner A again while B holds 101');
    expect(l.group([101, 1])).toEqual({ clientIds: [1, 101], current: 2, maxConcurrent: 2, opened: 3, complete: true });
    expect(l.group([42])).toEqual({ clientIds: [42], current: 0, maxConcurrent: 0, opened: 0, complete: true });
  });

  it('records sessions on the clock with their close reason, most recent last', () => {
    const l = ledger();
    t = 5_000;
    l.sessionOpened(1, 3, '127.0.0.1:5000');
    t = 6_000;
    l.sessionClosed(1, 'simulator stopped');
    l.sessionOpened(2, 3, '127.0.0.1:5001');
    expect(l.records()).toEqual([
      { sessionId: 1, clientId: 3, remote: '127.0.0.1:5000', openedAt: 5_000, closedAt: 6_000, closeReason: 'simulator stopped' },
      { sessionId: 2, clientId: 3, remote: '127.0.0.1:5001', openedAt: 6_000, closedAt: null, closeReason: null },
    ]);
    expect(l.records(1).map((r) => r.sessionId)).toEqual([2]);
  });

  it(`keeps the last ${SESSION_RECORD_LIMIT} records; counters stay exact and a group says it is incomplete`, () => {
    const l = ledger();
    l.sessionOpened(1, 1, 'long-lived');
    for (let i = 2; i <= SESSION_RECORD_LIMIT + 1; i++) {
      l.sessionOpened(i, 2, 'x');
      l.sessionClosed(i, 'peer closed');
    }
    expect(l.records()).toHaveLength(SESSION_RECORD_LIMIT);
    expect(l.stats()).toMatchObject({ opened: SESSION_RECORD_LIMIT + 1, current: 1 });
    // The long-lived session of id 1 fell out of the record but is still open.
    expect(l.group([1])).toMatchObject({ current: 1, maxConcurrent: 1, complete: false });
  });
});
