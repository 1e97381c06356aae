/** What a JWKS-backed resolver reports for health checks and metrics. */
export interface JwksStatus {
  jwksUri: string;
  /** Undefined before the first fetch completes. */
  lastFetchOk?: boolean;
  lastFetchAt?: Date;
  lastSuccessAt?: Date;
  /** Keys currently served (the last good set while the endpoint is failing). */
  keyCount: number;
  kids: string[];
  consecutiveFailures: number;
  fetchCount: number;
}
