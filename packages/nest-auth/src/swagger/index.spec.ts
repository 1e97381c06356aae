import { Reflector } from '@nestjs/core';
import { readRouteRequirements } from '../guards/route-requirements';
import { policy } from '../policy/policy.builder';
import { Permissions, Policy, RequiresAuth, RequiresMfa, Roles } from './index';

class DocumentedController {
  @RequiresAuth()
  me(): void {}

  @Roles('admin')
  admin(): void {}

  @Permissions.any('audit:read', 'audit:export')
  audit(): void {}

  @Policy(policy().rolesAll('auditor'))
  policed(): void {}

  @RequiresMfa()
  payout(): void {}
}

const handler = (name: keyof DocumentedController): object => DocumentedController.prototype[name];
const responsesOf = (name: keyof DocumentedController): Record<string, unknown> =>
  Reflect.getMetadata('swagger/apiResponse', handler(name)) as Record<string, unknown>;

describe('@warden/nest-auth/swagger', () => {
  it('documents bearer security on every protecting decorator', () => {
    for (const name of ['me', 'admin', 'audit', 'policed', 'payout'] as const) {
      expect(Reflect.getMetadata('swagger/apiSecurity', handler(name))).toEqual(
        expect.arrayContaining([{ bearer: [] }]),
      );
    }
  });

  it('documents 401 everywhere, and 403 only where a valid token can still be refused', () => {
    expect(Object.keys(responsesOf('me'))).toEqual(['401']);
    expect(Object.keys(responsesOf('admin')).sort()).toEqual(['401', '403']);
    expect(Object.keys(responsesOf('policed')).sort()).toEqual(['401', '403']);
  });

  it('documents the step-up 401 of @RequiresMfa(), and no 403', () => {
    const responses = responsesOf('payout') as Record<string, { description: string }>;

    expect(Object.keys(responses)).toEqual(['401']);
    expect(responses['401'].description).toContain('insufficient_user_authentication');
    const payout = readRouteRequirements(new Reflector(), handler('payout'), DocumentedController);
    expect(payout.policies).toEqual([expect.objectContaining({ mfa: true })]);
  });

  it('keeps the requirements of the main entry decorators', () => {
    const reflector = new Reflector();
    const admin = readRouteRequirements(reflector, handler('admin'), DocumentedController);
    const audit = readRouteRequirements(reflector, handler('audit'), DocumentedController);

    expect(admin.isPublic).toBe(false);
    expect(admin.policies).toHaveLength(1);
    expect(audit.policies).toHaveLength(1);
  });
});
