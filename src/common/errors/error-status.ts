import { HttpStatus } from '@nestjs/common';
import type { WardenError } from './warden-error';

export interface HttpMapping {
  status: HttpStatus;
  /** Response headers the status calls for (WWW-Authenticate, Retry-After, ...). */
  headers?: (error: WardenError) => Record<string, string>;
}

/** The one table from error codes to HTTP. Codes not listed here become 500. */
export const ERROR_HTTP: Readonly<Record<string, HttpMapping>> = {
  ERR_INVALID_INPUT: { status: HttpStatus.BAD_REQUEST },
  ERR_NOT_FOUND: { status: HttpStatus.NOT_FOUND },
  ERR_CONFLICT: { status: HttpStatus.CONFLICT },
  ERR_DATABASE_UNAVAILABLE: {
    status: HttpStatus.SERVICE_UNAVAILABLE,
    headers: () => ({ 'Retry-After': '5' }),
  },
};
