import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { SystemController } from './system.controller';

@Module({
  imports: [RealtimeModule],
  controllers: [SystemController],
})
export class SystemModule {}
