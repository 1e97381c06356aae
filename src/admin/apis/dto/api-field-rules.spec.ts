import { validationProblems } from '../../../common/validation-problems';
import { CreateApiDto } from './create-api.dto';
import { UpdateApiDto } from './update-api.dto';

const valid = { identifier: 'https://billing.example.com', name: 'Billing', permissions: [] };

describe('API field rules', () => {
  it('accepts a minimal API, and a null or absent lifetime', async () => {
    expect(await validationProblems(CreateApiDto, valid)).toEqual([]);
    expect(await validationProblems(CreateApiDto, { ...valid, access_token_ttl: null })).toEqual(
      [],
    );
  });

  it('names every reserved claim an API would map, once', async () => {
    const problems = await validationProblems(CreateApiDto, {
      ...valid,
      claims: ['tenant_id', 'sub', 'roles', 'sub'],
    });

    expect(problems).toEqual(['claims may not map sub, roles: they are reserved claim names']);
  });

  it('tells a reserved name from a name of the wrong shape', async () => {
    expect(await validationProblems(CreateApiDto, { ...valid, claims: ['aud'] })).toEqual([
      'claims may not map aud: it is a reserved claim name',
    ]);
    expect(await validationProblems(CreateApiDto, { ...valid, claims: ['Tenant-Id'] })).toEqual([
      expect.stringMatching(/^each claim must be/),
    ]);
  });

  it('leaves every field of a change optional, but refuses null where null means nothing', async () => {
    expect(await validationProblems(UpdateApiDto, {})).toEqual([]);
    expect(await validationProblems(UpdateApiDto, { access_token_ttl: null })).toEqual([]);
    for (const field of ['name', 'permissions', 'allowed_token_uses', 'claims']) {
      expect(await validationProblems(UpdateApiDto, { [field]: null })).not.toEqual([]);
    }
  });
});
