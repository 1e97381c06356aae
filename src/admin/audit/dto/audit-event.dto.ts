import { ApiProperty } from '@nestjs/swagger';
import type { AuditEvent } from '../../../audit/audit-event';

/** One row of the audit trail, as `GET /audit` returns it. */
export class AuditEventDto implements AuditEvent {
  @ApiProperty({ example: '1042', description: 'Increasing; a string, to stay exact past 2^53' })
  id!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' })
  at!: string;

  @ApiProperty({ example: 'user.updated' })
  type!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '3f1c2a9e-8b7d-4c1e-9a51-0d6e2b7f4c10',
    description: 'Who did it: a user id, `client:<id>` or `system`',
  })
  actor!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '9b0e5a1c-2d3f-4e6a-8b7c-1d2e3f4a5b6c',
    description: 'What it was done to: a user id, a kid, a role name, the login name tried, ...',
  })
  subject!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '203.0.113.7' })
  ip!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { fields: ['roles'] },
    description: 'Public context only: never passwords, hashes, tokens or key material',
  })
  details!: Record<string, unknown>;
}
