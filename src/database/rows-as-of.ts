import type { EntityManager } from 'typeorm';

/** Rows of one read, and the database's `now()` when it was taken. */
export interface RowsAsOf<T> {
  rows: T[];
  readAt: Date;
}

/**
 * Runs `select` (returning `columns`, none of them NULL) with the database's `now()` in the
 * same statement, so a caller polling for rows written since its last read keeps a watermark
 * on the database's clock (replicas' clocks differ) that is never later than the snapshot the
 * rows came from. The time comes as one extra row rather than a column of every row: a full
 * read returns 100,000 rows, and parsing a timestamp in each doubled its cost.
 */
export async function rowsAsOf<T extends object>(
  manager: EntityManager,
  select: string,
  params: unknown[],
  columns: readonly (keyof T & string)[],
): Promise<RowsAsOf<T>> {
  const found = await manager.query<(T & { watermark_read_at: Date | null })[]>(
    `SELECT ${columns.join(', ')}, NULL::timestamptz AS watermark_read_at FROM (${select}) AS found
     UNION ALL SELECT ${columns.map(() => 'NULL').join(', ')}, now()`,
    params,
  );
  let readAt: Date | undefined;
  const rows: T[] = [];
  for (const row of found) {
    if (row.watermark_read_at === null) rows.push(row);
    else readAt = new Date(row.watermark_read_at);
  }
  if (!readAt) throw new Error('The database returned no clock row');
  return { rows, readAt };
}
