import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsISO8601, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope, type CreateApiKeyRequest } from '@ibsc/shared-dto';

const IsOptionalNotNull = () => ValidateIf((_o: object, v: unknown) => v !== undefined);

/** `POST /api-keys`: the request, validated server-side (the shared wire type has no decorators). */
export class CreateApiKeyDto implements CreateApiKeyRequest {
  /** What the key is for, 1–64 characters, e.g. "journal sync". */
  @IsString()
  @Length(1, 64)
  name!: string;

  /** One or more of read, trade, admin (read ⊂ trade ⊂ admin, like viewer ⊂ trader ⊂ admin). */
  @IsArray({ message: 'scopes must be a non-empty array of read, trade, admin' })
  @ArrayMinSize(1, { message: 'scopes must be a non-empty array of read, trade, admin' })
  @ArrayMaxSize(3)
  @ArrayUnique({ message: 'scopes must not repeat a scope' })
  @IsIn(API_KEY_SCOPES, { each: true, message: 'scopes must each be one of read, trade, admin' })
  scopes!: ApiKeyScope[];

  /** The user the key acts as (their id); default the admin creating it. Its role must allow every scope. */
  @IsOptionalNotNull()
  @IsUUID('all', { message: 'userId must be a user id (UUID)' })
  userId?: string;

  /** ISO 8601 time after which the key is refused (401 API_KEY_EXPIRED); absent: no expiry. Must be in the future. */
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time, e.g. 2027-06-30T00:00:00Z' })
  expiresAt?: string;
}
