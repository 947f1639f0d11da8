import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { LoginDto, LoginResponse } from '@ibsc/shared-dto';
import { toUserView, UsersService } from '../users/users.service';
import { JwtClaims } from './auth-user';
import { verifyPassword } from './password-hasher';

// A hash of a random password, so a login for an unknown user costs the same time as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
  ) {}

  async login(dto: LoginDto, ttlSec: number): Promise<LoginResponse> {
    const user = await this.users.findByUsername(dto.username);
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new UnauthorizedException('wrong username or password');
    const claims: JwtClaims = { sub: user.id, username: user.username, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { expiresIn: ttlSec });
    return { accessToken, tokenType: 'Bearer', expiresIn: ttlSec, user: toUserView(user) };
  }
}
