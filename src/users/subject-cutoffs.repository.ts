import type { EntityManager } from 'typeorm';

/** A cut-off kept after its subject's row is gone: a user id or `client:<client_id>`. */
export interface SubjectCutoff {
  subject: string;
  /** Tokens of `subject` issued up to this instant are refused. */
  validAfter: Date;
}

/**
 * SQL over `subject_cutoffs`. Not a Nest provider: the users and the tokens modules both write
 * it inside their own deletion transactions, so it is built over the manager it runs on.
 */
export class SubjectCutoffsRepository {
  constructor(private readonly manager: EntityManager) {}

  /** Stores the cut-off (a later one wins), kept until `expiresAt`. */
  async save(cutoff: SubjectCutoff, expiresAt: Date, manager = this.manager): Promise<void> {
    await manager.query(
      `INSERT INTO subject_cutoffs (subject, valid_after, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (subject) DO UPDATE
         SET valid_after = GREATEST(subject_cutoffs.valid_after, EXCLUDED.valid_after),
             expires_at = GREATEST(subject_cutoffs.expires_at, EXCLUDED.expires_at)`,
      [cutoff.subject, cutoff.validAfter, expiresAt],
    );
  }

  /** Cut-offs that can still refuse a token at `now`. */
  async listUnexpired(now: Date): Promise<SubjectCutoff[]> {
    const rows = await this.manager.query<{ subject: string; valid_after: Date }[]>(
      `SELECT subject, valid_after FROM subject_cutoffs WHERE expires_at > $1`,
      [now],
    );
    return rows.map((row) => ({ subject: row.subject, validAfter: row.valid_after }));
  }

  async deleteExpired(before: Date): Promise<number> {
    const [, count] = await this.manager.query<[unknown[], number]>(
      `DELETE FROM subject_cutoffs WHERE expires_at < $1`,
      [before],
    );
    return count;
  }
}
