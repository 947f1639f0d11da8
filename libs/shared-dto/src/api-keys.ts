/**
 * API keys (ADR 0016): plain wire types, no decorators. A key is `ibsc_<id>_<secret>` and is shown once, when created.
 * Scopes follow the roles: `read` reaches what a viewer may, `trade` what a trader may, `admin` what an admin may;
 * a key never reaches more than its user's role allows now.
 */
export const API_KEY_SCOPES = ['read', 'trade', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The recognisable start of every key; a bearer token with this prefix is never taken for a JWT. */
export const API_KEY_PREFIX = 'ibsc_';

export type ApiKeyState = 'active' | 'revoked' | 'expired';

/** What `POST /api-keys` accepts. */
export interface CreateApiKeyRequest {
  /** What the key is for (1–64 characters), e.g. "journal sync". */
  name: string;
  /** One or more of read, trade, admin. */
  scopes: ApiKeyScope[];
  /** The user the key acts as; default the admin creating it. Its role must allow every scope. */
  userId?: string;
  /** ISO 8601 time after which the key is refused; absent: no expiry. Must be in the future. */
  expiresAt?: string;
}

/** A key as listed: never its secret. */
export interface ApiKeyView {
  /** Public id (16 hex characters), the part after `ibsc_`; it names the key in the audit log (`user/key:<id>`). */
  id: string;
  name: string;
  /** `ibsc_<id>_…`: how the key starts, to recognise it. */
  prefix: string;
  scopes: ApiKeyScope[];
  userId: string;
  username: string;
  state: ApiKeyState;
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  /** Last authenticated use, written at most once a minute per key; null: never used. */
  lastUsedAt: string | null;
}

/** The answer to `POST /api-keys`: the key itself, shown this once. */
export interface CreatedApiKey extends ApiKeyView {
  /** The whole key, to send as `Authorization: Bearer <key>` (REST) or `auth: { token: <key> }` (Socket.IO). Not retrievable later. */
  key: string;
}
