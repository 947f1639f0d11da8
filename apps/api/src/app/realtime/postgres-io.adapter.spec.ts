import { encodeRow, ScanRow } from '@ibsc/scanner';
import { publishOnlyToPeers } from './postgres-io.adapter';
import { handRows } from '@ibsc/scanner/testing';

interface Message {
  type: number;
  data?: unknown;
}

/** A stand-in with the members of socket.io-adapter's cluster adapter that the wrapper uses (publishing goes through doPublish, as there). */
function fakeAdapter() {
  const sent: Message[] = [];
  const responses: unknown[] = [];
  const a = {
    sent,
    responses,
    nodesMap: new Map<string, number>(),
    publishAndReturnOffset: (m: Message): Promise<string> => a.doPublish(m),
    doPublish: (m: Message) => (sent.push(m), Promise.resolve('offset')),
    doPublishResponse: (_uid: string, r: unknown) => (responses.push(r), Promise.resolve()),
  };
  return a;
}

function wrap() {
  const seen = new Set<never>();
  const a = fakeAdapter();
  const Adapter = publishOnlyToPeers(() => a, seen as Set<never>) as unknown as new (nsp: string) => ReturnType<typeof fakeAdapter>;
  return { a, wrapped: new Adapter('/'), seen }; // as Socket.IO makes a namespace's adapter
}

describe('Socket.IO across replicas: publish only while another replica listens', () => {
  it('keeps broadcasts local while no peer is known, always sends heartbeats, and publishes once a peer is heard', async () => {
    const { a, wrapped, seen } = wrap();
    expect(seen.size).toBe(1);
    await wrapped.publishAndReturnOffset({ type: 1 }); // INITIAL_HEARTBEAT
    await wrapped.publishAndReturnOffset({ type: 2 }); // HEARTBEAT
    expect(await wrapped.publishAndReturnOffset({ type: 3 })).toBe(''); // BROADCAST, nobody listening
    await wrapped.publishAndReturnOffset({ type: 9 }); // SERVER_SIDE_EMIT
    expect(a.sent.map((m) => m.type)).toEqual([1, 2]);
    a.nodesMap.set('other-replica', Date.now());
    expect(await wrapped.publishAndReturnOffset({ type: 3 })).toBe('offset');
    expect(a.sent.map((m) => m.type)).toEqual([1, 2, 3]);
  });

  it('sends the scan rows of a broadcast or a response to the peers as plain rows (their encoders see only plain fields)', async () => {
    const { a, wrapped } = wrap();
    a.nodesMap.set('other-replica', Date.now());
    const plain = handRows()[0];
    const delta = { seq: 3, added: [new ScanRow(encodeRow(plain))], updated: [], removed: ['x'] };
    await wrapped.publishAndReturnOffset({ type: 3, data: { packet: { type: 2, data: ['scan.delta', delta] } } });
    const sent = a.sent[0] as { data: { packet: { data: [string, { added: unknown[] }] } } };
    const row = sent.data.packet.data[1].added[0];
    expect(row).not.toBeInstanceOf(ScanRow);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row).toEqual(plain);
    expect(structuredClone(sent)).toEqual(JSON.parse(JSON.stringify(sent))); // what MessagePack or JSON would carry
    await wrapped.doPublishResponse('peer', { type: 10, data: [{ rows: [new ScanRow(encodeRow(plain))] }] });
    expect((a.responses[0] as { data: Array<{ rows: unknown[] }> }).data[0].rows[0]).toEqual(plain);
  });
});
