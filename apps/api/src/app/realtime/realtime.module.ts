import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { EventsGateway } from './events.gateway';
import { SystemStatusService } from './system-status.service';

@Module({
  imports: [AuthModule],
  providers: [EventsGateway, SystemStatusService],
  exports: [SystemStatusService],
})
export class RealtimeModule {}
