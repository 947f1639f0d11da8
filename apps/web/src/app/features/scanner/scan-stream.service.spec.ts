import { TestBed } from '@angular/core/testing';
import type { ScanDeltaEvent, SpreadRow } from '@ibsc/shared-dto';
import { SystemStatusService } from '../../core/system-status/system-status.service';
import { makeSpreadRow } from '../../testing/spread-row.fixture';
import { signedIn } from '../../testing/signed-in';
import { type RowTransaction, ScanStreamService } from './scan-stream.service';

const row = (id: string, score = 50): SpreadRow => makeSpreadRow({ id, score });
const delta = (seq: number, d: Partial<ScanDeltaEvent> = {}): ScanDeltaEvent => ({ seq, at: `t${seq}`, added: [], updated: [], removed: [], ...d });
const ids = (rows: SpreadRow[]) => rows.map((r) => r.id);
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ScanStreamService', () => {
  function setup() {
    const t = signedIn();
    TestBed.inject(SystemStatusService);
    TestBed.tick();
    const stream = TestBed.inject(ScanStreamService);
    const txs: RowTransaction[] = [];
    stream.changes.subscribe((tx) => txs.push(tx));
    const socket = t.socket();
    socket.fire('connect');
    TestBed.tick();
    return { stream, socket, txs };
  }

  it('turns a snapshot and in-order deltas into transactions, never a reload', () => {
    const { stream, socket, txs } = setup();
    socket.fire('scan.snapshot', { seq: 5, at: 't5', rows: [row('a'), row('b')], funnel: null });
    socket.fire('scan.delta', delta(6, { added: [row('c')], updated: [row('a', 90)], removed: ['b'] }));
    expect(txs.map((tx) => [ids(tx.add), ids(tx.update), ids(tx.remove)])).toEqual([
      [['a', 'b'], [], []],
      [['c'], ['a'], ['b']],
    ]);
    expect(stream.rowCount()).toBe(2);
    expect(stream.get('a')?.score).toBe(90);
    expect(stream.lastSeq()).toBe(6);
  });

  it('ignores a delta it already applied', () => {
    const { socket, txs } = setup();
    socket.fire('scan.snapshot', { seq: 5, at: 't5', rows: [row('a')], funnel: null });
    socket.fire('scan.delta', delta(5, { added: [row('x')] }));
    expect(txs).toHaveLength(1);
  });

  it('asks for a resync on a sequence gap, replays the missed deltas, then the held one', async () => {
    const { stream, socket, txs } = setup();
    socket.fire('scan.snapshot', { seq: 1, at: 't1', rows: [row('a')], funnel: null });
    socket.fire('scan.delta', delta(4, { added: [row('d')] })); // 2 and 3 missed
    const sent = socket.emitted.find((e) => e.event === 'scan.resync');
    expect(sent?.args[0]).toEqual({ lastSeq: 1 });
    socket.ack('scan.resync', { kind: 'deltas', deltas: [delta(2, { added: [row('b')] }), delta(3, { added: [row('c')] })] });
    await flush();
    expect(txs.slice(1).map((tx) => ids(tx.add))).toEqual([['b'], ['c'], ['d']]);
    expect(stream.lastSeq()).toBe(4);
    expect(stream.resyncs()).toBe(1);
  });

  it('diffs a resync snapshot against the rows held, so the grid gets a transaction', async () => {
    const { stream, socket, txs } = setup();
    socket.fire('scan.snapshot', { seq: 1, at: 't1', rows: [row('a'), row('b')], funnel: null });
    socket.fire('scan.delta', delta(9));
    socket.ack('scan.resync', { kind: 'snapshot', snapshot: { seq: 9, at: 't9', rows: [row('b', 70), row('c')], funnel: null } });
    await flush();
    const last = txs[txs.length - 1];
    expect([ids(last.add), ids(last.update), ids(last.remove)]).toEqual([['c'], ['b'], ['a']]);
    expect(stream.lastSeq()).toBe(9);
  });

  it('resyncs after a reconnect', () => {
    const { socket } = setup();
    socket.fire('scan.snapshot', { seq: 3, at: 't3', rows: [row('a')], funnel: null });
    socket.fire('disconnect', 'transport close');
    socket.fire('connect');
    TestBed.tick();
    expect(socket.emitted.filter((e) => e.event === 'scan.resync').map((e) => e.args[0])).toEqual([{ lastSeq: 3 }]);
  });

  it('keeps status and errors, and clears for a new scan', () => {
    const { stream, socket, txs } = setup();
    socket.fire('scan.snapshot', { seq: 1, at: 't1', rows: [row('a')], funnel: null });
    socket.fire('scan.error', { at: 'x', code: 'NO_CHAIN', message: 'no chain', symbol: 'XYZ' });
    expect(stream.lastError()?.code).toBe('NO_CHAIN');
    stream.clear();
    expect(ids(txs[txs.length - 1].remove)).toEqual(['a']);
    expect(stream.rowCount()).toBe(0);
  });

  it('asks for the current snapshot when it starts on a socket that is already connected', () => {
    const t = signedIn();
    TestBed.inject(SystemStatusService);
    TestBed.tick();
    t.socket().fire('connect');
    const stream = TestBed.inject(ScanStreamService);
    expect(t.socket().emitted.filter((e) => e.event === 'scan.resync').map((e) => e.args[0])).toEqual([{ lastSeq: null }]);
    t.socket().ack('scan.resync', { kind: 'snapshot', snapshot: { seq: 4, at: 't4', rows: [row('a')], funnel: null } });
    return flush().then(() => expect(stream.rowCount()).toBe(1));
  });
});
