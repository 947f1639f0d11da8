import { ManualClock } from '@ibsc/clock';
import { ContinuousScanService } from '@ibsc/scanner';
import { SCAN_ROOM, ScanSocketRelay } from './scan-socket.relay';

/** A Socket.IO server as far as the relay uses it: the default namespace's adapter rooms and peers, and room emits. */
function fakeServer() {
  const rooms = new Map<string, Set<string>>();
  const nodesMap = new Map<string, number>();
  const emitted: string[] = [];
  const server = { sockets: { adapter: { rooms, nodesMap } }, to: (room: string) => ({ emit: (event: string) => emitted.push(`${room} ${event}`) }) };
  return { server, rooms, nodesMap, emitted };
}

describe('ScanSocketRelay', () => {
  it('emits the scan events only while someone can hear them: a socket in the room here, or another replica', async () => {
    const scan = new ContinuousScanService(null, new ManualClock(Date.UTC(2026, 11, 7, 15)), { scoringThread: 'main' });
    const relay = new ScanSocketRelay(scan);
    const { server, rooms, nodesMap, emitted } = fakeServer();
    relay.attach(server as never);
    await scan.stop();
    expect(emitted).toEqual([]);
    rooms.set(SCAN_ROOM, new Set(['socket-1']));
    await scan.stop();
    expect(emitted).toEqual([`${SCAN_ROOM} scan.status`]);
    rooms.get(SCAN_ROOM)?.clear();
    nodesMap.set('replica-b', Date.now());
    await scan.stop();
    expect(emitted).toEqual([`${SCAN_ROOM} scan.status`, `${SCAN_ROOM} scan.status`]);
    relay.onModuleDestroy();
    await scan.dispose();
  });
});
