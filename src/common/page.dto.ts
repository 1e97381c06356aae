import { ApiProperty } from '@nestjs/swagger';

/**
 * The OpenAPI description of Page's envelope; each list endpoint extends it with its typed
 * `items` (UsersPageDto, AuditPageDto).
 */
export abstract class PageDto {
  @ApiProperty({ description: 'How many items match, across all pages', example: 42 })
  total!: number;

  @ApiProperty({ description: 'How many matching items were skipped', example: 0 })
  offset!: number;

  @ApiProperty({ description: 'The page size applied (after capping)', example: 20 })
  limit!: number;
}
