import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ScanModule } from '../scan/scan.module';
import { EventsGateway } from './events.gateway';
import { SocketSessions, socketsClosedCounter } from './socket-sessions';
import { SystemStatusService } from './system-status.service';

@Module({
  imports: [AuthModule, ScanModule],
  providers: [EventsGateway, SystemStatusService, SocketSessions, socketsClosedCounter],
  exports: [SystemStatusService, EventsGateway],
})
export class RealtimeModule {}
