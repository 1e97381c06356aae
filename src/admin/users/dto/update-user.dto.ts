import type { Attributes } from '../../../common/attributes';
import { IsOmittable } from '../../../common/is-omittable.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsString,
  Length,
  Matches,
} from 'class-validator';
import {
  MAX_NAMES,
  PERMISSION_NAME,
  PERMISSION_NAME_RULE,
  ROLE_NAME,
  ROLE_NAME_RULE,
} from '../../admin-names';
import { ATTRIBUTES_RULE } from '../../attributes.rules';

/** `PATCH /users/:id`: only the fields present change. */
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'ada@example.org', format: 'email', maxLength: 254 })
  @IsOmittable()
  @IsString()
  @IsEmail()
  @Length(3, 254)
  email?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['user'],
    description: `Replaces the user's roles; each must exist (\`PUT /roles/:name\`). ${ROLE_NAME_RULE}`,
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  @Matches(ROLE_NAME, { each: true, message: `each role must be ${ROLE_NAME_RULE}` })
  roles?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['reports:read'],
    description: `Replaces the user's own permissions (its roles' come on top). ${PERMISSION_NAME_RULE}`,
  })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_NAMES)
  @IsString({ each: true })
  @Matches(PERMISSION_NAME, {
    each: true,
    message: `each permission must be ${PERMISSION_NAME_RULE}`,
  })
  permissions?: string[];

  @ApiPropertyOptional({
    example: true,
    description:
      'false deactivates: logins fail, and every access and refresh token of the user stops ' +
      'working at once',
  })
  @IsOmittable()
  @IsBoolean()
  isActive?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { tenant_id: 'acme', regions: ['eu'] },
    description:
      "Replaces the user's whole attributes object (members left out are removed; `{}` clears " +
      'them); APIs that name a member copy it into their tokens as a claim, from the next ' +
      `token on. Nobody sets its own. ${ATTRIBUTES_RULE}`,
  })
  // Checked by the attribute rules (attributes.rules.ts), which name the offending member.
  @IsOmittable()
  attributes?: Attributes;
}
