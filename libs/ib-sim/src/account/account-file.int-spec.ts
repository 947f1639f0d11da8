/**
 * The simulated paper account survives a restart (issue 15, item 3): a BAG fill and an outside adjustment, the
 * simulator stopped and started again on the same account file, and a fresh IBApi client over TCP sees the same
 * positions, executions, cash and an order id above every one used.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventName, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import type { ManualClock } from '../clock';
import type { IbSimulator } from '../simulator';
import { connectTestClient, createTestMarket, startTestSimulator, waitUntil, type TestClient } from '../testing';
import { nearMoneyOption } from '../testing/contracts';
import { AccountFile } from './account-file';

describe('the paper account kept in a file across restarts', () => {
  const { clock, market } = createTestMarket(21);
  const dir = mkdtempSync(join(tmpdir(), 'ibsc-sim-account-'));
  const accountFile = join(dir, 'sim-account.json');
  const clients: TestClient[] = [];
  let sim: (IbSimulator & { clock: ManualClock }) | null = null;

  afterAll(async () => {
    for (const c of clients) await c.close();
    await sim?.stop();
    (market as { dispose?: () => void }).dispose?.();
  });

  async function positionsOf(c: TestClient): Promise<Array<[number, number]>> {
    const before = c.log.named(EventName.positionEnd).length;
    c.api.reqPositions();
    await waitUntil(() => c.log.named(EventName.positionEnd).length > before);
    const all = c.log.named(EventName.position).map((e) => [(e.args[1] as Contract).conId as number, e.args[2] as number] as [number, number]);
    c.api.cancelPositions();
    return all.filter(([, p]) => p !== 0);
  }

  it('restores positions, executions, cash and the order id floor; a corrupt file is refused naming it', async () => {
    sim = await startTestSimulator({ clock, market, accountFile, orderEngine: { fill: { midFillProbability: 0, partialFillProbability: 0 } } });
    const c = await connectTestClient(sim.port, { clientId: 5 });
    clients.push(c);
    const o = nearMoneyOption(sim.market, 'SPY', 'C');
    const calls = sim.market.findContracts({ secType: 'OPT', symbol: 'SPY', right: 'C', expiry: o.expiry }) as Array<{ conId: number; strike: number }>;
    const hiConId = calls.filter((x) => x.strike > o.strike).sort((a, b) => a.strike - b.strike)[4].conId;
    const bag: Contract = {
      symbol: 'SPY',
      secType: SecType.BAG,
      exchange: 'SMART',
      currency: 'USD',
      comboLegs: [
        { conId: o.conId, ratio: 1, action: OrderAction.BUY, exchange: 'SMART' },
        { conId: hiConId, ratio: 1, action: OrderAction.SELL, exchange: 'SMART' },
      ],
    };
    const id = c.nextValidId;
    c.api.placeOrder(id, bag, { action: OrderAction.BUY, totalQuantity: 2, orderType: OrderType.LMT, lmtPrice: 50, tif: 'DAY', transmit: true });
    for (let i = 0; i < 200 && (sim.orders?.executions().length ?? 0) < 3; i++) {
      clock.advance(100);
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(sim.orders?.executions()).toHaveLength(3);
    const foreign = sim.market.findContracts({ secType: 'OPT', symbol: 'QQQ' })[0].conId;
    expect(sim.orders?.adjustPosition(foreign, -3)).toBe(true);
    const cash = sim.orders!.accountValues()['TotalCashValue'];
    const execIds = sim.orders!.executions().map((x) => x.execId);
    await c.close();
    clients.length = 0;
    await sim.stop();
    sim = null;

    // a new process, the same data folder
    sim = await startTestSimulator({ clock, market, accountFile });
    const d = await connectTestClient(sim.port, { clientId: 5 });
    clients.push(d);
    expect(new Map(await positionsOf(d))).toEqual(new Map([[o.conId, 2], [hiConId, -2], [foreign, -3]]));
    expect(sim.orders!.executions().map((x) => x.execId)).toEqual(execIds);
    expect(sim.orders!.accountValues()['TotalCashValue']).toBeCloseTo(cash, 6);
    expect(d.nextValidId).toBeGreaterThan(id);
    // executions are served to reqExecutions as before the restart
    d.api.reqExecutions(7, {});
    await waitUntil(() => d.log.named(EventName.execDetailsEnd).length > 0);
    expect(d.log.named(EventName.execDetails).map((e) => (e.args[2] as { execId: string }).execId).sort()).toEqual([...execIds].sort());
    await d.close();
    clients.length = 0;
    await sim.stop();
    sim = null;

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"version": 2}');
    await expect(startTestSimulator({ clock, market, accountFile: bad })).rejects.toThrow(bad);
    expect(new AccountFile(join(dir, 'none.json')).read()).toBeNull();
  });
});
