import { parseTokenCutoff, serializeTokenCutoff } from './token-cutoff';

describe(parseTokenCutoff.name, () => {
  it('reads back what was serialized', () => {
    const cutoff = { userId: 'u1', validAfter: '2026-01-01T00:00:00.123Z' };

    expect(parseTokenCutoff(serializeTokenCutoff(cutoff))).toEqual(cutoff);
  });

  it.each([undefined, '', 'not json', '42', '{"userId":1}', '{"userId":"u","validAfter":"x"}'])(
    'ignores a malformed payload: %p',
    (payload) => {
      expect(parseTokenCutoff(payload)).toBeUndefined();
    },
  );
});
