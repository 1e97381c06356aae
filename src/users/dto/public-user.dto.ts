import { ApiProperty } from '@nestjs/swagger';
import type { Attributes } from '../../common/attributes';
import { PublicUser } from '../public-user';

/** The OpenAPI description of PublicUser (docs/architecture.md §5). */
export class PublicUserDto implements PublicUser {
  @ApiProperty({ format: 'uuid', example: '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10' })
  id!: string;

  @ApiProperty({ example: 'ada.lovelace' })
  username!: string;

  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: true })
  isActive!: boolean;

  @ApiProperty({ type: [String], example: ['user'] })
  roles!: string[];

  @ApiProperty({
    type: [String],
    description: "Effective permissions: the user's own plus those of its roles",
    example: [],
  })
  permissions!: string[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Administrator-set data; the APIs that name a member copy it into their tokens as a claim',
    example: { tenant_id: 'acme' },
  })
  attributes!: Attributes;

  @ApiProperty({
    example: false,
    description:
      'Whether logins need a second factor (TOTP); set by the user enrolling, cleared by ' +
      'disabling it or by an administrator (`DELETE /users/{id}/mfa`)',
  })
  mfaEnabled!: boolean;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  createdAt!: string;
}
