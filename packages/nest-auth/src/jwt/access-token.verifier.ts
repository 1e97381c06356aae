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
import { andThen, isPromise, MaybePromise } from './maybe-promise';
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
  private lastHeader: { segment: string; checked: CheckedJwsHeader } | undefined;
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
    return this.verifyInline(token);
  }

  /**
   * What verify answers, without a promise where none is needed: a principal (or a throw) right
   * away when the key resolver and the revocation checker answer synchronously, as the built-in
   * ones do for known keys; a promise otherwise. The guard's hot path: every promise in the chain
   * costs a microtask per request.
   */
  verifyInline(token: string): MaybePromise<Principal> {
    const now = this.options.now();
    const cached = this.cache.get(token);
    if (cached === undefined) return this.verifyFully(token, now);
    const rechecked = this.recheck(token, cached, now);
    if (isPromise(rechecked)) {
      return rechecked.then((principal) => principal ?? this.verifyFully(token, now));
    }
    return rechecked ?? this.verifyFully(token, now);
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
    return this.knownHeader(token.slice(0, token.indexOf('.')))?.kid;
  }

  get cachedTokens(): number {
    return this.cache.size;
  }

  /**
   * A cache hit skips the signature, never the checks whose answer can change while the token
   * lives: expiry, the key still being served for that kid, and revocation. Undefined: verify
   * from scratch.
   */
  private recheck(
    token: string,
    entry: VerifiedTokenEntry,
    now: number,
  ): MaybePromise<Principal | undefined> {
    if (entry.exp <= now - this.options.rules.clockTolerance) {
      this.cache.delete(token);
      throw new TokenExpiredError();
    }
    const current = this.keyResolver.resolve(entry.kid);
    if (isPromise(current)) {
      return Promise.resolve(current).then((key) => this.recheckKeyHeld(token, entry, key));
    }
    return this.recheckKeyHeld(token, entry, current);
  }

  private recheckKeyHeld(
    token: string,
    entry: VerifiedTokenEntry,
    current: ResolvedKey | undefined,
  ): MaybePromise<Principal | undefined> {
    if (current?.key !== entry.key) {
      // Gone, or replaced by another key object: verify from scratch, which decides.
      this.cache.delete(token);
      return undefined;
    }
    const revoked = this.isRevoked(entry.principal.claims, token);
    if (isPromise(revoked)) {
      return Promise.resolve(revoked).then((answer) => this.cacheHit(entry, answer));
    }
    return this.cacheHit(entry, revoked);
  }

  private cacheHit(entry: VerifiedTokenEntry, revoked: boolean): Principal {
    if (revoked) throw new TokenRevokedError();
    this.stats.cacheHits++;
    return entry.principal;
  }

  private verifyFully(token: string, now: number): MaybePromise<Principal> {
    const segments = splitCompactJws(token, this.options.maxTokenLength);
    const header = this.checkedHeader(segments.header);
    const parsed: ParsedToken = {
      token,
      header,
      signingInput: segments.signingInput,
      payload: decodeJsonSegment(segments.payload, 'payload'),
      signature: decodeBase64Url(segments.signature, 'signature'),
    };
    return andThen(this.keyResolver.resolve(header.kid), (resolved) =>
      this.verifyWithKey(parsed, resolved, now),
    );
  }

  private verifyWithKey(
    { token, header: { alg, kid }, signingInput, payload, signature }: ParsedToken,
    resolved: ResolvedKey | undefined,
    now: number,
  ): MaybePromise<Principal> {
    if (resolved === undefined) throw new UnknownKidError();
    // RFC 8725 §3.1: the key decides the algorithm; the header only has to agree with it.
    if (resolved.alg !== alg) throw new TokenInvalidError('alg differs from the key alg');
    if (!keyFitsAlgorithm(resolved.key, alg)) throw new TokenInvalidError('key does not fit alg');
    this.stats.signatureChecks++;
    const input = Buffer.from(signingInput, 'latin1');
    if (!signatureHolds(alg, resolved.key, input, signature)) {
      throw new TokenInvalidError('bad signature');
    }
    const claims = checkAccessTokenClaims(payload, this.options.rules, now);
    const principal = principalFromClaims(claims);
    return andThen(this.isRevoked(claims, token), (revoked) => {
      if (revoked) throw new TokenRevokedError();
      this.cache.set(token, { principal, kid, key: resolved.key, exp: claims.exp });
      return principal;
    });
  }

  private checkedHeader(segment: string): CheckedJwsHeader {
    const known = this.knownHeader(segment);
    if (known !== undefined) return known;
    const header = decodeJsonSegment(segment, 'header', true);
    const checked = checkJwsHeader(header, this.options.algorithms);
    // Bounded: a flood of distinct (valid) headers only costs re-checking them.
    if (this.headers.size >= MAX_CACHED_HEADERS) this.headers.clear();
    this.headers.set(segment, checked);
    this.lastHeader = { segment, checked };
    return checked;
  }

  /**
   * A header already checked. The last one is compared before the map is asked: most traffic
   * carries one key's header, and a string comparison is cheaper than hashing a fresh segment.
   */
  private knownHeader(segment: string): CheckedJwsHeader | undefined {
    const last = this.lastHeader;
    if (last !== undefined && last.segment === segment) return last.checked;
    const known = this.headers.get(segment);
    if (known !== undefined) this.lastHeader = { segment, checked: known };
    return known;
  }

  private isRevoked(claims: Readonly<AccessTokenClaims>, token: string): MaybePromise<boolean> {
    if (this.revocationChecker === undefined) return false;
    return this.revocationChecker.isRevoked(claims, token);
  }
}

/** A token split and decoded, waiting for its key. */
interface ParsedToken {
  token: string;
  header: CheckedJwsHeader;
  signingInput: string;
  payload: Record<string, unknown>;
  signature: Buffer;
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
