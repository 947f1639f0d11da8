/**
 * The fresh lane (issue 17, ADR 0024): keeps the quotes of the rows a trader looks at young between acquisition
 * cycles. The fresh set is the legs of the rows clients named (`scan.visible`) first, then of the top `topRows` rows
 * as ranked. Every `intervalMs` of the injected clock, each leg's held quote is brought up to date:
 * - from a streaming line when one is active: the lane's own held lines (pinned, the first legs of the fresh set
 *   within `holdLines` and a share of the free lines) and the visible-row streams (`streamingKeys`). Reading a line
 *   costs no message; only a quote that moved since the last one counts as a refresh;
 * - otherwise by a short rotation stream, oldest quote first: subscribe, take the first bid/ask (and the model
 *   greeks if they come within `dwellMs`), cancel. 2 messages, a line held for a few hundred ms.
 * Messages (2 per held line or rotation) come from a token bucket of `messageShare` × `messagesPerSecond`, and none
 * is sent while the coordinator's queue holds `maxQueued` or more (tier 0 of its backpressure ends at 25) or it
 * pauses: the acquisition's own pacing (obeyBackpressure) gives way, and the total stays the coordinator's.
 * Quotes carry the time of their last tick (never an estimate); the open interest and greeks a refresh lacks are
 * the held quote's (fresh-overlay.ts).
 */
import type { LineSubscription } from '@ibsc/ibkr';
import type { ScanFreshLaneCounts, SpreadRow } from '@ibsc/shared-dto';
import { contractKey, type OptionContract, type OptionQuote } from '../chain/option-chain';
import { ibContract } from '../ibkr/ibkr-quote-source';
import type { IbkrPorts } from '../ibkr/ibkr-ports';
import { quoteHasPrices, toOptionQuote } from '../ibkr/quote-convert';
import { legsOf, priorityRows } from '../service/visible-rows';

/** Rows of the table kept fresh besides those a client names. */
export const FRESH_TOP_ROWS = 100;

export interface FreshLeg {
  contract: OptionContract;
  /** The held quote's time as far as the caller knows it (a row's quoteTime: its older leg), null if unknown. */
  quoteTime: number | null;
  /** A leg of the boundary margin (rows just below the top N): rotated only after the core's stale legs. */
  margin?: boolean;
}

/** Rows just below the top N kept fresh too, by default: ranks shuffle as quotes move, and an entrant must be young. */
export const FRESH_MARGIN_ROWS = 50;

export interface FreshRowsOptions {
  /** Timer period. Default 250 ms. */
  intervalMs?: number;
  /**
   * The fresh quotes go to the scan at most this often (each hand-over re-scores the symbols changed: every symbol
   * with a held line, so more often would spend a core on rescoring). Default 1 s.
   */
  handOverMs?: number;
  /** The coordinator's pace (REQUEST_RATE). Default 45. */
  messagesPerSecond?: number;
  /** Share of that pace the lane may use. Default 0.4. */
  messageShare?: number;
  /** Cap on the lane's held streaming lines. Default 56. */
  holdLines?: number;
  /** Share of the free lines (max − reserve − others' pinned) the held lines may take. Default 0.7. */
  lineShare?: number;
  /** Lines left alone. Default 10. */
  reserveLines?: number;
  /** Rotation lines at once at most. Default 12. */
  rotationLines?: number;
  /** After the first bid/ask of a rotation, how long to wait for the model greeks. Default 300 ms. */
  dwellMs?: number;
  /** No bid/ask within this: the rotation gives up (the leg counts as missed). Default 2 s. */
  timeoutMs?: number;
  /** No message while the coordinator's queue holds this many. Default 25 (its tier 0). */
  maxQueued?: number;
  /** An unchanged streaming line's quote is re-taken (as of now) this long after the last take. Default 1 s. */
  streamRefreshMs?: number;
  /** Rows of the top of the table in the fresh set besides those a client names. Default FRESH_TOP_ROWS (100). */
  topRows?: number;
  /** Rows below the top N in the fresh set's margin. Default FRESH_MARGIN_ROWS (50). */
  marginRows?: number;
  /** A core leg's quote older than this is rotated ahead of the margin. Default 3 s. */
  coreAgeMs?: number;
  /** Keys (contractKey) of legs on other active streaming lines without generic ticks (the visible-row streams). */
  streamingKeys?: () => Iterable<string>;
}

/** The lane's counts: the status's wire type (`status.freshLane`), one definition. */
export type FreshLaneStats = ScanFreshLaneCounts;

/** What one tick hands the scan: fresh quotes by symbol, then contract key. */
export type FreshQuotes = Map<string, Map<string, OptionQuote>>;

interface Held {
  contract: OptionContract;
  sub: LineSubscription;
}

export type FreshLanePorts = Pick<IbkrPorts, 'coordinator' | 'clock'> & { lines: Pick<IbkrPorts['lines'], 'subscribe' | 'usage'> };

export class FreshRows {
  private wanted: FreshLeg[] = [];
  /** Time of the newest quote known per key (the scan's or the lane's). */
  private readonly at = new Map<string, number>();
  /** The lane's latest quote per key of the fresh set (overlaid on chains the acquisition replaces). */
  private readonly latest = new Map<string, OptionQuote>();
  private readonly held = new Map<string, Held>();
  private readonly rotating = new Set<string>();
  private pending: Array<{ contract: OptionContract; quote: OptionQuote; source: 'stream' | 'rotation' }> = [];
  private tokens = 0;
  private refilledAt = 0;
  private handedAt = -Infinity;
  private timer: ReturnType<IbkrPorts['clock']['setInterval']> | null = null;
  private sink: ((quotes: FreshQuotes) => void) | null = null;
  private readonly counts: FreshLaneStats = { legs: 0, held: 0, rotating: 0, refreshed: 0, fromStreams: 0, fromRotation: 0, missed: 0, messages: 0, backoffs: 0 };

  constructor(
    private readonly ports: FreshLanePorts,
    private readonly options: FreshRowsOptions = {},
  ) {}

  /** Starts the timer; `sink` receives each tick's fresh quotes (nothing when none moved). */
  start(sink: (quotes: FreshQuotes) => void): void {
    this.stop();
    this.sink = sink;
    this.refilledAt = this.ports.clock.now();
    this.tokens = this.rate();
    this.handedAt = -Infinity;
    this.timer = this.ports.clock.setInterval(() => this.tick(), this.options.intervalMs ?? 250);
  }

  /** Stops the timer and releases the held lines (rotations in flight end on their own, their quotes dropped). */
  stop(): void {
    if (this.timer) this.ports.clock.clearInterval(this.timer);
    this.timer = null;
    this.sink = null;
    for (const h of this.held.values()) h.sub.release();
    this.held.clear();
    this.wanted = [];
    this.latest.clear();
    this.pending = [];
  }

  /** The fresh set, most important first (duplicates ignored). */
  setWanted(legs: readonly FreshLeg[]): void {
    const seen = new Set<string>();
    this.wanted = [];
    for (const l of legs) {
      const k = contractKey(l.contract);
      if (seen.has(k)) continue;
      seen.add(k);
      this.wanted.push(l);
      if (l.quoteTime !== null && l.quoteTime > (this.at.get(k) ?? -Infinity)) this.at.set(k, l.quoteTime);
    }
    for (const k of this.latest.keys()) if (!seen.has(k)) this.latest.delete(k);
    for (const k of this.at.keys()) if (!seen.has(k) && !this.rotating.has(k)) this.at.delete(k);
  }

  /** The fresh set of a table: the named rows' legs, then the top `topRows` rows' (freshLegs). */
  setRows(rows: readonly SpreadRow[], named: readonly string[]): void {
    const top = this.options.topRows ?? FRESH_TOP_ROWS;
    const margin = rows.slice(top, top + (this.options.marginRows ?? FRESH_MARGIN_ROWS)).flatMap((r) => legsOf(r).map((contract) => ({ contract, quoteTime: r.quoteTime ?? null, margin: true })));
    this.setWanted([...freshLegs(rows, named, top), ...margin]);
  }

  /** The lane's latest quotes of `symbol`'s legs (to overlay on a chain the acquisition just replaced). */
  quotesOf(symbol: string): Map<string, OptionQuote> {
    const out = new Map<string, OptionQuote>();
    for (const [k, q] of this.latest) if (k.startsWith(`${symbol}|`)) out.set(k, q);
    return out;
  }

  stats(): FreshLaneStats {
    return { ...this.counts, legs: this.wanted.length, held: this.held.size, rotating: this.rotating.size };
  }

  /** One round (the timer's; public for tests on a manual clock). */
  tick(): void {
    this.refill();
    const others = new Set(this.options.streamingKeys?.() ?? []);
    this.readStreams(others);
    const open = this.accepting();
    if (!open) this.counts.backoffs++;
    else {
      this.syncHeld(others);
      this.rotate(others);
    }
    this.flush();
  }

  // ------------------------------------------------------------------ parts of a tick

  private rate(): number {
    return (this.options.messagesPerSecond ?? 45) * (this.options.messageShare ?? 0.4);
  }

  private refill(): void {
    const now = this.ports.clock.now();
    this.tokens = Math.min(this.rate(), this.tokens + ((now - this.refilledAt) / 1000) * this.rate());
    this.refilledAt = now;
  }

  private spend(n: number): boolean {
    if (this.tokens < n) return false;
    this.tokens -= n;
    this.counts.messages += n;
    return true;
  }

  private accepting(): boolean {
    const bp = this.ports.coordinator.backpressure();
    return !bp.paused && bp.tier === 0 && bp.queueDepth < (this.options.maxQueued ?? 25);
  }

  /** Quotes that moved on the lane's held lines and on the others' streams (no message). */
  private readStreams(others: ReadonlySet<string>): void {
    for (const leg of this.wanted) {
      const k = contractKey(leg.contract);
      const own = this.held.get(k);
      if (own) {
        const s = own.sub.status();
        if (s === 'failed' || s === 'evicted') {
          own.sub.release();
          this.held.delete(k);
          continue;
        }
        if (s === 'active') this.take(leg.contract, own.sub, 'stream');
      } else if (others.has(k)) {
        // Joining an active line costs nothing; releasing it leaves the line to its holder.
        const sub = this.ports.lines.subscribe(ibContract(leg.contract), {});
        if (sub.status() === 'active') this.take(leg.contract, sub, 'stream');
        sub.release();
      }
    }
  }

  /**
   * A line's quote, if it says something new. A rotation's is as of its last tick. An active streaming line's is as
   * of now (the gateway sends every change on a live line: no tick means unchanged), taken when it ticked since the
   * last take or `streamRefreshMs` after it.
   */
  private take(contract: OptionContract, sub: LineSubscription, source: 'stream' | 'rotation'): boolean {
    const q = sub.quote();
    if (!quoteHasPrices(q) || q.updatedAt === null) return false;
    const k = contractKey(contract);
    const known = this.at.get(k) ?? -Infinity;
    const now = this.ports.clock.now();
    const time = source === 'stream' ? now : q.updatedAt;
    if (q.updatedAt <= known && (source === 'rotation' || now - known < (this.options.streamRefreshMs ?? 1_000))) return false;
    this.at.set(k, time);
    this.pending.push({ contract, quote: { ...toOptionQuote(q, null, time), quoteTime: time }, source });
    return true;
  }

  /** Held lines for the first legs of the fresh set, within the line budget; released when they leave the set. */
  private syncHeld(others: ReadonlySet<string>): void {
    const rank = new Map(this.wanted.map((l, i) => [contractKey(l.contract), i]));
    for (const [k, h] of this.held) {
      // an order's leg may take a held line (it yields to orders): drop it, and hold it again when lines allow
      if (rank.has(k) && !others.has(k) && h.sub.status() !== 'evicted' && h.sub.status() !== 'failed') continue;
      h.sub.release();
      this.held.delete(k);
    }
    const budget = this.holdBudget();
    if (this.held.size > budget) {
      const worst = [...this.held.keys()].sort((a, b) => (rank.get(b) as number) - (rank.get(a) as number));
      for (const k of worst.slice(0, this.held.size - budget)) {
        this.held.get(k)?.sub.release();
        this.held.delete(k);
      }
    }
    for (const leg of this.wanted) {
      if (this.held.size >= budget) return;
      const k = contractKey(leg.contract);
      if (this.held.has(k) || others.has(k) || this.rotating.has(k)) continue;
      if (!this.spend(2)) return;
      // Orders first (ADR 0012): the pin holds the line against the scan's rotation, not against an order's leg.
      this.held.set(k, { contract: leg.contract, sub: this.ports.lines.subscribe(ibContract(leg.contract), {}, { pinned: true, yieldsToOrders: true }) });
    }
  }

  private holdBudget(): number {
    const cap = this.options.holdLines ?? 56;
    if (cap <= 0) return 0;
    const u = this.ports.lines.usage();
    // lines others pin, and the lines held for orders' legs, are not ours to share
    const others = Math.max(0, u.pinned - this.held.size) + u.priority;
    const free = u.max - (this.options.reserveLines ?? 10) - others;
    return Math.max(0, Math.min(cap, Math.floor(free * (this.options.lineShare ?? 0.7))));
  }

  /**
   * Short streams for the legs no line serves: the core legs (named and top rows) older than `coreAgeMs` first, then
   * every other, oldest quote first (then in the fresh set's order).
   */
  private rotate(others: ReadonlySet<string>): void {
    const max = this.options.rotationLines ?? 12;
    if (this.rotating.size >= max || this.tokens < 2) return;
    const now = this.ports.clock.now();
    const candidates = this.wanted
      .map((l, i) => ({ l, i, k: contractKey(l.contract) }))
      .filter((c) => !this.held.has(c.k) && !others.has(c.k) && !this.rotating.has(c.k))
      .map((c) => ({ ...c, at: this.at.get(c.k) ?? -Infinity }))
      .map((c) => ({ ...c, tier: !c.l.margin && now - c.at > (this.options.coreAgeMs ?? 3_000) ? 0 : 1 }))
      .sort((a, b) => a.tier - b.tier || a.at - b.at || a.i - b.i);
    for (const c of candidates) {
      if (this.rotating.size >= max || !this.spend(2)) return;
      this.rotateOne(c.l.contract, c.k);
    }
  }

  private rotateOne(contract: OptionContract, k: string): void {
    const clock = this.ports.clock;
    this.rotating.add(k);
    let done = false;
    let dwell: ReturnType<typeof clock.setTimeout> | null = null;
    let sub: LineSubscription | null = null;
    let early: 'quote' | 'miss' | null = null;
    const finish = (how: 'quote' | 'miss'): void => {
      if (done) return;
      if (!sub) {
        early = how;
        return;
      }
      done = true;
      clock.clearTimeout(timeout);
      if (dwell) clock.clearTimeout(dwell);
      this.rotating.delete(k);
      const stale = !this.sink || !this.wanted.some((l) => contractKey(l.contract) === k);
      const got = how === 'quote' && !stale && this.take(contract, sub, 'rotation');
      sub.release();
      if (!got) {
        if (!stale) this.counts.missed++;
        // Tried now: the leg goes to the back of the rotation whatever the answer.
        this.at.set(k, Math.max(this.at.get(k) ?? -Infinity, clock.now()));
      }
    };
    const timeout = clock.setTimeout(() => finish('miss'), this.options.timeoutMs ?? 2_000);
    sub = this.ports.lines.subscribe(ibContract(contract), {
      onTick: (_tick, q) => {
        if (q.bid === undefined || q.ask === undefined) return;
        if (q.model?.delta !== undefined) finish('quote');
        else dwell ??= clock.setTimeout(() => finish('quote'), this.options.dwellMs ?? 300);
      },
      onStatus: (s) => {
        if (s === 'failed' || s === 'evicted') finish('miss');
      },
    });
    if (early) finish(early);
  }

  private flush(): void {
    if (this.pending.length === 0 || !this.sink) return;
    const now = this.ports.clock.now();
    if (now - this.handedAt < (this.options.handOverMs ?? 1_000)) return;
    this.handedAt = now;
    const out: FreshQuotes = new Map();
    for (const p of this.pending) {
      const k = contractKey(p.contract);
      this.latest.set(k, p.quote);
      let m = out.get(p.contract.symbol);
      if (!m) out.set(p.contract.symbol, (m = new Map()));
      m.set(k, p.quote);
      this.counts.refreshed++;
      if (p.source === 'stream') this.counts.fromStreams++;
      else this.counts.fromRotation++;
    }
    this.pending = [];
    this.sink(out);
  }
}

/** The fresh set of a table: the legs of the named rows (in the order given), then of the top `top` rows as ranked. */
export function freshLegs(rows: readonly SpreadRow[], named: readonly string[], top = FRESH_TOP_ROWS): FreshLeg[] {
  return priorityRows(rows, named, top).flatMap((r) => legsOf(r).map((contract) => ({ contract, quoteTime: r.quoteTime ?? null })));
}
