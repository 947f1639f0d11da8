/**
 * Response shapes of `/api/v1/api-keys` for the OpenAPI document. They implement the shared wire types
 * (libs/shared-dto/src/api-keys.ts), so they cannot drift; the @nestjs/swagger plugin turns each comment into a description.
 */
import type { ApiErrorBody, ApiKeyScope, ApiKeyState, ApiKeyView, CreatedApiKey } from '@ibsc/shared-dto';

export class ApiKeyViewDto implements ApiKeyView {
  /** Public id (16 hex characters); names the key in the audit log as `<user>/key:<id>`. */
  id!: string;
  /** What the key is for. */
  name!: string;
  /** `ibsc_<id>_…`: how the key starts. */
  prefix!: string;
  /** read, trade and/or admin. */
  scopes!: ApiKeyScope[];
  /** The user the key acts as. */
  userId!: string;
  username!: string;
  /** active, revoked or expired. */
  state!: ApiKeyState;
  createdAt!: string;
  /** The admin who created it. */
  createdBy!: string | null;
  expiresAt!: string | null;
  revokedAt!: string | null;
  revokedBy!: string | null;
  /** Last authenticated use (written at most once a minute per key); null: never used. */
  lastUsedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyViewDto implements CreatedApiKey {
  /** The whole key: `Authorization: Bearer <key>` (REST) or `auth: { token: <key> }` (Socket.IO). Shown this once. */
  key!: string;
}

/** The error body (until the shared error schema of issue 14 #1 replaces it). */
export class ApiKeyErrorDto implements ApiErrorBody {
  statusCode!: number;
  error!: string;
  message!: string;
  /** Stable reason, e.g. API_KEY_NOT_FOUND, SCOPE_EXCEEDS_ROLE, USER_NOT_FOUND. */
  code?: string;
  requestId?: string;
}
