import { QueueRoom } from './queue-room';

const turn = () => new Promise((r) => setImmediate(r));

describe('QueueRoom', () => {
  it('one place wakes one waiter, however often the queue reports the same depth in a turn; the place returns after the turn if unused', async () => {
    let depth = 20;
    const room = new QueueRoom(() => depth);
    const woken: number[] = [];
    for (const i of [0, 1, 2]) void room.wait(20).then(() => woken.push(i));
    depth = 19;
    room.wake(depth);
    room.wake(depth); // several answers read at once: the same free place
    await Promise.resolve();
    expect(woken).toEqual([0]);
    expect(room.waiting).toBe(2);
    await turn(); // waiter 0 submitted nothing: its place goes to the next
    expect(woken).toEqual([0, 1]);
    room.queued(); // waiter 1's request arrives: the queue is full again
    depth = 20;
    await turn();
    expect(woken).toEqual([0, 1]);
    room.wake(depth);
    await turn();
    expect(woken).toEqual([0, 1]);
    room.close();
    await turn();
    expect(woken).toEqual([0, 1, 2]);
    await expect(room.wait(0)).resolves.toBeUndefined(); // closed: at once
  });
});
