import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WardenAuthService } from '../warden-auth.service';
import { type AuthenticatedRequest, rememberPrincipal, requestOf } from './request-of';
import { readRouteRequirements, RouteRequirements } from './route-requirements';

/**
 * The one guard: deny by default. A route passes without a token only when it is `@Public()` and
 * carries no requirement; otherwise the Bearer token must verify (401 if not) and every policy
 * from the class and the method must hold (403 if not). Works on Express and Fastify, in GraphQL
 * resolvers and WebSocket gateways; extend it and override `getRequest` for anything else.
 */
@Injectable()
export class WardenAuthGuard implements CanActivate {
  /** Requirements per controller and handler, read from metadata once rather than per request. */
  private readonly requirements = new WeakMap<object, WeakMap<object, RouteRequirements>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: WardenAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirements = this.requirementsOf(context.getClass(), context.getHandler());
    if (requirements.isPublic) return true;
    const request = this.getRequest(context);
    const principal = await this.auth.authenticate(request.headers.authorization);
    request.user = principal;
    rememberPrincipal(context, principal);
    this.auth.authorize(principal, requirements.policies);
    return true;
  }

  /** Where the token is read and the principal left (`request.user`), as @nestjs/passport does. */
  getRequest(context: ExecutionContext): AuthenticatedRequest {
    return requestOf(context);
  }

  private requirementsOf(controller: object, handler: object): RouteRequirements {
    let perController = this.requirements.get(controller);
    if (perController === undefined) {
      perController = new WeakMap();
      this.requirements.set(controller, perController);
    }
    let found = perController.get(handler);
    if (found === undefined) {
      found = readRouteRequirements(this.reflector, handler, controller);
      perController.set(handler, found);
    }
    return found;
  }
}
