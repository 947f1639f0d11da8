/**
 * The paper account kept across restarts (issue 15, item 3): cash, positions, executions and the id counters, as
 * one JSON file (e.g. `<DATA_DIR>/sim-account.json` under `npm start`), written atomically (temp file + rename)
 * after every change. Working orders are not kept: after a restart the gateway holds none, as after a TWS reset;
 * the API's reconciliation finds them absent and its position reconciliation compares against these positions.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExecutionRecord } from '../orders/order-types';
import type { PositionEntry } from './portfolio';

export interface AccountSnapshot {
  version: 1;
  accountId: string;
  cash: number;
  positions: PositionEntry[];
  executions: ExecutionRecord[];
  /** Highest order id used per client id (nextValidId stays above them). */
  highestOrderIds: Array<[number, number]>;
  nextPermId: number;
  execSeq: number;
}

export class AccountFile {
  constructor(readonly path: string) {}

  /** The saved account, or null when there is none. Throws (naming the file) when it is not a valid snapshot. */
  read(): AccountSnapshot | null {
    if (!existsSync(this.path)) return null;
    let s: Partial<AccountSnapshot>;
    try {
      s = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<AccountSnapshot>;
    } catch (e) {
      throw new Error(`simulated account file ${this.path} is not valid JSON (${(e as Error).message}); move it away to start with a fresh account`);
    }
    const ok =
      s.version === 1 &&
      typeof s.accountId === 'string' &&
      Number.isFinite(s.cash) &&
      Array.isArray(s.positions) &&
      s.positions.every((p) => Number.isInteger(p?.conId) && Number.isFinite(p?.position) && Number.isFinite(p?.avgCost) && Number.isFinite(p?.multiplier)) &&
      Array.isArray(s.executions) &&
      Array.isArray(s.highestOrderIds) &&
      Number.isInteger(s.nextPermId) &&
      Number.isInteger(s.execSeq);
    if (!ok) throw new Error(`simulated account file ${this.path} is not a version-1 account snapshot; move it away to start with a fresh account`);
    return s as AccountSnapshot;
  }

  write(s: AccountSnapshot): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify(s));
    renameSync(tmp, this.path);
  }
}
