/**
 * reqPositions and reqAccountSummary subscriptions. Positions stream on every change, as IB does; account summary
 * values go out once on request (then accountSummaryEnd), then every `intervalMs` (IB: 3 minutes) for the tags
 * whose value changed. Subscriptions die with their session.
 */
import type { MarketModel } from '../market/market-types';
import type { SimSession } from '../server/handler-registry';
import {
  accountSummaryEndMessage,
  accountSummaryMessage,
  positionEndMessage,
  positionMessage,
} from './account-messages';
import { ALL_SUMMARY_TAGS, summaryValue, type AccountValues } from './account-values';
import type { Portfolio } from './portfolio';

interface SummarySub {
  session: SimSession;
  reqId: number;
  tags: string[];
  last: Map<string, string>;
}

export class AccountReporter {
  private readonly positionSubs = new Set<SimSession>();
  private readonly summarySubs: SummarySub[] = [];

  constructor(
    private readonly accountId: string,
    private readonly market: MarketModel,
    private readonly portfolio: () => Portfolio,
    private readonly values: () => AccountValues,
    private readonly maxSummarySubs: number,
  ) {}

  reqPositions(s: SimSession): void {
    for (const e of this.portfolio().all()) {
      const def = this.market.contract(e.conId);
      if (def) s.send(positionMessage(this.accountId, def, e.position, e.avgCost));
    }
    s.send(positionEndMessage());
    this.positionSubs.add(s);
  }

  cancelPositions(s: SimSession): void {
    this.positionSubs.delete(s);
  }

  /** Pushes the new position of these conIds to every reqPositions subscriber. */
  positionsChanged(conIds: number[]): void {
    for (const s of [...this.positionSubs]) {
      if (!s.connected) {
        this.positionSubs.delete(s);
        continue;
      }
      for (const conId of conIds) {
        const e = this.portfolio().get(conId);
        const def = this.market.contract(conId);
        if (e && def) s.send(positionMessage(this.accountId, def, e.position, e.avgCost));
      }
    }
  }

  reqAccountSummary(s: SimSession, reqId: number, tags: string[]): void {
    this.prune();
    const active = this.summarySubs.filter((x) => x.session === s);
    if (active.length >= this.maxSummarySubs && !active.some((x) => x.reqId === reqId)) {
      s.sendError(reqId, 322, `Error processing request.-'bW' : cause - Maximum number of account summary requests exceeded`);
      return;
    }
    this.cancelAccountSummary(s, reqId);
    const wanted = tags.includes('All') ? [...ALL_SUMMARY_TAGS] : tags;
    const sub: SummarySub = { session: s, reqId, tags: wanted, last: new Map() };
    this.sendSummary(sub, false);
    s.send(accountSummaryEndMessage(reqId));
    this.summarySubs.push(sub);
  }

  cancelAccountSummary(s: SimSession, reqId: number): void {
    const i = this.summarySubs.findIndex((x) => x.session === s && x.reqId === reqId);
    if (i >= 0) this.summarySubs.splice(i, 1);
  }

  /** Periodic update: changed values only. */
  refreshSummaries(): void {
    this.prune();
    if (this.summarySubs.length === 0) return;
    for (const sub of this.summarySubs) this.sendSummary(sub, true);
  }

  private sendSummary(sub: SummarySub, changedOnly: boolean): void {
    const v = this.values();
    for (const tag of sub.tags) {
      const sv = summaryValue(tag, v);
      if (!sv) continue;
      if (changedOnly && sub.last.get(tag) === sv.value) continue;
      sub.last.set(tag, sv.value);
      sub.session.send(accountSummaryMessage(sub.reqId, this.accountId, tag, sv.value, sv.currency));
    }
  }

  private prune(): void {
    for (let i = this.summarySubs.length - 1; i >= 0; i--) {
      if (!this.summarySubs[i].session.connected) this.summarySubs.splice(i, 1);
    }
  }
}
