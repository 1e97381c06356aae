import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/** A query value as an integer when it is one; anything else is left for @IsInt to refuse. */
function integer(value: unknown): unknown {
  if (typeof value !== 'string' || !/^-?\d{1,16}$/.test(value)) return value;
  return Number(value);
}

/**
 * `GET /clients?offset&limit`, paged like the other lists: a bad offset or a limit below 1 is
 * 400, a limit above 100 is capped (the response's `limit` says what was applied).
 */
export class ListClientsQueryDto {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @Transform(({ value }) => integer(value))
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @Transform(({ value }) => {
    const limit = integer(value);
    return typeof limit === 'number' ? Math.min(limit, MAX_LIMIT) : limit;
  })
  @IsInt()
  @Min(1)
  limit: number = DEFAULT_LIMIT;
}
