import { ApiProperty } from '@nestjs/swagger';
import type { Role } from '../../../users/roles.service';

/** A role as `GET /roles` and `PUT /roles/:name` return it. */
export class RoleDto implements Role {
  @ApiProperty({ example: 'editor' })
  name!: string;

  @ApiProperty({ type: [String], example: ['articles:read', 'articles:write'] })
  permissions!: string[];

  @ApiProperty({ type: String, nullable: true, example: 'Writes and edits articles' })
  description!: string | null;
}
