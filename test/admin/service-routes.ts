import { RequestMethod, Type } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readRouteRequirements } from '../../packages/nest-auth/src/guards/route-requirements';
import { EnrolmentTokenGuard } from '../../src/mfa/enrolment-token.guard';

// @nestjs/common's PATH_METADATA and METHOD_METADATA (its package root does not export them).
// A change of these keys would make the walk find no routes, which the tests catch.
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const GUARDS_METADATA = '__guards__';

export interface ServiceRoute {
  /** `GET /users/:id` */
  key: string;
  method: string;
  path: string;
  /**
   * Reached without a token: `@Public()` to the global guard (its reading of the metadata) and
   * behind no guard of its own (EnrolmentTokenGuard: the enrolment routes check a token themselves).
   */
  isPublic: boolean;
}

/** Every route Nest registered from a controller, with the guard's reading of its metadata. */
export function nestRoutes(app: NestFastifyApplication): ServiceRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes = new Map<string, ServiceRoute>();
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type | null;
    if (!controller) continue;
    const prototype = controller.prototype as Record<string, unknown>;
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const paths: unknown = Reflect.getMetadata(PATH_METADATA, handler);
      if (paths === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const method = RequestMethod[requestMethod];
      const ownGuards: unknown = Reflect.getMetadata(GUARDS_METADATA, handler);
      const guardedOnItsOwn = Array.isArray(ownGuards) && ownGuards.includes(EnrolmentTokenGuard);
      const isPublic =
        readRouteRequirements(reflector, handler, controller).isPublic && !guardedOnItsOwn;
      for (const prefix of prefixes) {
        for (const path of asArray(paths)) {
          const full = joinPath(prefix, path);
          const key = `${method} ${full}`;
          routes.set(key, { key, method, path: full, isPublic });
        }
      }
    }
  }
  return [...routes.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Every route the HTTP server answers (Nest's and any registered on Fastify directly, such as
 * the OpenAPI UI), read from Fastify's route tree. HEAD routes Fastify adds for GET are left out.
 */
export function fastifyRoutes(app: NestFastifyApplication): string[] {
  const tree = app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes = new Set<string>();
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const methods = (match[3] ?? '').split(',').map((method) => method.trim());
    for (const method of methods) {
      if (method && method !== 'HEAD') routes.add(`${method} ${stack.join('')}`);
    }
  }
  return [...routes].sort();
}

/** A concrete URL for a route pattern: a fresh UUID for `:id`, `x` for any other parameter. */
export function concretePath(path: string): string {
  return path
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:[A-Za-z_]\w*/g, 'x');
}

function asArray(value: unknown): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? (value as string[]) : [value as string];
}

function joinPath(prefix: string, path: string): string {
  const segments = [prefix, path].flatMap((part) => part.split('/')).filter(Boolean);
  return `/${segments.join('/')}`;
}
