import {
  DynamicModule,
  Inject,
  Injectable,
  InjectionToken,
  Logger,
  Module,
  ModuleMetadata,
  OnApplicationBootstrap,
  OnModuleDestroy,
  OptionalFactoryDependency,
  Provider,
} from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { register, Registry } from 'prom-client';
import type { Clock } from './clock/clock';
import { DailyRestartService } from './connection/daily-restart.service';
import { IbConnection } from './connection/ib-connection';
import { IbErrorPolicy } from './errors/ib-error-policy';
import { IbkrEventBus } from './events/ibkr-event-bus';
import { GATEWAY_STATUS_SOURCE } from './gateway-status.source';
import { IbkrRuntime, IbkrOptions } from './ibkr-runtime';
import { IbkrMetrics } from './ibkr.metrics';
import { IbkrStatusSource } from './ibkr.status-source';
import { MarketDataLineManager } from './market-data/line-manager';
import { OrderIdAuthority } from './orders/order-id-authority';
import { RequestCoordinator } from './requests/request-coordinator';

export interface IbkrModuleConfig {
  options: IbkrOptions;
  /** Default: the wall clock. */
  clock?: Clock;
  /** Prometheus registry for the ibkr_* metrics. Default: prom-client's global one (served at /metrics). */
  registry?: Registry;
  /** Connect when the application has started. Default true. */
  autoStart?: boolean;
}

export interface IbkrModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => IbkrModuleConfig | Promise<IbkrModuleConfig>;
}

export const IBKR_CONFIG = Symbol('IBKR_CONFIG');
export const IBKR_RUNTIME = Symbol('IBKR_RUNTIME');

/** Starts the runtime after bootstrap, stops it (and the cron jobs, metrics) on shutdown. */
@Injectable()
class IbkrLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly jobs: string[] = [];
  private metrics: IbkrMetrics | null = null;

  constructor(
    @Inject(IBKR_RUNTIME) private readonly rt: IbkrRuntime,
    @Inject(IBKR_CONFIG) private readonly config: IbkrModuleConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics = new IbkrMetrics(this.rt, this.config.registry ?? register);
    // Wall-clock triggers at the warning and restart times, in the gateway's zone (cron handles DST).
    const cron = this.rt.restart.cronExpressions();
    const tz = this.rt.restart.schedule.options.timeZone;
    for (const [name, expr] of Object.entries(cron)) {
      const id = `ibkr-daily-restart-${name}`;
      if (this.scheduler.doesExist('cron', id)) this.scheduler.deleteCronJob(id);
      const job = CronJob.from({ cronTime: expr, onTick: () => void this.rt.restart.check(), start: true, timeZone: tz });
      this.scheduler.addCronJob(id, job);
      this.jobs.push(id);
    }
    if (this.config.autoStart !== false) this.rt.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const id of this.jobs.splice(0)) {
      if (this.scheduler.doesExist('cron', id)) this.scheduler.deleteCronJob(id);
    }
    this.metrics?.dispose();
    await this.rt.stop();
  }
}

const fromRuntime = <T>(token: InjectionToken, pick: (rt: IbkrRuntime) => T): Provider => ({
  provide: token,
  inject: [IBKR_RUNTIME],
  useFactory: pick,
});

/**
 * The IBKR connection layer as a Nest module: the runtime, its parts injectable by class (IbConnection,
 * RequestCoordinator, MarketDataLineManager, OrderIdAuthority, IbkrEventBus, IbErrorPolicy,
 * DailyRestartService), GATEWAY_STATUS_SOURCE, the metrics and the daily-restart cron jobs.
 */
@Module({})
export class IbkrModule {
  static forRootAsync(opts: IbkrModuleAsyncOptions): DynamicModule {
    const exported = [IBKR_RUNTIME, GATEWAY_STATUS_SOURCE, IbConnection, RequestCoordinator, MarketDataLineManager, OrderIdAuthority, IbkrEventBus, IbErrorPolicy, DailyRestartService];
    return {
      module: IbkrModule,
      global: true,
      imports: [ScheduleModule.forRoot(), ...(opts.imports ?? [])],
      providers: [
        { provide: IBKR_CONFIG, inject: opts.inject ?? [], useFactory: opts.useFactory },
        {
          provide: IBKR_RUNTIME,
          inject: [IBKR_CONFIG],
          useFactory: (c: IbkrModuleConfig) => new IbkrRuntime(c.options, c.clock, new Logger('ibkr')),
        },
        fromRuntime(GATEWAY_STATUS_SOURCE, (rt) => new IbkrStatusSource(rt)),
        fromRuntime(IbConnection, (rt) => rt.connection),
        fromRuntime(RequestCoordinator, (rt) => rt.coordinator),
        fromRuntime(MarketDataLineManager, (rt) => rt.lines),
        fromRuntime(OrderIdAuthority, (rt) => rt.orderIds),
        fromRuntime(IbkrEventBus, (rt) => rt.bus),
        fromRuntime(IbErrorPolicy, (rt) => rt.policy),
        fromRuntime(DailyRestartService, (rt) => rt.restart),
        IbkrLifecycle,
      ],
      exports: exported,
    };
  }
}
