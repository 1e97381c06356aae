import { type ExecutionContext, Injectable } from '@nestjs/common';
import { type AuthenticatedRequest, WardenAuthGuard } from '@warden/nest-auth';

export const TOKEN_HEADER = 'x-warden-token';

/**
 * A guard that overrides `getRequest`, as an app with its own token transport would: the raw
 * token comes in `X-Warden-Token` instead of `Authorization: Bearer`. It returns the same
 * request object it was given, so the principal it leaves there is what `@CurrentUser()` reads.
 */
@Injectable()
export class HeaderTokenGuard extends WardenAuthGuard {
  override getRequest(context: ExecutionContext): AuthenticatedRequest {
    const request = super.getRequest(context);
    const token = request.headers[TOKEN_HEADER];
    if (typeof token === 'string') request.headers.authorization = `Bearer ${token}`;
    return request;
  }
}
