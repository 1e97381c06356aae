import { IsOmittable } from '../../../common/is-omittable.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_NAMES, PERMISSION_NAME, PERMISSION_NAME_RULE } from '../../admin-names';

/** `PUT /roles/:name`: creates the role or replaces its permissions. */
export class PutRoleDto {
  @ApiProperty({
    type: [String],
    example: ['articles:read', 'articles:write'],
    description: `The role's complete permission list. ${PERMISSION_NAME_RULE}`,
  })
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  @Matches(PERMISSION_NAME, {
    each: true,
    message: `each permission must be ${PERMISSION_NAME_RULE}`,
  })
  permissions!: string[];

  @ApiPropertyOptional({
    example: 'Writes and edits articles',
    maxLength: 200,
    description: 'Kept as it is when absent',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  description?: string;
}
