import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { capped, integerParam } from './query-params';

export const DEFAULT_PAGE_LIMIT = 20;
/** A larger `limit` is capped to this (the response's `limit` says what was applied). */
export const MAX_PAGE_LIMIT = 100;

/**
 * `offset` and `limit` of a list endpoint (`GET /users`, `GET /audit`). A negative or
 * non-integer offset and a limit below 1 are refused (400); a limit above MAX_PAGE_LIMIT is
 * capped rather than refused, so a client asking for "as many as possible" still gets a page.
 */
export class PageQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0, example: 0 })
  @Transform(({ value }) => integerParam(value))
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_PAGE_LIMIT,
    default: DEFAULT_PAGE_LIMIT,
    example: DEFAULT_PAGE_LIMIT,
    description: `At most ${MAX_PAGE_LIMIT}; a larger value is capped to ${MAX_PAGE_LIMIT}`,
  })
  @Transform(({ value }) => capped(integerParam(value), MAX_PAGE_LIMIT))
  @IsInt()
  @Min(1)
  limit: number = DEFAULT_PAGE_LIMIT;
}
