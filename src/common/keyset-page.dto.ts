import { ApiProperty } from '@nestjs/swagger';

/**
 * PageDto's envelope for the lists that also page by cursor (`GET /users`, `GET /audit`): a
 * nullable `total`, and `next_cursor`.
 */
export abstract class KeysetPageDto {
  @ApiProperty({
    description: 'How many matching items were skipped; 0 on a page asked for with `after`',
    example: 0,
  })
  offset!: number;

  @ApiProperty({ description: 'The page size applied (after capping)', example: 20 })
  limit!: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 42,
    description:
      'How many items match; null on a page asked for with `after`: a walk by cursor counts ' +
      'once, on its first page, so a deep page costs what the first does',
  })
  total!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'WyIyMDI2LTAxLTAxVDEwOjAwOjAwLjAwMDAwMFoiLCIxMDQyIl0',
    description: 'Pass as `after` for the next page; null on the last page',
  })
  next_cursor!: string | null;
}
