import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@ibsc/shared-dto';
import { ROLES } from '@ibsc/shared-dto';
import type { Request } from 'express';
import { AuthUser, JwtClaims } from './auth-user';
import { PUBLIC_KEY, ROLES_KEY, roleAllows } from './roles.decorator';

/**
 * Global guard: every HTTP route needs a valid bearer token unless @Public(), and the role its
 * @Roles() names (a route without @Roles() is refused, so a forgotten decorator fails closed).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

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
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw new UnauthorizedException('invalid or expired token');
    }
    if (!claims.sub || !(ROLES as readonly string[]).includes(claims.role)) {
      throw new UnauthorizedException('invalid token claims');
    }
    return { id: claims.sub, username: claims.username, role: claims.role };
  }
}
