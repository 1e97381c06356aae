import { createVerifier } from 'fast-jwt';
import { jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { runCount, runMs } from './lib/budget';
import { recordGoal } from './lib/goals';
import { interleavedRounds } from './lib/interleaved';
import { rawVerifier } from './lib/raw-verify';
import { Figure, Report } from './lib/results';
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
const RUNS = runCount(5);
const RUN_MS = runMs(1000);

/** A verifier under test, built once per algorithm; undefined where it cannot do that algorithm. */
export type VerifierFactory = (
  key: BenchKey,
  token: string,
) => Verifier | undefined | Promise<Verifier | undefined>;

export interface Verifier {
  name: string;
  verify: () => unknown;
  async: boolean;
  /** The figures the performance issue compares: Warden's fresh-token verifier, and its peer. */
  role?: 'warden-fresh' | 'fast-jwt';
}

/** fast-jwt as its users configure it: the public key as PEM, the same checks as Warden's. */
function fastJwt(cache: boolean): VerifierFactory {
  return (key, token) => {
    const verify = createVerifier({
      key: key.publicPem,
      algorithms: [key.alg],
      allowedIss: BENCH_ISSUER,
      allowedAud: BENCH_AUDIENCE,
      checkTyp: 'at+jwt',
      requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat', 'jti'],
      cache,
    });
    return cache
      ? {
          name: 'fast-jwt, with its token cache (cache: true)',
          async: false,
          verify: (): unknown => verify(token),
        }
      : {
          name: 'fast-jwt (no cache)',
          async: false,
          role: 'fast-jwt',
          verify: (): unknown => verify(token),
        };
  };
}

const libraries: VerifierFactory[] = [
  fastJwt(false),
  fastJwt(true),
  (key, token) => ({
    name: 'jose.jwtVerify (KeyObject)',
    async: true,
    verify: () =>
      jwtVerify(token, key.publicKey, {
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

/** One run of one verifier: verifications per second on this thread. */
function oneRun(verifier: Verifier): () => Promise<number> {
  return async () =>
    verifier.async
      ? (await opsPerSecondAsync(verifier.verify as () => Promise<unknown>, 1, RUN_MS)).median
      : opsPerSecondSync(verifier.verify, 1, RUN_MS).median;
}

/**
 * Per algorithm, one token and one key: raw crypto.verify (the limit), Warden's verifier and the
 * libraries, in interleaved rounds (one run of each, then again), so each round's ratios compare
 * figures measured within seconds of each other.
 */
export async function cryptoLimitBenchmark(
  report: Report,
  extra: VerifierFactory[] = [],
): Promise<void> {
  for (const alg of ['RS256', 'ES256', 'EdDSA'] as BenchAlgorithm[]) {
    const key = await benchKey(alg);
    const token = await benchToken(key);
    const raw: Verifier = {
      name: 'raw crypto.verify (the limit)',
      async: false,
      verify: rawVerifier(key, token),
    };
    const verifiers = [raw];
    for (const factory of [...extra, ...libraries]) {
      const verifier = await factory(key, token);
      if (verifier) verifiers.push(verifier);
    }
    const [limit, ...values] = await interleavedRounds(verifiers.map(oneRun), RUNS);
    const figure = (name: string, value: Sample, baseline?: { name: string; value: Sample }) => {
      const entry: Figure = {
        benchmark: BENCHMARK,
        name: `${alg}: ${name}`,
        value,
        unit: 'verifications/s',
        ...(baseline ? { baseline, ratio: ratio(value, baseline.value) } : {}),
      };
      report.figures.push(entry);
      return entry;
    };
    figure(raw.name, limit);
    const byRole = new Map<Verifier['role'], Figure>();
    verifiers.slice(1).forEach((verifier, i) => {
      const entry = figure(verifier.name, values[i], { name: 'raw crypto.verify', value: limit });
      if (verifier.role) byRole.set(verifier.role, entry);
    });
    const warden = byRole.get('warden-fresh');
    const peer = byRole.get('fast-jwt');
    if (!warden || !peer) continue;
    const versusPeer = figure('Warden fresh token ÷ fast-jwt (no cache)', warden.value, {
      name: 'fast-jwt (no cache)',
      value: peer.value,
    });
    if (alg === 'RS256') {
      recordGoal(report, 'verifier-raw', warden);
      recordGoal(report, 'verifier-fast-jwt', versusPeer);
    }
  }
}
