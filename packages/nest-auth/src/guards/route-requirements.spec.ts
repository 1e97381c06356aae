import { Reflector } from '@nestjs/core';
import { Permissions } from '../decorators/permissions.decorator';
import { Policy } from '../decorators/policy.decorator';
import { RequiresAuth } from '../decorators/requires-auth.decorator';
import { Roles } from '../decorators/roles.decorator';
import { policy } from '../policy/policy.builder';
import { Public } from '../public.decorator';
import { readRouteRequirements } from './route-requirements';

@Roles('admin')
class AdminController {
  @Permissions('keys:rotate')
  rotate(): void {}

  @Roles.all('auditor')
  @Permissions.any('audit:read', 'audit:export')
  @Policy(policy().predicate(() => true, 'always'))
  audit(): void {}

  list(): void {}
}

@Public()
class OpenController {
  open(): void {}

  @RequiresAuth()
  mine(): void {}

  @Roles('admin')
  restricted(): void {}
}

@RequiresAuth()
class ClosedController {
  @Public()
  login(): void {}

  closed(): void {}
}

class PlainController {
  undecorated(): void {}

  @Public()
  @Permissions('x')
  contradictory(): void {}
}

const reflector = new Reflector();
function requirementsOf(controller: { prototype: object }, method: string) {
  const handler = (controller.prototype as Record<string, object>)[method];
  return readRouteRequirements(reflector, handler, controller);
}

describe(readRouteRequirements.name, () => {
  it('applies class-level and method-level decorators together', () => {
    const { isPublic, policies } = requirementsOf(AdminController, 'rotate');

    expect(isPublic).toBe(false);
    expect(policies).toEqual([
      expect.objectContaining({ permissionsAll: ['keys:rotate'] }),
      expect.objectContaining({ rolesAny: [['admin']] }),
    ]);
  });

  it('keeps every decorator stacked on one method', () => {
    const { policies } = requirementsOf(AdminController, 'audit');

    expect(policies).toHaveLength(4);
    expect(policies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rolesAll: ['auditor'] }),
        expect.objectContaining({ permissionsAny: [['audit:read', 'audit:export']] }),
        expect.objectContaining({ predicates: [expect.objectContaining({ name: 'always' })] }),
        expect.objectContaining({ rolesAny: [['admin']] }),
      ]),
    );
  });

  it('gives a method without decorators its class requirements', () => {
    expect(requirementsOf(AdminController, 'list').policies).toEqual([
      expect.objectContaining({ rolesAny: [['admin']] }),
    ]);
  });

  it('denies by default: no metadata means protected', () => {
    expect(requirementsOf(PlainController, 'undecorated')).toEqual({
      isPublic: false,
      policies: [],
    });
  });

  it('lets @Public() open a route', () => {
    expect(requirementsOf(OpenController, 'open').isPublic).toBe(true);
    expect(requirementsOf(ClosedController, 'login').isPublic).toBe(true);
  });

  it('lets a method-level @RequiresAuth() close a route of a public class', () => {
    expect(requirementsOf(OpenController, 'mine').isPublic).toBe(false);
    expect(requirementsOf(ClosedController, 'closed').isPublic).toBe(false);
  });

  it('never lets @Public() cancel a role or permission requirement', () => {
    expect(requirementsOf(OpenController, 'restricted').isPublic).toBe(false);
    expect(requirementsOf(PlainController, 'contradictory').isPublic).toBe(false);
  });

  it('adds no OpenAPI metadata (the /swagger sub-path does)', () => {
    expect(Reflect.getMetadataKeys(AdminController.prototype.rotate)).not.toContain(
      'swagger/apiSecurity',
    );
  });
});
