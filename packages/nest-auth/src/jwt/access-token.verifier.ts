import type { KeyObject } from 'node:crypto';
import type { AccessTokenClaims } from '../access-token-claims';
import {
  TokenExpiredError,
  TokenInvalidError,
  TokenRevokedError,
  UnknownKidError,
} from '../errors/token.errors';
import type { KeyResolver, ResolvedKey } from '../key-resolver';
import { Principal, principalFromClaims } from '../principal';
import type { RevocationChecker } from '../revocation-checker';
import { checkAccessTokenClaims } from './access-token-claims.check';
import {
  AccessTokenVerifierOptions,
  resolveVerifierOptions,
  ResolvedVerifierOptions,
} from './access-token-verifier.options';
import { decodeBase64Url, decodeJsonSegment, splitCompactJws } from './compact-jws.parser';
import { CheckedJwsHeader, checkJwsHeader, JwsAlgorithm } from './jws-header.check';
import { keyFitsAlgorithm, verifyJwsSignature } from './jws-signature.verify';
import { VerifiedTokenCache, VerifiedTokenEntry } from './verified-token.cache';

/**
 * Verifies Warden access tokens (docs/architecture.md §3, RFC 8725, RFC 9068) with node:crypto on
 * keys parsed once by the KeyResolver, and remembers tokens it has verified. No framework imports:
 * the Nest service, the passport strategy and library consumers all wrap this one class.
 *
 * @example
 * ```ts
 * const verifier = new AccessTokenVerifier(
 *   { issuer: 'https://auth.example.com', audience: 'api', algorithms: ['RS256'] },
 *   { resolve: (kid) => keys.get(kid) },
 * );
 * const principal = await verifier.verify(token);
 * ```
 */
export class AccessTokenVerifier {
  private readonly options: ResolvedVerifierOptions;
  private readonly cache: VerifiedTokenCache;
  /** Checked headers by their exact segment: every token of one key shares one header. */
  private readonly headers = new Map<string, CheckedJwsHeader>();
  /** Counters for metrics: how often the cache answered, how often crypto ran. */
  readonly stats = { cacheHits: 0, signatureChecks: 0 };

  constructor(
    options: AccessTokenVerifierOptions,
    private readonly keyResolver: KeyResolver,
    private readonly revocationChecker?: RevocationChecker,
  ) {
    this.options = resolveVerifierOptions(options);
    this.cache = new VerifiedTokenCache(this.options.cacheSize);
  }

  /** The verified principal, or a typed AuthenticationError saying why not. */
  async verify(token: string): Promise<Principal> {
    const now = this.options.now();
    const cached = this.cache.get(token);
    if (cached !== undefined) {
      const principal = await this.recheck(token, cached, now);
      if (principal !== undefined) return principal;
    }
    return this.verifyFully(token, now);
  }

  /** Forgets every cached token verified by `kid`: call it when that key is revoked or retired. */
  dropKid(kid: string): number {
    return this.cache.dropKid(kid);
  }

  /**
   * The kid of a token whose header this verifier has already checked, without decoding
   * anything; undefined otherwise. For metrics labels.
   */
  checkedKidOf(token: string): string | undefined {
    return this.headers.get(token.slice(0, token.indexOf('.')))?.kid;
  }

  get cachedTokens(): number {
    return this.cache.size;
  }

  /**
   * A cache hit skips the signature, never the checks whose answer can change while the token
   * lives: expiry, the key still being served for that kid, and revocation.
   */
  private async recheck(
    token: string,
    entry: VerifiedTokenEntry,
    now: number,
  ): Promise<Principal | undefined> {
    if (entry.exp <= now - this.options.rules.clockTolerance) {
      this.cache.delete(token);
      throw new TokenExpiredError();
    }
    const current = await this.resolveKey(entry.kid);
    if (current?.key !== entry.key) {
      // Gone, or replaced by another key object: verify from scratch, which decides.
      this.cache.delete(token);
      return undefined;
    }
    await this.assertNotRevoked(entry.principal.claims, token);
    this.stats.cacheHits++;
    return entry.principal;
  }

  private async verifyFully(token: string, now: number): Promise<Principal> {
    const segments = splitCompactJws(token, this.options.maxTokenLength);
    const { alg, kid } = this.checkedHeader(segments.header);
    const payload = decodeJsonSegment(segments.payload, 'payload');
    const signature = decodeBase64Url(segments.signature, 'signature');
    const resolved = await this.resolveKey(kid);
    if (resolved === undefined) throw new UnknownKidError();
    // RFC 8725 §3.1: the key decides the algorithm; the header only has to agree with it.
    if (resolved.alg !== alg) throw new TokenInvalidError('alg differs from the key alg');
    if (!keyFitsAlgorithm(resolved.key, alg)) throw new TokenInvalidError('key does not fit alg');
    this.stats.signatureChecks++;
    const signingInput = Buffer.from(segments.signingInput, 'latin1');
    if (!signatureHolds(alg, resolved.key, signingInput, signature)) {
      throw new TokenInvalidError('bad signature');
    }
    const claims = checkAccessTokenClaims(payload, this.options.rules, now);
    const principal = principalFromClaims(claims);
    await this.assertNotRevoked(claims, token);
    this.cache.set(token, { principal, kid, key: resolved.key, exp: claims.exp });
    return principal;
  }

  private checkedHeader(segment: string): CheckedJwsHeader {
    const known = this.headers.get(segment);
    if (known !== undefined) return known;
    const header = decodeJsonSegment(segment, 'header', true);
    const checked = checkJwsHeader(header, this.options.algorithms);
    // Bounded: a flood of distinct (valid) headers only costs re-checking them.
    if (this.headers.size >= MAX_CACHED_HEADERS) this.headers.clear();
    this.headers.set(segment, checked);
    return checked;
  }

  private async resolveKey(kid: string): Promise<ResolvedKey | undefined> {
    const resolved = this.keyResolver.resolve(kid);
    return isPromise(resolved) ? await resolved : resolved;
  }

  private async assertNotRevoked(
    claims: Readonly<AccessTokenClaims>,
    token: string,
  ): Promise<void> {
    if (this.revocationChecker === undefined) return;
    const answer = this.revocationChecker.isRevoked(claims, token);
    const revoked = isPromise(answer) ? await answer : answer;
    if (revoked) throw new TokenRevokedError();
  }
}

const MAX_CACHED_HEADERS = 256;

function signatureHolds(
  alg: JwsAlgorithm,
  key: KeyObject,
  signingInput: Buffer,
  signature: Buffer,
): boolean {
  try {
    return verifyJwsSignature(alg, key, signingInput, signature);
  } catch {
    // OpenSSL throws on some malformed signatures (wrong length for the modulus, bad encoding).
    return false;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | undefined)?.then === 'function';
}
