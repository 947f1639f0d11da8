import { DynamicModule, Global, Module } from '@nestjs/common';
import { ScanIntentStore } from './scan-intent.store';
import { SESSION_DATABASE_URL, SessionRolesService } from './session-roles.service';
import { SessionForwardingMiddleware } from './session-forwarding.middleware';

/** The replicated deployment's roles (ADR 0010): the session lease, the command bus, the forwarding of commands. */
@Global()
@Module({})
export class SessionModule {
  static register(databaseUrl: string): DynamicModule {
    return {
      module: SessionModule,
      providers: [{ provide: SESSION_DATABASE_URL, useValue: databaseUrl }, ScanIntentStore, SessionRolesService, SessionForwardingMiddleware],
      exports: [SESSION_DATABASE_URL, ScanIntentStore, SessionRolesService, SessionForwardingMiddleware],
    };
  }
}
