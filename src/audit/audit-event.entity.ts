import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A row of `audit_events` (created by the CreateAuditEvents migration). */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  // bigserial: pg returns int8 as a string, which keeps ids beyond 2^53 exact.
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'text', nullable: true })
  ip!: string | null;

  @Column({ type: 'jsonb' })
  details!: Record<string, unknown>;
}
