import { CanActivate, ExecutionContext, ForbiddenException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@ibsc/shared-dto';
import { ROLES } from '@ibsc/shared-dto';
import type { Request } from 'express';
import { looksLikeApiKey } from '../api-keys/api-key-format';
import { ROLE_SCOPE, scopesAllowRole } from '../api-keys/api-key-scopes';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { DomainError, RetryLaterError } from '../common/domain-error';
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
 * A bearer token starting `ibsc_` is an API key (ADR 0016): it acts as its user, within its scopes, under a per-key
 * rate limit; its refusals carry a `code` (API_KEY_*, INSUFFICIENT_SCOPE, RATE_LIMITED).
 */
/** A user row read for a token is reused this long (revocations in this process drop it at once). */
export const USER_CACHE_MS = 5000;
/** Verified tokens kept (their claims) before the cache starts over. */
const VERIFIED_TOKENS_MAX = 5000;

@Injectable()
export class AuthGuard implements CanActivate {
  private readonly cache = new Map<string, { user: UserEntity; readAtMs: number }>();
  /**
   * Tokens whose signature checked out, with their claims: a signature's check is the same every time (an HMAC with
   * the process's secret, about 0.2 ms with the key import jsonwebtoken does per call), so a client polling with one
   * token pays it once. Expiry and not-before are checked on every use; revocation and roles by the user's row, as
   * for a first use. Bounded (cleared when full).
   */
  private readonly verified = new Map<string, JwtClaims>();
  private readonly logger = new Logger('auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(CLOCK) private readonly now: NowFn,
    revocations: TokenRevocations,
    private readonly apiKeys: ApiKeysService,
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
    if (user.apiKey) this.checkKey(user, need, req);
    if (!roleAllows(user.role, need)) {
      if (user.apiKey) this.apiKeys.count('insufficient_scope');
      throw new ForbiddenException(`role ${user.role} may not do this; it needs ${need}`);
    }
    if (user.apiKey) {
      this.apiKeys.count('ok');
      // Reads are counted (ibsc_api_key_requests_total); changes are logged, and orders carry `user/key:<id>` in their audit rows.
      if (req.method !== 'GET' && req.method !== 'HEAD') this.logger.log({ msg: 'api key use', keyId: user.apiKey.id, user: user.username, method: req.method, path: req.originalUrl.split('?')[0] });
    }
    return true;
  }

  /** A key's rate limit (429 RATE_LIMITED), then its scope (403 INSUFFICIENT_SCOPE). */
  private checkKey(user: AuthUser, need: Role, req: Request): void {
    const key = user.apiKey;
    if (!key) return;
    const wait = this.apiKeys.take(key.id);
    if (wait !== null) {
      throw new RetryLaterError(HttpStatus.TOO_MANY_REQUESTS, 'RATE_LIMITED', `API key ${key.id} is over its rate limit; retry in ${wait} s`, wait);
    }
    if (!scopesAllowRole(key.scopes, need)) {
      this.apiKeys.count('insufficient_scope');
      throw new DomainError(HttpStatus.FORBIDDEN, 'INSUFFICIENT_SCOPE', `API key scopes (${key.scopes.join(', ')}) do not allow ${req.method} ${req.originalUrl.split('?')[0]}; it needs ${ROLE_SCOPE[need]}`);
    }
  }

  async verify(header: string | undefined): Promise<AuthUser> {
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new UnauthorizedException('missing bearer token');
    return this.verifyToken(match[1]);
  }

  async verifyToken(token: string): Promise<AuthUser> {
    return (await this.verifySession(token)).user;
  }

  /**
   * The token's (or API key's) user and expiry; UnauthorizedException when forged, expired, without expiry, or revoked
   * (a DomainError with status 401 and an API_KEY_* code for a key).
   */
  async verifySession(token: string): Promise<AuthSession> {
    if (looksLikeApiKey(token)) return this.apiKeys.authenticate(token);
    const nowS = Math.floor(this.now().getTime() / 1000);
    let claims = this.verified.get(token);
    if (claims && !(typeof claims.exp === 'number' && nowS < claims.exp && (typeof claims.nbf !== 'number' || nowS >= claims.nbf))) {
      this.verified.delete(token);
      claims = undefined;
    }
    if (!claims) {
      try {
        claims = await this.jwt.verifyAsync<JwtClaims>(token, { clockTimestamp: nowS });
      } catch {
        throw new UnauthorizedException('invalid or expired token');
      }
      if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.clear();
      this.verified.set(token, claims);
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
