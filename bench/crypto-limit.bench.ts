import { verify as cryptoVerify } from 'node:crypto';
import { jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { Report } from './lib/results';
import { ratio, Sample } from './lib/stats';
import { opsPerSecondAsync, opsPerSecondSync } from './lib/throughput';
import {
  BENCH_AUDIENCE,
  BENCH_ISSUER,
  BenchAlgorithm,
  benchKey,
  BenchKey,
  benchToken,
} from './lib/tokens';

const BENCHMARK = 'Verification vs the crypto limit (in-process, one core)';

function rawVerifier(key: BenchKey, token: string): () => boolean {
  const [header, payload, signature] = token.split('.');
  const data = Buffer.from(`${header}.${payload}`);
  const sig = Buffer.from(signature, 'base64url');
  if (key.alg === 'RS256') return () => cryptoVerify('sha256', data, key.publicKey, sig);
  if (key.alg === 'ES256') {
    const ecKey = { key: key.publicKey, dsaEncoding: 'ieee-p1363' as const };
    return () => cryptoVerify('sha256', data, ecKey, sig);
  }
  return () => cryptoVerify(null, data, key.publicKey, sig);
}

/** A verifier under test, built once per algorithm; undefined where it cannot do that algorithm. */
export type VerifierFactory = (
  key: BenchKey,
  token: string,
) => Verifier | undefined | Promise<Verifier | undefined>;

export interface Verifier {
  name: string;
  verify: () => unknown;
  async: boolean;
}

const libraries: VerifierFactory[] = [
  (key) => ({
    name: 'jose.jwtVerify (KeyObject)',
    async: true,
    verify: () =>
      jwtVerify(tokenFor.get(key)!, key.publicKey, {
        algorithms: [key.alg],
        issuer: BENCH_ISSUER,
        audience: BENCH_AUDIENCE,
        typ: 'at+jwt',
      }),
  }),
  (key, token) =>
    // jsonwebtoken 9 has no EdDSA.
    key.alg === 'EdDSA'
      ? undefined
      : {
          name: 'jsonwebtoken.verify (KeyObject)',
          async: false,
          verify: () =>
            jsonwebtoken.verify(token, key.publicKey, {
              algorithms: [key.alg as 'RS256' | 'ES256'],
              issuer: BENCH_ISSUER,
              audience: BENCH_AUDIENCE,
            }),
        },
];

const tokenFor = new Map<BenchKey, string>();

export async function cryptoLimitBenchmark(
  report: Report,
  extra: VerifierFactory[] = [],
): Promise<void> {
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as BenchAlgorithm[]) {
    const key = await benchKey(alg);
    const token = await benchToken(key);
    tokenFor.set(key, token);
    const limit = opsPerSecondSync(rawVerifier(key, token));
    report.figures.push({
      benchmark: BENCHMARK,
      name: `${alg}: raw crypto.verify (the limit)`,
      value: limit,
      unit: 'verifications/s',
    });
    for (const factory of [...extra, ...libraries]) {
      const verifier = await factory(key, token);
      if (!verifier) continue;
      const value: Sample = verifier.async
        ? await opsPerSecondAsync(verifier.verify as () => Promise<unknown>)
        : opsPerSecondSync(verifier.verify);
      report.figures.push({
        benchmark: BENCHMARK,
        name: `${alg}: ${verifier.name}`,
        value,
        unit: 'verifications/s',
        baseline: { name: 'raw crypto.verify', value: limit },
        ratio: ratio(value, limit),
      });
    }
  }
}
