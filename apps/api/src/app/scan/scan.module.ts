import { Module } from '@nestjs/common';
import { FirstOfEarningsCalendars, ScannerModule, StaticEarningsCalendar, type EarningsCalendar } from '@ibsc/scanner';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.tokens';
import { GATEWAY_ENDPOINT, type GatewayEndpoint } from '../ibkr/gateway-endpoint';
import { PresetsModule } from '../presets/presets.module';
import { ScanController } from './scan.controller';
import { ScanRequestsService } from './scan-requests.service';
import { ScanSocketRelay } from './scan-socket.relay';

/**
 * Earnings dates: SCAN_EARNINGS first; with the built-in simulator, its own calendar (the simulator models the
 * earnings of its stocks; IB's API carries no earnings date).
 */
function earnings(config: AppConfig, endpoint: GatewayEndpoint | null | undefined): EarningsCalendar {
  const calendars: EarningsCalendar[] = [];
  if (config.scanEarnings) calendars.push(StaticEarningsCalendar.parse(config.scanEarnings));
  const sim = endpoint?.simulator;
  if (sim) calendars.push({ nextEarnings: async (symbol) => sim.market.underlyings().find((u) => u.symbol === symbol)?.earningsDate ?? null });
  return new FirstOfEarningsCalendars(calendars);
}

@Module({
  imports: [
    PresetsModule,
    ScannerModule.forRootAsync({
      inject: [APP_CONFIG, { token: GATEWAY_ENDPOINT, optional: true }],
      useFactory: (config: AppConfig, endpoint: GatewayEndpoint | undefined) => ({
        quotes: { mode: config.scanQuoteMode },
        earnings: earnings(config, endpoint),
        rate: config.scanRiskFreeRate,
        dividendYields: config.scanDividendYields,
        crossedQuotes: config.scanCrossedQuotes,
        prune: config.scanPrune,
        pruneMargin: config.scanPruneMargin,
        visibleStreams: config.scanVisibleStreams,
        scoringThread: config.scanScoringThread,
        freshLane: config.scanFreshLane && { topRows: config.scanFreshTopRows, messagesPerSecond: config.requestRate },
      }),
    }),
  ],
  controllers: [ScanController],
  providers: [ScanRequestsService, ScanSocketRelay],
  exports: [ScanSocketRelay],
})
export class ScanModule {}
