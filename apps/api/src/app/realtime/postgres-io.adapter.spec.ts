import { publishOnlyToPeers } from './postgres-io.adapter';

/** A stand-in with the two members of socket.io-adapter's cluster adapter that the wrapper uses. */
function fakeAdapter() {
  const sent: number[] = [];
  return { sent, nodesMap: new Map<string, number>(), publishAndReturnOffset: (m: { type: number }) => (sent.push(m.type), Promise.resolve('offset')) };
}

describe('Socket.IO across replicas: publish only while another replica listens', () => {
  it('keeps broadcasts local while no peer is known, always sends heartbeats, and publishes once a peer is heard', async () => {
    const seen = new Set<never>();
    const a = fakeAdapter();
    const Adapter = publishOnlyToPeers(() => a, seen as Set<never>) as unknown as new (nsp: string) => ReturnType<typeof fakeAdapter>;
    const wrapped = new Adapter('/'); // as Socket.IO makes a namespace's adapter
    expect(seen.size).toBe(1);
    await wrapped.publishAndReturnOffset({ type: 1 }); // INITIAL_HEARTBEAT
    await wrapped.publishAndReturnOffset({ type: 2 }); // HEARTBEAT
    expect(await wrapped.publishAndReturnOffset({ type: 3 })).toBe(''); // BROADCAST, nobody listening
    await wrapped.publishAndReturnOffset({ type: 9 }); // SERVER_SIDE_EMIT
    expect(a.sent).toEqual([1, 2]);
    a.nodesMap.set('other-replica', Date.now());
    expect(await wrapped.publishAndReturnOffset({ type: 3 })).toBe('offset');
    expect(a.sent).toEqual([1, 2, 3]);
  });
});
