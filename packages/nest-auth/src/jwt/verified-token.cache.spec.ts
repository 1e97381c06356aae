import { generateKeyPairSync } from 'node:crypto';
import type { Principal } from '../principal';
import { CACHE_KEY_LENGTH, VerifiedTokenCache, VerifiedTokenEntry } from './verified-token.cache';

const key = generateKeyPairSync('ed25519').publicKey;

function entry(sub: string, kid = 'kid-1'): VerifiedTokenEntry {
  return { principal: { sub } as Principal, kid, key, exp: 0 };
}

/** Two distinct token texts that share their last CACHE_KEY_LENGTH characters (the slot key). */
const tail = 'S'.repeat(CACHE_KEY_LENGTH);
const tokenA = `header.payloadA.sig${tail}`;
const tokenB = `header.payloadB.sig${tail}`;

describe(VerifiedTokenCache.name, () => {
  it('answers for the exact token text it stored', () => {
    const cache = new VerifiedTokenCache(10);
    const stored = entry('a');
    cache.set(tokenA, stored);

    expect(cache.get(tokenA)).toBe(stored);
    // A fresh string of the same text, as every request brings.
    expect(cache.get(Buffer.from(tokenA).toString('latin1'))).toBe(stored);
  });

  it('never serves one token for another that shares its ending', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set(tokenA, entry('a'));

    expect(cache.get(tokenB)).toBeUndefined();
  });

  it('lets the newer of two tokens sharing an ending replace the other, never merge them', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set(tokenA, entry('a'));
    const b = entry('b');
    cache.set(tokenB, b);

    expect(cache.get(tokenA)).toBeUndefined();
    expect(cache.get(tokenB)).toBe(b);
    expect(cache.size).toBe(1);
  });

  it('does not serve a token that differs from a stored one anywhere in its signature', () => {
    const cache = new VerifiedTokenCache(10);
    const token = `h.p.${'A'.repeat(40)}${tail}`;
    cache.set(token, entry('a'));

    expect(cache.get(`h.p.${'A'.repeat(39)}B${tail}`)).toBeUndefined();
    expect(cache.get(`h.p.${'A'.repeat(40)}${tail.slice(0, -1)}T`)).toBeUndefined();
    expect(cache.get(`h.q.${'A'.repeat(40)}${tail}`)).toBeUndefined();
  });

  it("deletes only the token it is asked to, not another that shares the slot's key", () => {
    const cache = new VerifiedTokenCache(10);
    const a = entry('a');
    cache.set(tokenA, a);

    cache.delete(tokenB);

    expect(cache.get(tokenA)).toBe(a);
    cache.delete(tokenA);
    expect(cache.size).toBe(0);
  });

  it('keeps tokens shorter than the key length apart too', () => {
    const cache = new VerifiedTokenCache(10);
    const short = entry('short');
    cache.set('a.b.c', short);

    expect(cache.get('a.b.c')).toBe(short);
    expect(cache.get('x.a.b.c')).toBeUndefined();
  });

  it('stores nothing when its size is 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set(tokenA, entry('a'));

    expect(cache.get(tokenA)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used token once full, refreshing tokens that are read', () => {
    const cache = new VerifiedTokenCache(2);
    const [a, b, c] = ['a', 'b', 'c'].map((name) => `h.p.${name.repeat(CACHE_KEY_LENGTH)}`);
    cache.set(a, entry('a'));
    cache.set(b, entry('b'));
    cache.get(a);
    cache.set(c, entry('c'));

    expect(cache.get(a)?.principal.sub).toBe('a');
    expect(cache.get(b)).toBeUndefined();
    expect(cache.get(c)?.principal.sub).toBe('c');
  });

  it('drops the tokens of one kid', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set(`h.p.${'1'.repeat(20)}`, entry('a', 'old'));
    cache.set(`h.p.${'2'.repeat(20)}`, entry('b', 'old'));
    cache.set(`h.p.${'3'.repeat(20)}`, entry('c', 'new'));

    expect(cache.dropKid('old')).toBe(2);
    expect(cache.size).toBe(1);
  });
});
