import { UseFilters } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { CurrentUser, type Principal, Public, Roles, TokenErrorsFilter } from '@warden/nest-auth';

/**
 * A socket.io gateway on the app's own HTTP server, under the app's global WardenAuthGuard.
 * Nest applies global guards to gateways but not global filters, hence `@UseFilters` here.
 */
@UseFilters(TokenErrorsFilter)
@WebSocketGateway()
export class ContextsGateway {
  @SubscribeMessage('whoami')
  whoami(@CurrentUser() user: Principal, @MessageBody() body: unknown): Record<string, unknown> {
    return { sub: user.sub, roles: user.roles, echo: body };
  }

  @Roles('admin')
  @SubscribeMessage('admin')
  admin(@CurrentUser('sub') sub: string): Record<string, unknown> {
    return { ok: true, sub };
  }

  @Public()
  @SubscribeMessage('ping')
  ping(): string {
    return 'pong';
  }
}
