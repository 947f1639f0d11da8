import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { GATEWAY_STATUS_SOURCE, GatewayStatusSource } from '@ibsc/ibkr';
import type { SystemStatus } from '@ibsc/shared-dto';
import { DataSource } from 'typeorm';
import { CLOCK, NowFn } from '../config/config.tokens';
import { SessionRolesService } from '../session/session-roles.service';

export const APP_VERSION = '0.1.0';

/** Assembles the `system.status` heartbeat from the gateway source and the database. */
@Injectable()
export class SystemStatusService {
  private readonly startedAt: number;

  constructor(
    @Inject(GATEWAY_STATUS_SOURCE) private readonly gateway: GatewayStatusSource,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly now: NowFn,
    private readonly roles: SessionRolesService,
  ) {
    this.startedAt = now().getTime();
  }

  async snapshot(): Promise<SystemStatus> {
    const now = this.now();
    return {
      at: now.toISOString(),
      uptimeSeconds: Math.round((now.getTime() - this.startedAt) / 1000),
      version: APP_VERSION,
      gateway: this.gateway.gateway(),
      marketData: this.gateway.marketData(),
      requests: this.gateway.requests(),
      database: (await this.databaseUp()) ? 'up' : 'down',
      lastErrors: this.gateway.recentErrors().slice(-10),
      session: await this.roles.status(),
    };
  }

  private async databaseUp(): Promise<boolean> {
    if (!this.db.isInitialized) return false;
    try {
      await this.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
