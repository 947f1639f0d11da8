import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LoginResponse } from '@ibsc/shared-dto';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import type { Request } from 'express';
import type { AuthUser } from './auth-user';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import type { LockedAccount } from './login-throttle';
import { Public, Roles } from './roles.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';

/** The client's address for per-address throttling (X-Forwarded-For only when TRUST_PROXY says so). */
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

@ApiTags('auth')
@Roles('viewer')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Exchanges a username and password for a bearer token (JWT). Wrong passwords are throttled per account and per
   * address: 429 with Retry-After while backing off or locked (docs/security.md).
   */
  @Public()
  @Post('login')
  @ApiContract({ id: 'login', ok: 'LoginResponse', public: true, errors: [400, 401, 403, 429, 503], body: { type: LoginDto, example: { username: 'trader1', password: 'correct horse battery staple' } } })
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.login(dto, addressOf(req));
  }

  /** Who the token belongs to. */
  @ApiBearerAuth()
  @Get('me')
  @ApiContract({ id: 'getCurrentUser', ok: 'CurrentUserView' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }

  /** Revokes every token of the caller (all devices); their sockets close. */
  @ApiBearerAuth()
  @Post('logout')
  @ApiContract({ id: 'logout', ok: 'none', status: 204 })
  @HttpCode(204)
  async logout(@CurrentUser() user: AuthUser): Promise<void> {
    await this.auth.logout(user);
  }

  /** Changes the caller's password (policy in docs/security.md); revokes older tokens and returns a new one. */
  @ApiBearerAuth()
  @Post('password')
  @ApiContract({ id: 'changePassword', ok: 'LoginResponse', errors: [400, 429] })
  @HttpCode(200)
  changePassword(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto, @Req() req: Request): Promise<LoginResponse> {
    return this.auth.changePassword(user, dto, addressOf(req));
  }

  /** Accounts locked now after too many wrong passwords (admin). */
  @ApiBearerAuth()
  @Roles('admin')
  @Get('lockouts')
  @ApiContract({ id: 'listLockouts', ok: 'LockedAccountView', array: true })
  lockouts(): LockedAccount[] {
    return this.auth.lockedAccounts();
  }

  /** Lifts the lockout and back-off of one account (admin). */
  @ApiBearerAuth()
  @Roles('admin')
  @Delete('lockouts/:username')
  @ApiContract({ id: 'clearLockout', ok: 'none', status: 204, errors: [404] })
  @HttpCode(204)
  clearLockout(@Param('username') username: string, @CurrentUser() admin: AuthUser): void {
    if (!this.auth.clearLockout(username, admin.username)) throw new NotFoundException(`no lockout or back-off for ${username}`);
  }
}
