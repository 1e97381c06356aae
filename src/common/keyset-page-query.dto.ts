import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { NotBoth } from './not-both.validator';
import { MAX_CURSOR_LENGTH } from './page-cursor';
import { PageQueryDto } from './page-query.dto';
import { integerParam } from './query-params';

/**
 * PageQueryDto plus `after`, for the lists that page by cursor (`GET /users`, `GET /audit`).
 * `offset` has no default here, so that `after` beside any `offset`, even `offset=0`, is refused
 * (400): which of the two decided the page is never ambiguous.
 */
export class KeysetPageQueryDto extends PickType(PageQueryDto, ['limit'] as const) {
  // Neither default nor example: "Try it out" would fill either in beside `after`, a 400.
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description:
      'Items to skip, 0 when absent; not with `after`. A deep page is cheaper by `after`',
  })
  @Transform(({ value }) => integerParam(value))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  offset?: number;

  @ApiPropertyOptional({
    maxLength: MAX_CURSOR_LENGTH,
    description:
      'The `next_cursor` of the previous page: the page starts right after its last item, ' +
      'however many items were added or removed meanwhile. Opaque; not with `offset`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_CURSOR_LENGTH)
  @NotBoth('offset')
  after?: string;
}
