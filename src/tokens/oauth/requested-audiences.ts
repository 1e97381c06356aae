import { requestedAudiences } from '../../apis/token-target';
import { InvalidTargetError } from './oauth.errors';
import type { TokenRequestDto } from './dto/token-request.dto';

/**
 * The audiences a token request names: every `resource` (RFC 8707 §2: an absolute URI without a
 * fragment, else `invalid_target`), then every `audience` (RFC 8693 §2.1: any identifier).
 */
export function audiencesOfRequest(
  request: Pick<TokenRequestDto, 'resource' | 'audience'>,
): string[] {
  const resources = request.resource === undefined ? [] : [request.resource].flat();
  for (const resource of resources) {
    if (!isAbsoluteUriWithoutFragment(resource)) {
      throw new InvalidTargetError(
        'resource must be an absolute URI without a fragment (RFC 8707 §2); use audience for a name',
      );
    }
  }
  return requestedAudiences(resources, request.audience);
}

function isAbsoluteUriWithoutFragment(value: string): boolean {
  if (value.includes('#') || /\s/.test(value)) return false;
  // RFC 3986 §4.3: a scheme, a colon, and something after it.
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(value);
}
