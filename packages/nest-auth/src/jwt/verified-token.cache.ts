import type { KeyObject } from 'node:crypto';
import type { Principal } from '../principal';

/** What a cache hit skips re-deriving: the principal, and the key that verified it. */
export interface VerifiedTokenEntry {
  principal: Principal;
  kid: string;
  key: KeyObject;
  exp: number;
}

/** One cached token: the exact text it was verified as, and when it was (re)inserted. */
interface Slot {
  token: string;
  entry: VerifiedTokenEntry;
  insertedAt: number;
}

/**
 * How many trailing characters of a token key its slot: the end of the signature, 96 bits of it
 * for any Warden algorithm. Map look-ups hash their string key, and a token arrives as a fresh
 * string with every request, so keying by the whole token (~1 kB) rehashed all of it per request,
 * which profiling showed to be half of the guard's cost on a hit.
 */
export const CACHE_KEY_LENGTH = 16;

/**
 * A bounded, approximately least-recently-used cache of tokens already verified. It answers only
 * for the exact token text it verified: the slot is found by the token's last characters, and a
 * hit then compares the whole text, so two tokens that share an ending never share an entry (the
 * newer one replaces the other, costing at most a re-verification). Only verified tokens are ever
 * inserted, so a forged token with a victim's ending cannot evict it either. The comparison is
 * not constant-time, but it only runs once the last 96 signature bits match, which takes having
 * seen the token.
 *
 * A hit skips parsing and the signature check only: the verifier still checks exp, the key's
 * presence and revocation. A Map iterates in insertion order, so re-inserting a slot moves it to
 * the young end; doing that only once a slot has aged past half the capacity keeps eviction close
 * to LRU without rewriting the map on every hit.
 */
export class VerifiedTokenCache {
  private readonly slots = new Map<string, Slot>();
  /** Counts insertions: the age of a slot is `clock - insertedAt`. */
  private clock = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.slots.size;
  }

  get(token: string): VerifiedTokenEntry | undefined {
    // Nothing cached (or the cache off): skip even the short key's hash.
    if (this.slots.size === 0) return undefined;
    const slot = this.slots.get(keyOf(token));
    // A full comparison, not just the key: the text must be the one that was verified.
    if (slot === undefined || slot.token !== token) return undefined;
    if (this.clock - slot.insertedAt >= this.maxEntries / 2) this.refresh(slot);
    return slot.entry;
  }

  set(token: string, entry: VerifiedTokenEntry): void {
    if (this.maxEntries <= 0) return;
    const key = keyOf(token);
    this.slots.delete(key);
    if (this.slots.size >= this.maxEntries) {
      const oldest = this.slots.keys().next();
      if (oldest.done !== true) this.slots.delete(oldest.value);
    }
    this.slots.set(key, { token, entry, insertedAt: ++this.clock });
  }

  /** Forgets `token`; a different token that shares its ending keeps its entry. */
  delete(token: string): void {
    const key = keyOf(token);
    if (this.slots.get(key)?.token === token) this.slots.delete(key);
  }

  /** Drops every token verified by `kid`, e.g. when that key is revoked. Returns the count. */
  dropKid(kid: string): number {
    let dropped = 0;
    for (const [key, slot] of this.slots) {
      if (slot.entry.kid !== kid) continue;
      this.slots.delete(key);
      dropped++;
    }
    return dropped;
  }

  private refresh(slot: Slot): void {
    const key = keyOf(slot.token);
    this.slots.delete(key);
    slot.insertedAt = ++this.clock;
    this.slots.set(key, slot);
  }
}

function keyOf(token: string): string {
  return token.length <= CACHE_KEY_LENGTH ? token : token.slice(-CACHE_KEY_LENGTH);
}
