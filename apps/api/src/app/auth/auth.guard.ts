import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@ibsc/shared-dto';
import { ROLES } from '@ibsc/shared-dto';
import type { Request } from 'express';
import { CLOCK, type NowFn } from '../config/config.tokens';
import { TokenRevocations } from '../users/token-revocations';
import type { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { AuthSession, AuthUser, JwtClaims } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY, roleAllows } from './roles.decorator';

/**
 * Global guard: every HTTP route needs a valid bearer token unless @Public(), and the role its
 * @Roles() names (a route without @Roles() is refused, so a forgotten decorator fails closed).
 * A valid token also needs: an expiry, a user that exists and is not disabled, and the user's current token version
 * (logout, a password, role or disable change revoke older tokens). The role is the one stored now.
 */
/** A user row read for a token is reused this long (revocations in this process drop it at once). */
export const USER_CACHE_MS = 5000;

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cache = new Map<string, { user: UserEntity; readAtMs: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(CLOCK) private readonly now: NowFn,
    revocations: TokenRevocations,
  ) {
    revocations.on((userId) => this.cache.delete(userId));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const user = await this.verify(req.header('authorization'));
    req.user = user;
    const need = this.reflector.getAllAndOverride<Role | undefined>(ROLES_KEY, targets);
    if (!need) throw new ForbiddenException('this route declares no role');
    if (!roleAllows(user.role, need)) {
      throw new ForbiddenException(`role ${user.role} may not do this; it needs ${need}`);
    }
    return true;
  }

  async verify(header: string | undefined): Promise<AuthUser> {
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException('missing bearer token');
    return this.verifyToken(match[1]);
  }

  async verifyToken(token: string): Promise<AuthUser> {
    return (await this.verifySession(token)).user;
  }

  /** The token's user and expiry; UnauthorizedException when forged, expired, without expiry, or revoked. */
  async verifySession(token: string): Promise<AuthSession> {
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token, { clockTimestamp: Math.floor(this.now().getTime() / 1000) });
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    if (!claims.sub || !(ROLES as readonly string[]).includes(claims.role) || !Number.isInteger(claims.ver)) {
      throw new UnauthorizedException('invalid token claims');
    }
    if (typeof claims.exp !== 'number') throw new UnauthorizedException('token has no expiry');
    // A database outage here is not "unauthorized": it propagates and the exception filter answers 503.
    const user = await this.user(claims.sub);
    if (!user || user.disabled || user.tokenVersion !== claims.ver) throw new UnauthorizedException('token revoked or user disabled');
    return { user: { id: user.id, username: user.username, role: user.role }, expiresAtMs: claims.exp * 1000, version: claims.ver };
  }

  private async user(id: string): Promise<UserEntity | null> {
    const t = this.now().getTime();
    const hit = this.cache.get(id);
    if (hit && t - hit.readAtMs >= 0 && t - hit.readAtMs < USER_CACHE_MS) return hit.user;
    const user = await this.users.findById(id);
    if (this.cache.size > 10_000) this.cache.clear();
    if (user) this.cache.set(id, { user, readAtMs: t });
    else this.cache.delete(id);
    return user;
  }
}
