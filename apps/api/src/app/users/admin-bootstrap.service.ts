import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG } from '../config/config.tokens';
import type { AppConfig } from '../config/app-config';
import { UsersService } from './users.service';

/** On first start with no users, creates `admin` with ADMIN_PASSWORD or a random password printed once. */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('auth');
  /** Set when this start created the admin; main.ts prints it in the ready banner. */
  createdPassword: string | null = null;

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.users.create({ username: 'admin', password, role: 'admin' });
    } catch (e) {
      this.logger.warn(`admin bootstrap skipped: ${(e as Error).message}`);
      return;
    }
    this.createdPassword = this.config.adminPassword ? null : password;
    this.logger.log({ msg: 'created the first user', username: 'admin', passwordFrom: this.config.adminPassword ? 'ADMIN_PASSWORD' : 'generated' });
  }
}
