import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ROLE_NAME, ROLE_NAME_RULE } from '../../admin-names';

/** The `:name` of `PUT /roles/:name`. */
export class RoleNameParamDto {
  @ApiProperty({ example: 'editor', description: ROLE_NAME_RULE, pattern: ROLE_NAME.source })
  @Matches(ROLE_NAME, { message: `role name must be ${ROLE_NAME_RULE}` })
  name!: string;
}
