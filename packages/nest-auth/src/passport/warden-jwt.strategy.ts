import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Principal } from '../principal';
import { WardenAuthService } from '../warden-auth.service';
import { WardenBearerStrategy } from './warden-bearer.strategy';

/**
 * `AuthGuard('warden-jwt')` for apps that want passport's guard: the same verifier as
 * WardenAuthGuard. Add it to a module's providers next to AuthModule. Override `validate` to
 * map or reject the principal.
 *
 * @example
 * ```ts
 * @UseGuards(AuthGuard('warden-jwt'))
 * @Get('me')
 * me(@CurrentUser() user: Principal) { return user; }
 * ```
 */
@Injectable()
export class WardenJwtStrategy extends PassportStrategy(WardenBearerStrategy, 'warden-jwt') {
  constructor(auth: WardenAuthService) {
    super({ verifyToken: (token: string) => auth.verifyToken(token) });
  }

  validate(principal: Principal): Principal {
    return principal;
  }
}
