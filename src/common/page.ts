/** One page of a list endpoint: `GET /users`, `GET /audit`, ... */
export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

export interface PageRequest {
  offset: number;
  limit: number;
}

/**
 * A page of a list that also pages by cursor (`GET /users`, `GET /audit`): `next_cursor` is the
 * `after` of the next page, null on the last one.
 */
export interface KeysetPage<T> extends Omit<Page<T>, 'total'> {
  /** Every match; null on a page asked for by cursor (the walk counted on its first page). */
  total: number | null;
  next_cursor: string | null;
}

/** `offset` or `after` (never both), and `limit`. */
export interface KeysetPageRequest {
  offset?: number;
  limit: number;
  /** An earlier page's `next_cursor`, still encoded. */
  after?: string;
}
