import { InvalidTargetError } from './oauth.errors';
import { unverifiedAudiences } from './issued-token.verifier';
import { audiencesOfRequest } from './requested-audiences';

describe(audiencesOfRequest.name, () => {
  it('takes resource URIs first, then audience names', () => {
    expect(
      audiencesOfRequest({
        resource: ['https://billing.example.com', 'urn:example:reports'],
        audience: 'internal-api',
      }),
    ).toEqual(['https://billing.example.com', 'urn:example:reports', 'internal-api']);
  });

  it.each(['billing', 'https://billing.example.com#part', '/relative', 'https://a b'])(
    'refuses the resource %j: RFC 8707 §2 wants an absolute URI without a fragment',
    (resource) => {
      expect(() => audiencesOfRequest({ resource })).toThrow(InvalidTargetError);
    },
  );
});

describe(unverifiedAudiences.name, () => {
  const jws = (payload: unknown) =>
    `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

  it('reads a string or a list of strings', () => {
    expect(unverifiedAudiences(jws({ aud: 'billing' }))).toEqual(['billing']);
    expect(unverifiedAudiences(jws({ aud: ['a', 1, 'b'] }))).toEqual(['a', 'b']);
  });

  it('gives nothing for what is not a JWS with a sane aud', () => {
    expect(unverifiedAudiences('opaque')).toEqual([]);
    expect(unverifiedAudiences('a.%%%.c')).toEqual([]);
    expect(unverifiedAudiences(jws(null))).toEqual([]);
    expect(unverifiedAudiences(jws({ aud: Array.from({ length: 50 }, () => 'x') }))).toEqual([]);
  });
});
