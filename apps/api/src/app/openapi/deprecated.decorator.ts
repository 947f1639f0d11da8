import { applyDecorators, Header } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';

export interface DeprecationNotice {
  /** When the route was deprecated (RFC 9745 `Deprecation: @<epoch seconds>`). */
  since: Date;
  /** When it stops answering (RFC 8594 `Sunset`, an HTTP date); at least 90 days after `since` (docs/api-versioning.md). */
  sunset: Date;
  /** Where the replacement is described (sent as `Link: <…>; rel="deprecation"`). */
  link: string;
}

/**
 * Marks a route deprecated within /api/v1: every answer carries Deprecation, Sunset and Link headers, and the
 * OpenAPI operation says `deprecated: true`. Add the CHANGELOG entry in the same change (docs/api-versioning.md).
 */
export function Deprecated(notice: DeprecationNotice): MethodDecorator {
  if (notice.sunset.getTime() - notice.since.getTime() < 90 * 86_400_000) {
    throw new Error(`a deprecated route must keep answering at least 90 days: sunset ${notice.sunset.toISOString()} is too early`);
  }
  return applyDecorators(
    Header('Deprecation', `@${Math.floor(notice.since.getTime() / 1000)}`),
    Header('Sunset', notice.sunset.toUTCString()),
    Header('Link', `<${notice.link}>; rel="deprecation"`),
    ApiOperation({ deprecated: true }),
  );
}
