import type { KeyObject } from 'node:crypto';
import type { Principal } from '../principal';

/** What a cache hit skips re-deriving: the principal, and the key that verified it. */
export interface VerifiedTokenEntry {
  principal: Principal;
  kid: string;
  key: KeyObject;
  exp: number;
}

/**
 * A bounded, approximately least-recently-used cache of tokens already verified, keyed by the
 * exact token text. A hit skips parsing and the signature check only: the verifier still checks
 * exp, the key's presence and revocation. A Map iterates in insertion order, so re-inserting an
 * entry moves it to the young end; doing that only once an entry has aged past half the
 * capacity keeps eviction close to LRU without rewriting the map on every hit.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, VerifiedTokenEntry>();
  /** Insertion order of each entry, by token; `clock` counts insertions. */
  private readonly insertedAt = new Map<string, number>();
  private clock = 0;

  constructor(readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(token: string): VerifiedTokenEntry | undefined {
    const entry = this.entries.get(token);
    if (entry === undefined) return undefined;
    if (this.clock - (this.insertedAt.get(token) ?? 0) >= this.maxEntries / 2) {
      this.set(token, entry);
    }
    return entry;
  }

  set(token: string, entry: VerifiedTokenEntry): void {
    if (this.maxEntries <= 0) return;
    this.delete(token);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.delete(oldest.value);
    }
    this.entries.set(token, entry);
    this.insertedAt.set(token, ++this.clock);
  }

  delete(token: string): void {
    this.entries.delete(token);
    this.insertedAt.delete(token);
  }

  /** Drops every token verified by `kid`, e.g. when that key is revoked. Returns the count. */
  dropKid(kid: string): number {
    let dropped = 0;
    for (const [token, entry] of this.entries) {
      if (entry.kid !== kid) continue;
      this.delete(token);
      dropped++;
    }
    return dropped;
  }
}
