import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isPromise } from '../jwt/maybe-promise';
import type { Principal } from '../principal';
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

  /**
   * Synchronous when the token is answered synchronously (a cache hit with the built-in key
   * sources): Nest awaits nothing for a boolean, which saves the request several microtasks.
   * Refusals are always a rejected promise, as from an async canActivate.
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    try {
      const requirements = this.requirementsOf(context.getClass(), context.getHandler());
      if (requirements.isPublic) return true;
      const request = this.getRequest(context);
      const principal = this.auth.authenticateInline(request.headers.authorization);
      if (isPromise(principal)) {
        return principal.then((found) => this.admit(context, request, found, requirements));
      }
      return this.admit(context, request, principal, requirements);
    } catch (error) {
      return refusal(error);
    }
  }

  /** Where the token is read and the principal left (`request.user`), as @nestjs/passport does. */
  getRequest(context: ExecutionContext): AuthenticatedRequest {
    return requestOf(context);
  }

  private admit(
    context: ExecutionContext,
    request: AuthenticatedRequest,
    principal: Principal,
    requirements: RouteRequirements,
  ): true {
    request.user = principal;
    // principalOf finds it on the request, unless an overridden getRequest made that request up.
    if (this.getRequest !== WardenAuthGuard.prototype.getRequest) {
      rememberPrincipal(context, principal);
    }
    this.auth.authorize(principal, requirements.policies);
    return true;
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

/** A rejected promise of `error`, as an async canActivate would have returned. */
// eslint-disable-next-line @typescript-eslint/require-await
async function refusal(error: unknown): Promise<never> {
  throw error;
}
