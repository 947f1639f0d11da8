import { HttpStatus, Inject, Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CreateUserDto, UserView } from '@ibsc/shared-dto';
import { Repository } from 'typeorm';
import { hashPassword, ScryptParams, DEFAULT_SCRYPT } from '../auth/password-hasher';
import { DomainError } from '../common/domain-error';
import { isUniqueViolation } from '../database/pg-errors';
import { UserEntity } from './user.entity';

export const SCRYPT_PARAMS = Symbol('SCRYPT_PARAMS');

export function toUserView(u: UserEntity): UserView {
  return { id: u.id, username: u.username, role: u.role, createdAt: u.createdAt.toISOString() };
}

@Injectable()
export class UsersService {
  private readonly scrypt: ScryptParams;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    /** Tests lower the KDF cost; production keeps the default. */
    @Optional() @Inject(SCRYPT_PARAMS) scrypt?: ScryptParams,
  ) {
    this.scrypt = scrypt ?? DEFAULT_SCRYPT;
  }

  async create(dto: CreateUserDto): Promise<UserView> {
    const passwordHash = await hashPassword(dto.password, this.scrypt);
    try {
      const saved = await this.users.save(this.users.create({ username: dto.username, passwordHash, role: dto.role }));
      return toUserView(saved);
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new DomainError(HttpStatus.CONFLICT, 'user_exists', `username ${dto.username} is taken`, [
          { field: 'username', problems: ['username is taken'] },
        ]);
      }
      throw e;
    }
  }

  async list(): Promise<UserView[]> {
    return (await this.users.find({ order: { createdAt: 'ASC' } })).map(toUserView);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getOne();
  }

  count(): Promise<number> {
    return this.users.count();
  }
}
