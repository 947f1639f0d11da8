import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { UserView } from '@ibsc/shared-dto';
import { CreateUserDto, UpdateUserDto } from '../auth/auth.dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { UsersService } from './users.service';
import { ApiContract } from '../openapi/api-contract.decorator';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Creates a user (admin only). The password must pass the policy (docs/security.md). */
  @Post()
  @ApiContract({ id: 'createUser', ok: 'UserView', status: 201, errors: [400, 409] })
  create(@Body() dto: CreateUserDto): Promise<UserView> {
    return this.users.create(dto);
  }

  /** Lists users (admin only). */
  @Get()
  @ApiContract({ id: 'listUsers', ok: 'UserView', array: true })
  list(): Promise<UserView[]> {
    return this.users.list();
  }

  /** Changes a user's role, disables or enables them, or sets a password (admin only); revokes their tokens. */
  @Patch(':id')
  @ApiContract({ id: 'updateUser', ok: 'UserView', errors: [400, 404, 409] })
  update(@Param('id') id: string, @Body() dto: UpdateUserDto, @CurrentUser() admin: AuthUser): Promise<UserView> {
    return this.users.update(id, dto, admin.id);
  }
}
