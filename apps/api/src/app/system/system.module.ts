import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { SimulatorFaultsController } from './simulator-faults.controller';
import { SimulatorFaultsService } from './simulator-faults.service';
import { SystemController } from './system.controller';

@Module({
  imports: [RealtimeModule],
  controllers: [SystemController, SimulatorFaultsController],
  providers: [SimulatorFaultsService],
})
export class SystemModule {}
