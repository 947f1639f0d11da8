import type { Clock, TimerHandle } from '../clock';
import type { ConnectivityState } from '../faults/connectivity-state';
import type { ContractDef, MarketModel } from '../market/market-types';
import { HistoricalPacing } from '../limits/historical-pacing';
import { IbError } from '../protocol/error-codes';
import type { OutField } from '../protocol/fields';
import { ServerMsg } from '../protocol/message-ids';
import type { SimSession } from '../server/handler-registry';
import type { SimLimits } from '../server/sim-limits';
import { DAY_SECONDS, nyDateTime } from './bar-request';
import { currentValue, dailyBars, intradayBars, type OutBar, type WhatToShow } from './bar-source';

export interface HistoricalQuery {
  reqId: number;
  contract: ContractDef;
  what: WhatToShow;
  barSeconds: number;
  durationSeconds: number;
  tradingDays: number;
  endMs: number;
  formatDate: number;
  keepUpToDate: boolean;
  identity: string;
}

interface OpenRequest {
  session: SimSession;
  q: HistoricalQuery;
  timer?: TimerHandle;
  live?: { barStart: number; open: number; high: number; low: number; close: number; volume: number };
}

/** Limit on bars in one answer; beyond it TWS says "Time length exceed max." */
const MAX_BARS = 10_000;

/**
 * reqHistoricalData's engine: pacing, the 50 open requests, an optional answer latency (so requests stay open),
 * keepUpToDate updates (historicalDataUpdate) driven by the model, cancellation.
 */
export class HistoricalService {
  private readonly pacing: HistoricalPacing;
  private readonly open = new Map<SimSession, Map<number, OpenRequest>>();
  private openCount = 0;
  private readonly unsubscribeModel: () => void;

  constructor(
    private readonly market: MarketModel,
    private readonly clock: Clock,
    private readonly limits: SimLimits,
    private readonly connectivity: ConnectivityState,
    private readonly latencyMs: number,
  ) {
    this.pacing = new HistoricalPacing(clock, limits);
    this.unsubscribeModel = market.onChange((ids) => this.onModelChange(ids));
  }

  openRequests(): number {
    return this.openCount;
  }

  request(session: SimSession, q: HistoricalQuery): void {
    const mine = this.sessionMap(session);
    if (mine.has(q.reqId)) {
      session.sendError(q.reqId, IbError.PROCESSING_ERROR.code, `${IbError.PROCESSING_ERROR.text}-'bX' : cause - Duplicate ticker id`);
      return;
    }
    if (this.openCount >= this.limits.historicalMaxOpen) {
      session.sendError(q.reqId, IbError.HISTORICAL_PACING.code, IbError.HISTORICAL_PACING.text);
      return;
    }
    const weight = q.what === 'BID_ASK' ? 2 : 1;
    const admitted = this.pacing.admit({
      contractKey: `${q.contract.conId}|SMART|${q.what}`,
      identityKey: q.identity,
      barSeconds: q.barSeconds,
      weight,
    });
    if (!admitted) {
      session.sendError(q.reqId, IbError.HISTORICAL_PACING.code, IbError.HISTORICAL_PACING.text);
      return;
    }
    const req: OpenRequest = { session, q };
    mine.set(q.reqId, req);
    this.openCount++;
    if (this.latencyMs > 0) req.timer = this.clock.setTimeout(() => this.answer(req), this.latencyMs);
    else this.answer(req);
  }

  cancel(session: SimSession, reqId: number): void {
    const req = this.open.get(session)?.get(reqId);
    if (!req) {
      session.sendError(reqId, IbError.HISTORICAL_NOT_FOUND.code, `${IbError.HISTORICAL_NOT_FOUND.text}${reqId}`);
      return;
    }
    const pending = req.timer !== undefined;
    this.close(req);
    if (pending) session.sendError(reqId, IbError.HISTORICAL_CANCELLED.code, `${IbError.HISTORICAL_CANCELLED.text}: ${reqId}`);
  }

  dropSession(session: SimSession): void {
    const mine = this.open.get(session);
    if (!mine) return;
    for (const req of [...mine.values()]) this.close(req);
    this.open.delete(session);
  }

  dropAll(): void {
    for (const s of [...this.open.keys()]) this.dropSession(s);
  }

  dispose(): void {
    this.unsubscribeModel();
    this.dropAll();
  }

  private sessionMap(session: SimSession): Map<number, OpenRequest> {
    let m = this.open.get(session);
    if (!m) this.open.set(session, (m = new Map()));
    return m;
  }

  private close(req: OpenRequest): void {
    if (req.timer) this.clock.clearTimeout(req.timer);
    req.timer = undefined;
    if (this.open.get(req.session)?.delete(req.q.reqId)) this.openCount--;
  }

  private answer(req: OpenRequest): void {
    req.timer = undefined;
    const { session, q } = req;
    if (!session.connected) return this.close(req);
    let bars: OutBar[];
    try {
      bars = this.bars(q);
    } catch {
      bars = [];
    }
    if (bars.length > MAX_BARS) {
      session.sendError(q.reqId, IbError.HISTORICAL_NO_DATA.code, `${IbError.HISTORICAL_PACING.text.split(':')[0]}:Time length exceed max.`);
      return this.close(req);
    }
    if (bars.length === 0) {
      session.sendError(q.reqId, IbError.HISTORICAL_NO_DATA.code, IbError.HISTORICAL_NO_DATA.text);
      return this.close(req);
    }
    const startMs = q.endMs - q.durationSeconds * 1000;
    const fields: OutField[] = [ServerMsg.HISTORICAL_DATA, q.reqId, nyDateTime(startMs), nyDateTime(q.endMs), bars.length];
    for (const b of bars) fields.push(b.date, b.open, b.high, b.low, b.close, b.volume, b.wap, b.count);
    session.send(fields);
    if (!q.keepUpToDate) return this.close(req);
    const last = bars[bars.length - 1];
    req.live = {
      barStart: Math.floor(this.clock.now() / 1000 / q.barSeconds) * q.barSeconds,
      open: last.open,
      high: last.high,
      low: last.low,
      close: last.close,
      volume: last.volume,
    };
  }

  private bars(q: HistoricalQuery): OutBar[] {
    if (q.barSeconds >= DAY_SECONDS) {
      const daily = dailyBars(this.market, q.contract, q.what, q.tradingDays, q.endMs, this.clock.now());
      return q.barSeconds === DAY_SECONDS ? daily : aggregate(daily, q.barSeconds === 7 * DAY_SECONDS ? 5 : 21);
    }
    const n = q.durationSeconds / q.barSeconds;
    if (n > MAX_BARS) return new Array<OutBar>(MAX_BARS + 1);
    return intradayBars(this.market, q.contract, q.what, q.barSeconds, q.durationSeconds, q.endMs, q.formatDate);
  }

  private onModelChange(conIds: number[]): void {
    if (this.openCount === 0 || !this.connectivity.ticksFlow) return;
    const ids = new Set(conIds);
    for (const mine of this.open.values()) {
      for (const req of mine.values()) {
        const c = req.q.contract;
        if (!req.live || !(ids.has(c.conId) || (c.secType === 'OPT' && ids.has(c.underConId)))) continue;
        this.sendUpdate(req);
      }
    }
  }

  private sendUpdate(req: OpenRequest): void {
    const live = req.live;
    if (!live) return;
    const { q, session } = req;
    const v = currentValue(this.market, q.contract, q.what);
    const barStart = Math.floor(this.clock.now() / 1000 / q.barSeconds) * q.barSeconds;
    if (barStart !== live.barStart) {
      Object.assign(live, { barStart, open: v, high: v, low: v, close: v, volume: 0 });
    } else {
      live.high = Math.max(live.high, v);
      live.low = Math.min(live.low, v);
      live.close = v;
    }
    const date = q.barSeconds >= DAY_SECONDS || q.formatDate === 2 ? String(barStart) : nyDateTime(barStart * 1000);
    const wap = (live.high + live.low + live.close) / 3;
    session.send([
      ServerMsg.HISTORICAL_DATA_UPDATE,
      q.reqId,
      1,
      date,
      live.open,
      live.close,
      live.high,
      live.low,
      Math.round(wap * 10000) / 10000,
      live.volume,
    ]);
  }
}

function aggregate(daily: OutBar[], per: number): OutBar[] {
  const out: OutBar[] = [];
  for (let i = 0; i < daily.length; i += per) {
    const chunk = daily.slice(i, i + per);
    const volume = chunk.reduce((a, b) => a + b.volume, 0);
    out.push({
      date: chunk[0].date,
      open: chunk[0].open,
      high: Math.max(...chunk.map((b) => b.high)),
      low: Math.min(...chunk.map((b) => b.low)),
      close: chunk[chunk.length - 1].close,
      volume,
      wap: chunk[chunk.length - 1].wap,
      count: chunk.reduce((a, b) => a + b.count, 0),
    });
  }
  return out;
}
