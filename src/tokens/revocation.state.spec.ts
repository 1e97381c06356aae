import { epochSeconds } from '@warden/nest-auth';
import { FakeClock } from '../common/fake-clock';
import { firstValidIssueSecond, RevocableClaims, RevocationState } from './revocation.state';

const SUB = 'user-1';

function claims(overrides: Partial<RevocableClaims> = {}): RevocableClaims {
  return { jti: 'jti-1', sub: SUB, iat: 0, client_id: 'warden', ...overrides };
}

describe(RevocationState.name, () => {
  let clock: FakeClock;
  let sut: RevocationState;

  beforeEach(() => {
    clock = new FakeClock(Date.UTC(2026, 0, 1, 12, 0, 0, 400));
    sut = new RevocationState();
  });

  it('refuses a denied jti and nothing else', () => {
    sut.revokeJti('jti-1', epochSeconds(clock) + 900);

    expect(sut.isRevoked(claims({ jti: 'jti-1' }))).toBe(true);
    expect(sut.isRevoked(claims({ jti: 'jti-2' }))).toBe(false);
  });

  it('refuses tokens issued before or in the second of a revocation, not after it', () => {
    const now = epochSeconds(clock);
    sut.revokeSubject(SUB, firstValidIssueSecond(clock.now()));

    expect(sut.isRevoked(claims({ iat: now - 1 }))).toBe(true);
    expect(sut.isRevoked(claims({ iat: now }))).toBe(true);
    expect(sut.isRevoked(claims({ iat: now + 1 }))).toBe(false);
    expect(sut.isRevoked(claims({ sub: 'user-2', iat: now - 1 }))).toBe(false);
    expect(sut.validFrom(SUB)).toBe(now + 1);
  });

  it('refuses a token whose session id (sid) is denied, whatever its own jti', () => {
    sut.revokeJti('family-1', epochSeconds(clock) + 900);

    expect(sut.isRevoked(claims({ jti: 'delegated-1', sid: 'family-1' }))).toBe(true);
    expect(sut.isRevoked(claims({ jti: 'delegated-2', sid: 'family-2' }))).toBe(false);
    expect(sut.isRevoked(claims({ jti: 'delegated-3' }))).toBe(false);
  });

  it('ignores a sid that is not a string', () => {
    sut.revokeJti('1', epochSeconds(clock) + 900);

    expect(sut.isRevoked(claims({ jti: 'j', sid: 1 }))).toBe(false);
  });

  it("refuses a deleted client's tokens: issued to it, of it, and delegated from them", () => {
    const now = epochSeconds(clock);
    sut.revokeClient('gone', firstValidIssueSecond(clock.now()));

    // Issued to the client: a session token (password grant) or a token it got by exchange.
    expect(sut.isRevoked(claims({ client_id: 'gone', iat: now }))).toBe(true);
    // Of the client: its service token, and one another client got by exchanging that.
    expect(sut.isRevoked(claims({ sub: 'client:gone', client_id: 'gone', iat: now }))).toBe(true);
    expect(sut.isRevoked(claims({ sub: 'client:gone', client_id: 'other', iat: now }))).toBe(true);
    // Issued after the deletion (a new client reusing nothing), and other clients' tokens.
    expect(sut.isRevoked(claims({ client_id: 'gone', iat: now + 1 }))).toBe(false);
    expect(sut.isRevoked(claims({ client_id: 'other', iat: now }))).toBe(false);
  });

  it('merges client cut-offs from a snapshot', () => {
    sut.merge({ jtis: [], cutoffs: [], clientCutoffs: [['gone', 100]] });

    expect(sut.isRevoked(claims({ client_id: 'gone', iat: 99 }))).toBe(true);
    expect(sut.isRevoked(claims({ sub: 'client:gone', client_id: 'x', iat: 99 }))).toBe(true);
    expect(sut.size).toEqual({ jtis: 0, subjects: 1, clients: 1 });
  });

  it('never loosens a cutoff', () => {
    sut.revokeSubject(SUB, 200);
    sut.revokeSubject(SUB, 100);
    sut.merge({ jtis: [], cutoffs: [[SUB, 150]] });

    expect(sut.validFrom(SUB)).toBe(200);
  });

  it('merges a snapshot without dropping what it already holds', () => {
    sut.revokeJti('heard-by-notify', epochSeconds(clock) + 60);

    sut.merge({ jtis: [['polled', epochSeconds(clock) + 60]], cutoffs: [] });

    expect(sut.isRevoked(claims({ jti: 'heard-by-notify' }))).toBe(true);
    expect(sut.isRevoked(claims({ jti: 'polled' }))).toBe(true);
  });

  it('forgets jtis once expired beyond the tolerance, and cutoffs older than any token', () => {
    const start = epochSeconds(clock);
    sut.revokeJti('jti-1', start + 900);
    sut.revokeSubject(SUB, start + 1);
    sut.revokeClient('gone', start + 1);

    clock.advance(900 + 5);
    sut.prune(epochSeconds(clock), 5, 900);
    expect(sut.size).toEqual({ jtis: 1, subjects: 2, clients: 1 });

    clock.advance(2);
    sut.prune(epochSeconds(clock), 5, 900);
    expect(sut.size).toEqual({ jtis: 0, subjects: 0, clients: 0 });
  });
  it('prunes a lengthened denial by its latest exp, not the one it was first given', () => {
    const start = epochSeconds(clock);
    sut.revokeJti('jti-1', start + 60);
    sut.revokeJti('jti-1', start + 900);
    sut.revokeJti('jti-2', start + 60);

    sut.prune(start + 200, 5, 900);
    expect(sut.isRevoked(claims({ jti: 'jti-1' }))).toBe(true);
    expect(sut.isRevoked(claims({ jti: 'jti-2' }))).toBe(false);

    sut.prune(start + 906, 5, 900);
    expect(sut.size.jtis).toBe(0);
  });

  it('prunes an id denied again after it was pruned', () => {
    const start = epochSeconds(clock);
    sut.revokeJti('jti-1', start + 10);
    sut.prune(start + 20, 5, 900);
    sut.revokeJti('jti-1', start + 300);

    sut.prune(start + 100, 5, 900);
    expect(sut.isRevoked(claims({ jti: 'jti-1' }))).toBe(true);
    sut.prune(start + 306, 5, 900);
    expect(sut.size.jtis).toBe(0);
  });
});

describe(firstValidIssueSecond.name, () => {
  it('is the second after the one of the revocation', () => {
    expect(firstValidIssueSecond(new Date(1_800_000_000_000))).toBe(1_800_000_001);
    expect(firstValidIssueSecond(new Date(1_800_000_000_999))).toBe(1_800_000_001);
  });
});
