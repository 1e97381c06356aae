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
