/**
 * Preview counts (POST /scan/preview-count, ADR 0012): how many spreads a request matches now, from the chains the
 * running scan holds where it has them, the others acquired once (their quotes cost lines and messages like a
 * scan's). One at a time, within a time and a contract budget, stopped when the caller goes away; publishes nothing.
 * Scored on the calling thread (rare and bounded; the chains it acquires are not the scoring worker's).
 */
import type { ScanFunnel } from '@ibsc/shared-dto';
import type { Clock } from '@ibsc/ibkr';
import type { OptionChain } from '../chain/option-chain';
import { acquireChain, type AcquireOptions } from '../scan/acquire-chain';
import type { ScanEngine } from '../scan/scan-engine';
import type { MarketSources } from '../sources/market-sources';
import type { ScanSettings } from './continuous-scan.service';
import type { HeldChain } from './held-scoring';
import { PREVIEW_DEFAULT_MAX_CONTRACTS, PREVIEW_DEFAULT_TIMEOUT_MS, PreviewBudgetError, PreviewBusyError, type PreviewBudget } from './preview-budget';
import type { ScannerMetrics } from './scanner.metrics';

export interface PreviewCountResult {
  matched: number;
  funnel: ScanFunnel;
  symbols: string[];
  acquired: string[];
}

export interface PreviewCountPorts {
  clock: Clock;
  metrics?: ScannerMetrics;
  /** Throws the scan's request error when the chains cannot serve `settings`. */
  check(settings: ScanSettings): Promise<void>;
  sources(): MarketSources;
  held(symbol: string): HeldChain | undefined;
  acquireOptions(settings: ScanSettings): AcquireOptions;
  engine(settings: ScanSettings): ScanEngine;
}

export class PreviewCounter {
  private counting = false;

  constructor(private readonly ports: PreviewCountPorts) {}

  /** A preview count is running (one at a time). */
  running(): boolean {
    return this.counting;
  }

  async count(settings: ScanSettings, budget: PreviewBudget = {}): Promise<PreviewCountResult> {
    const { clock, metrics } = this.ports;
    if (this.counting) {
      metrics?.previewEnded('busy');
      throw new PreviewBusyError();
    }
    this.counting = true;
    const abort = new AbortController();
    const timeoutMs = budget.timeoutMs ?? PREVIEW_DEFAULT_TIMEOUT_MS;
    let reason: PreviewBudgetError | null = null;
    const stop = (e: PreviewBudgetError) => {
      reason ??= e;
      abort.abort();
    };
    const timer = clock.setTimeout(() => stop(new PreviewBudgetError('time', `preview count went over its ${timeoutMs} ms budget: narrow the symbols or filters`)), timeoutMs);
    const onCallerGone = () => stop(new PreviewBudgetError('cancelled', 'preview count cancelled: the caller went away'));
    if (budget.signal?.aborted) onCallerGone();
    budget.signal?.addEventListener('abort', onCallerGone);
    let outcome = 'ok';
    try {
      return await this.countWithin(settings, abort.signal, budget.maxContracts ?? PREVIEW_DEFAULT_MAX_CONTRACTS, () => reason);
    } catch (e) {
      outcome = e instanceof PreviewBudgetError ? e.reason : 'error';
      throw e;
    } finally {
      clock.clearTimeout(timer);
      budget.signal?.removeEventListener('abort', onCallerGone);
      this.counting = false;
      metrics?.previewEnded(outcome);
    }
  }

  private async countWithin(settings: ScanSettings, signal: AbortSignal, maxContracts: number, stopped: () => PreviewBudgetError | null): Promise<PreviewCountResult> {
    await this.ports.check(settings);
    const sources = this.ports.sources();
    const acquired: string[] = [];
    const chains: OptionChain[] = [];
    let listed = 0;
    let quoted = 0;
    let spent = 0;
    for (const symbol of settings.symbols) {
      let held = this.ports.held(symbol);
      if (!held) {
        const a = await acquireChain(symbol, sources, {
          ...this.ports.acquireOptions(settings),
          signal,
          maxContracts: maxContracts - spent,
          overBudget: (n) => new PreviewBudgetError('contracts', `preview count would quote ${spent + n} contracts (budget ${maxContracts}) at ${symbol}: narrow the symbols, DTE or delta filters`),
        });
        const why = stopped();
        if (why) throw why;
        spent += a.prefilter.contracts.length;
        held = { chain: a.chain, listed: a.prefilter.listed, quoted: a.prefilter.contracts.length - a.missing.length };
        acquired.push(symbol);
      }
      chains.push(held.chain);
      listed += held.listed;
      quoted += held.quoted;
    }
    const why = stopped();
    if (why) throw why;
    const res = this.ports.engine(settings).run(chains, this.ports.clock.now(), { contractsListed: listed, contractsQuoted: quoted });
    return { matched: res.funnel.matched, funnel: res.funnel, symbols: settings.symbols, acquired };
  }
}
