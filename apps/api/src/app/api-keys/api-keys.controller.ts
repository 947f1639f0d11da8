import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { ApiKeyView, CreatedApiKey } from '@ibsc/shared-dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { ApiContract } from '../openapi/api-contract.decorator';
import { CreateApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

const CREATE_EXAMPLE = { name: 'journal-bot', scopes: ['read'], expiresAt: '2027-06-30T00:00:00Z' };

/** API keys for machine clients (ADR 0016): admins only. The key is returned once, by create. */
@ApiTags('api-keys')
@ApiBearerAuth()
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates a key for a user (default: the caller) with scopes and an optional expiry; the answer holds the key, shown this once. */
  @Post()
  @ApiContract({ id: 'createApiKey', summary: 'Create an API key (shown once)', ok: 'CreatedApiKey', status: 201, errors: [400, 404, 422, 429], body: { type: CreateApiKeyDto, example: CREATE_EXAMPLE } })
  create(@Body() dto: CreateApiKeyDto, @CurrentUser() admin: AuthUser): Promise<CreatedApiKey> {
    return this.keys.create(dto, admin);
  }

  /** Every key, newest first, active, expired and revoked; never a key's secret. */
  @Get()
  @ApiContract({ id: 'listApiKeys', summary: 'List API keys', ok: 'ApiKeyView', array: true, errors: [429] })
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  /** Revokes a key at once (idempotent); its open sockets close. */
  @Delete(':id')
  @ApiContract({ id: 'revokeApiKey', summary: 'Revoke an API key', ok: 'ApiKeyView', errors: [404, 429] })
  revoke(@Param('id') id: string, @CurrentUser() admin: AuthUser): Promise<ApiKeyView> {
    return this.keys.revoke(id, admin);
  }
}
