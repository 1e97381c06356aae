import {
  AUDIENCE,
  claims,
  InMemoryKeyResolver,
  ISSUER,
  NOW,
  signToken,
  testKey,
} from '../test/token-factory';
import type { AccessTokenClaims } from './access-token-claims';
import { AccessTokenVerifier } from './jwt/access-token.verifier';
import { checkAll } from './policy/policy.check';
import { policy } from './policy/policy.builder';
import { Principal, principalFromClaims, VerifiedClaims } from './principal';

/** What an API maps into its tokens from the subject's attributes (see the README). */
interface TenantClaims {
  tenant_id: string;
  instance_ids: string[];
  plan?: { name: string; seats: number };
}

const key = testKey('ES256');
const tenantToken = signToken(
  key,
  claims({ tenant_id: 'acme', instance_ids: ['i-1', 'i-2'], plan: { name: 'team', seats: 5 } }),
);

function verifier(): AccessTokenVerifier {
  return new AccessTokenVerifier(
    { issuer: ISSUER, audience: AUDIENCE, algorithms: ['ES256'], now: () => NOW },
    new InMemoryKeyResolver(key),
  );
}

describe('Principal with custom claims', () => {
  it('keeps the custom claims of a verified token, typed as the app declares them', async () => {
    const principal = (await verifier().verify(tenantToken)) as Principal<TenantClaims>;
    const tenantId: string = principal.claims.tenant_id;
    const instanceIds: readonly string[] = principal.claims.instance_ids;

    expect(tenantId).toBe('acme');
    expect(instanceIds).toEqual(['i-1', 'i-2']);
    expect(principal.claims.plan).toEqual({ name: 'team', seats: 5 });
    expect(principal.claims.sub).toBe('user-1');
  });

  it('freezes them all the way down, so no request can change what the next one reads', async () => {
    const sut = verifier();
    const principal = (await sut.verify(tenantToken)) as Principal<TenantClaims>;

    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.claims)).toBe(true);
    expect(Object.isFrozen(principal.claims.instance_ids)).toBe(true);
    expect(Object.isFrozen(principal.claims.plan)).toBe(true);
    expect(() => (principal.claims.instance_ids as string[]).push('i-3')).toThrow(TypeError);
    // The cache hands the same frozen principal to the next request with this token.
    expect(await sut.verify(tenantToken)).toBe(principal);
    expect(principal.claims.instance_ids).toEqual(['i-1', 'i-2']);
  });

  it('builds the same frozen copy from claims given directly', () => {
    const given = claims({ tenant_id: 'acme', instance_ids: ['i-1'] }) as unknown;
    const principal = principalFromClaims<TenantClaims>(given as AccessTokenClaims);

    expect(principal.claims.tenant_id).toBe('acme');
    expect(Object.isFrozen(principal.claims.instance_ids)).toBe(true);
    expect(Object.isFrozen(principal.roles)).toBe(true);
  });

  it('types the claims read-only, refuses unknown names and registered names redeclared', async () => {
    const principal = (await verifier().verify(tenantToken)) as Principal<TenantClaims>;
    const plain: Principal = principal;
    const claimsOnly: VerifiedClaims<TenantClaims> = principal.claims;

    // @ts-expect-error a claim the app did not declare
    expect(principal.claims.tenant).toBeUndefined();
    // @ts-expect-error the default Principal declares no custom claims
    expect(plain.claims.tenant_id).toBe('acme');
    expect(() => {
      // @ts-expect-error frozen, and typed so
      claimsOnly.instance_ids[0] = 'i-3';
    }).toThrow(TypeError);
    // @ts-expect-error a custom claim never redeclares a registered one
    const shadowing: Principal<{ sub: number }> | undefined = undefined;
    expect(shadowing).toBeUndefined();
  });

  it('lets a policy predicate read the custom claims it declares', async () => {
    const principal = await verifier().verify(tenantToken);
    const predicate = (tenant: string) =>
      policy()
        .predicate<TenantClaims>((user) => user.claims.tenant_id === tenant, `tenant ${tenant}`)
        .build();

    expect(checkAll(principal, [predicate('acme')])).toEqual({ allowed: true });
    expect(checkAll(principal, [predicate('globex')])).toMatchObject({ allowed: false });
  });
});

describe('Principal of the authentication event', () => {
  it('carries amr, acr and authTime, frozen', async () => {
    const token = signToken(
      key,
      claims({ amr: ['pwd', 'otp'], acr: 'urn:warden:acr:mfa', auth_time: NOW - 30 }),
    );

    const principal = await verifier().verify(token);

    expect(principal).toMatchObject({
      amr: ['pwd', 'otp'],
      acr: 'urn:warden:acr:mfa',
      authTime: NOW - 30,
    });
    expect(Object.isFrozen(principal.amr)).toBe(true);
  });

  it('has an empty, frozen amr and no acr or authTime when the token says nothing', async () => {
    const principal = await verifier().verify(signToken(key, claims()));

    expect(principal.amr).toEqual([]);
    expect(Object.isFrozen(principal.amr)).toBe(true);
    expect(principal.acr).toBeUndefined();
    expect(principal.authTime).toBeUndefined();
  });
});
