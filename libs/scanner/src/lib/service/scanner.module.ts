/**
 * The scanner as a Nest module: the ibkr-backed sources on the connection layer's runtime (when the app has one),
 * the continuous scan service and its metrics. Without a connection layer (an API started with gateway `none`)
 * the service exists but has no sources: status works, start answers "unavailable".
 */
import { DynamicModule, Inject, Injectable, Module, ModuleMetadata, OnModuleDestroy, OptionalFactoryDependency, InjectionToken } from '@nestjs/common';
import { IBKR_RUNTIME, SystemClock, type IbkrRuntime } from '@ibsc/ibkr';
import { register, type Registry } from 'prom-client';
import type { CrossedQuotePolicy } from '../chain/prepared-chain';
import type { EarningsCalendar } from '../ibkr/earnings-calendar';
import { createIbkrMarketSources } from '../ibkr/ibkr-market-sources';
import { DEFAULT_QUOTE_MODE, type IbkrQuoteSourceOptions } from '../ibkr/ibkr-quote-source';
import { VisibleLegStreams } from '../acquisition/visible-legs';
import { FreshRows, type FreshRowsOptions } from '../acquisition/fresh-rows';
import { ContinuousScanService } from './continuous-scan.service';
import { ScannerMetrics } from './scanner.metrics';
import type { ScoringThread } from '../worker/scoring-backend';

export interface ScannerModuleConfig {
  quotes?: IbkrQuoteSourceOptions;
  earnings?: EarningsCalendar;
  dividendYields?: Readonly<Record<string, number>>;
  /** Risk-free rate. Default DEFAULT_RISK_FREE_RATE (0.045). */
  rate?: number;
  /** Crossed legs: 'exclude' (default) or 'penalize'. */
  crossedQuotes?: CrossedQuotePolicy;
  cyclePauseMs?: number;
  staleAfterMs?: number;
  /** Pruned acquisition (ADR 0017): default on; the margin in score points (default DEFAULT_PRUNE_MARGIN). */
  prune?: boolean;
  /** Streaming lines for the legs of the rows a trader sees, yielding to orders' legs (ADR 0017). Default true. */
  visibleStreams?: boolean;
  pruneMargin?: number;
  /**
   * The fresh lane (ADR 0024): the named and top rows' leg quotes refreshed between cycles. Default on (true or its
   * options); false turns it off.
   */
  freshLane?: boolean | Omit<FreshRowsOptions, 'streamingKeys'>;
  /** Where the scoring runs (ADR 0025): 'worker' (default) or 'main'. */
  scoringThread?: ScoringThread;
  /** Default: prom-client's global registry (served at /metrics). */
  registry?: Registry;
}

export interface ScannerModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => ScannerModuleConfig | Promise<ScannerModuleConfig>;
}

export const SCANNER_CONFIG = Symbol('SCANNER_CONFIG');
export const SCANNER_METRICS = Symbol('SCANNER_METRICS');

@Injectable()
class ScannerLifecycle implements OnModuleDestroy {
  constructor(
    private readonly scan: ContinuousScanService,
    @Inject(SCANNER_METRICS) private readonly metrics: ScannerMetrics,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.scan.dispose();
    this.metrics.dispose();
  }
}

@Module({})
export class ScannerModule {
  static forRootAsync(opts: ScannerModuleAsyncOptions): DynamicModule {
    return {
      module: ScannerModule,
      imports: opts.imports ?? [],
      providers: [
        { provide: SCANNER_CONFIG, inject: opts.inject ?? [], useFactory: opts.useFactory },
        { provide: SCANNER_METRICS, inject: [SCANNER_CONFIG], useFactory: (c: ScannerModuleConfig) => new ScannerMetrics(c.registry ?? register) },
        {
          provide: ContinuousScanService,
          inject: [SCANNER_CONFIG, SCANNER_METRICS, { token: IBKR_RUNTIME, optional: true }],
          useFactory: (c: ScannerModuleConfig, metrics: ScannerMetrics, rt: IbkrRuntime | null | undefined) => {
            const common = { rate: c.rate, crossedQuotes: c.crossedQuotes, cyclePauseMs: c.cyclePauseMs, staleAfterMs: c.staleAfterMs, metrics, prune: c.prune, pruneMargin: c.pruneMargin, scoringThread: c.scoringThread };
            if (!rt) return new ContinuousScanService(null, new SystemClock(), common);
            const sources = createIbkrMarketSources(
              { coordinator: rt.coordinator, lines: rt.lines, clock: rt.clock },
              { quotes: c.quotes, underlyings: { earnings: c.earnings, dividendYields: c.dividendYields } },
            );
            const visibleLegs = c.visibleStreams !== false ? new VisibleLegStreams(rt.lines, { reserveLines: c.quotes?.reserveLines }) : undefined;
            const lane = c.freshLane ?? true;
            const freshRows = lane === false ? undefined : new FreshRows(rt, { reserveLines: c.quotes?.reserveLines, ...(lane === true ? {} : lane), streamingKeys: () => visibleLegs?.streaming() ?? [] });
            return new ContinuousScanService(sources, rt.clock, { ...common, quoteMode: c.quotes?.mode ?? DEFAULT_QUOTE_MODE, release: () => sources.release(), visibleLegs, freshRows });
          },
        },
        ScannerLifecycle,
      ],
      exports: [ContinuousScanService, SCANNER_METRICS],
    };
  }
}
