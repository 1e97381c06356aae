import type { EntityManager } from 'typeorm';
import { RowsAsOf, rowsAsOf } from '../database/rows-as-of';

/** A cut-off kept after its subject's row is gone: a user id or `client:<client_id>`. */
export interface SubjectCutoff {
  subject: string;
  /** Tokens of `subject` issued up to this instant are refused. */
  validAfter: Date;
}

interface CutoffRow {
  subject: string;
  valid_after: Date;
}

/**
 * SQL over `subject_cutoffs`. Not a Nest provider: the users and the tokens modules both write
 * it inside their own deletion transactions, so it is built over the manager it runs on.
 */
export class SubjectCutoffsRepository {
  constructor(private readonly manager: EntityManager) {}

  /**
   * Stores the cut-off (a later one wins), kept until `expiresAt`, stamped `written_at` for the
   * replicas' incremental poll (`clock_timestamp()`: as near the commit as it can be).
   */
  async save(cutoff: SubjectCutoff, expiresAt: Date, manager = this.manager): Promise<void> {
    await manager.query(
      `INSERT INTO subject_cutoffs (subject, valid_after, expires_at, written_at)
       VALUES ($1, $2, $3, clock_timestamp())
       ON CONFLICT (subject) DO UPDATE
         SET valid_after = GREATEST(subject_cutoffs.valid_after, EXCLUDED.valid_after),
             expires_at = GREATEST(subject_cutoffs.expires_at, EXCLUDED.expires_at),
             written_at = EXCLUDED.written_at`,
      [cutoff.subject, cutoff.validAfter, expiresAt],
    );
  }

  /**
   * Cut-offs that can still refuse a token at `now`; with `writtenSince`, only those written
   * since then. With the database's `now()` of the read, for the next poll's watermark.
   */
  async listUnexpired(now: Date, writtenSince?: Date): Promise<RowsAsOf<SubjectCutoff>> {
    const select = `SELECT subject, valid_after FROM subject_cutoffs WHERE expires_at > $1`;
    const { rows, readAt } = writtenSince
      ? await rowsAsOf<CutoffRow>(
          this.manager,
          `${select} AND written_at >= $2`,
          [now, writtenSince],
          ['subject', 'valid_after'],
        )
      : await rowsAsOf<CutoffRow>(this.manager, select, [now], ['subject', 'valid_after']);
    return {
      rows: rows.map((row) => ({ subject: row.subject, validAfter: new Date(row.valid_after) })),
      readAt,
    };
  }

  async deleteExpired(before: Date): Promise<number> {
    const [, count] = await this.manager.query<[unknown[], number]>(
      `DELETE FROM subject_cutoffs WHERE expires_at < $1`,
      [before],
    );
    return count;
  }
}
