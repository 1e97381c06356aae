import { ApisAdminController } from '../../src/admin/apis/apis-admin.controller';
import type { TestApp } from '../support/test-app';
import type { AdminSession } from './admin.fixtures';
import { ApisTestApp, at, BILLING, createApisTestApp, TTL_MAX } from './apis.fixtures';

/** 400 `ERR_VALIDATION` naming the field, for each rule of an API's fields. */
describe(`${ApisAdminController.name} validation`, () => {
  let sut: TestApp;
  let admin: AdminSession;
  let created: ApisTestApp['created'];

  beforeAll(async () => {
    ({ sut, admin, created } = await createApisTestApp());
    await created({ identifier: 'patched-api', name: 'Patched', permissions: [] });
  });
  afterAll(() => sut.close());

  const valid = { identifier: 'valid-api', name: 'Valid', permissions: [] };
  it.each([
    [
      'a reserved claim name',
      { ...valid, claims: ['tenant_id', 'sub'] },
      'claims',
      /sub.*reserved/,
    ],
    ['a claim name of the wrong shape', { ...valid, claims: ['Tenant'] }, 'claims', /claim/],
    [
      'a lifetime above the bound',
      { ...valid, access_token_ttl: TTL_MAX + 1 },
      'access_token_ttl',
      new RegExp(String(TTL_MAX)),
    ],
    ['a lifetime of 0', { ...valid, access_token_ttl: 0 }, 'access_token_ttl', /access_token_ttl/],
    ['no token use', { ...valid, allowed_token_uses: [] }, 'allowed_token_uses', /at least one/],
    [
      'an unknown token use',
      { ...valid, allowed_token_uses: ['refresh'] },
      'allowed_token_uses',
      /token use/,
    ],
    [
      'an identifier with a fragment',
      { ...valid, identifier: `${BILLING}/#x` },
      'identifier',
      /identifier/,
    ],
    [
      'an identifier with a space',
      { ...valid, identifier: 'billing api' },
      'identifier',
      /identifier/,
    ],
    [
      'an identifier too long',
      { ...valid, identifier: 'a'.repeat(201) },
      'identifier',
      /identifier/,
    ],
    [
      'a malformed permission',
      { ...valid, permissions: ['invoices read'] },
      'permissions',
      /permission/,
    ],
    ['an empty name', { ...valid, name: '' }, 'name', /name/],
    ['an unknown member', { ...valid, audience: 'x' }, 'audience', /should not exist/],
  ])('refuses %s on POST with 400 naming the field', async (_case, body, field, message) => {
    const response = await admin.call('POST', '/apis', body);

    expect(response.status).toBe(400);
    const answer = (await response.json()) as {
      code: string;
      errors: { field: string; message: string }[];
    };
    expect(answer.code).toBe('ERR_VALIDATION');
    expect(answer.errors).toEqual(
      expect.arrayContaining([{ field, message: expect.stringMatching(message) as string }]),
    );
    expect((await admin.call('GET', at(body.identifier))).status).not.toBe(200);
  });

  it.each([
    ['a reserved claim name', { claims: ['roles'] }, 'claims'],
    ['a lifetime above the bound', { access_token_ttl: TTL_MAX + 1 }, 'access_token_ttl'],
    ['no token use', { allowed_token_uses: [] }, 'allowed_token_uses'],
    ['a null name', { name: null }, 'name'],
    ['the identifier', { identifier: 'renamed' }, 'identifier'],
  ])('refuses %s on PATCH with 400 naming the field', async (_case, body, field) => {
    const response = await admin.call('PATCH', at('patched-api'), body);

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'ERR_VALIDATION',
      errors: expect.arrayContaining([expect.objectContaining({ field })]) as unknown,
    });
    expect(await (await admin.call('GET', at('patched-api'))).json()).toMatchObject({
      name: 'Patched',
      access_token_ttl: null,
      claims: [],
    });
  });

  it.each(['GET', 'PATCH', 'DELETE'] as const)(
    'refuses a malformed identifier in the path of %s',
    async (method) => {
      const response = await admin.call(
        method,
        at('billing api'),
        method === 'PATCH' ? {} : undefined,
      );

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'ERR_VALIDATION',
        errors: [expect.objectContaining({ field: 'identifier' })],
      });
    },
  );
});
