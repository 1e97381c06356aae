import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `roles`: a named set of permissions. */
@Entity({ name: 'roles' })
export class RoleEntity {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  permissions!: string[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
