import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { TokenRevocations } from './token-revocations';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { tokensRevokedCounter, UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [UsersService, AdminBootstrapService, TokenRevocations, tokensRevokedCounter],
  exports: [UsersService, AdminBootstrapService, TokenRevocations],
})
export class UsersModule {}
