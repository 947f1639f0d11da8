import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { ApiKeyView, CreatedApiKey } from '@ibsc/shared-dto';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { CreateApiKeyDto } from './api-key.dto';
import { ApiKeyErrorDto, ApiKeyViewDto, CreatedApiKeyDto } from './api-key-responses.dto';
import { ApiKeysService } from './api-keys.service';

/** API keys for machine clients (ADR 0016): admins only. The key is returned once, by create. */
@ApiTags('api-keys')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ApiKeyErrorDto, description: 'no valid token or key (code API_KEY_* for a key)' })
@ApiForbiddenResponse({ type: ApiKeyErrorDto, description: 'the caller is not an admin, or the key lacks the admin scope (INSUFFICIENT_SCOPE)' })
@ApiTooManyRequestsResponse({ type: ApiKeyErrorDto, description: "the calling key's rate limit (RATE_LIMITED, Retry-After)" })
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** Creates a key for a user (default: the caller) with scopes and an optional expiry; the answer holds the key, shown this once. */
  @Post()
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key (shown once)' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ type: ApiKeyErrorDto, description: 'a field is wrong (name, scopes, userId, expiresAt): the message names it' })
  @ApiNotFoundResponse({ type: ApiKeyErrorDto, description: 'USER_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ type: ApiKeyErrorDto, description: "SCOPE_EXCEEDS_ROLE (a scope above the user's role) or USER_DISABLED" })
  create(@Body() dto: CreateApiKeyDto, @CurrentUser() admin: AuthUser): Promise<CreatedApiKey> {
    return this.keys.create(dto, admin);
  }

  /** Every key, newest first, active, expired and revoked; never a key's secret. */
  @Get()
  @ApiOperation({ operationId: 'listApiKeys', summary: 'List API keys' })
  @ApiOkResponse({ type: ApiKeyViewDto, isArray: true })
  list(): Promise<ApiKeyView[]> {
    return this.keys.list();
  }

  /** Revokes a key at once (idempotent); its open sockets close. */
  @Delete(':id')
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key' })
  @ApiOkResponse({ type: ApiKeyViewDto })
  @ApiNotFoundResponse({ type: ApiKeyErrorDto, description: 'API_KEY_NOT_FOUND' })
  revoke(@Param('id') id: string, @CurrentUser() admin: AuthUser): Promise<ApiKeyView> {
    return this.keys.revoke(id, admin);
  }
}
