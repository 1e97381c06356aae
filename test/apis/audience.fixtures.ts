import { Client } from 'pg';
import type { TestApp } from '../support/test-app';

export interface ApiRow {
  identifier: string;
  name?: string;
  permissions?: string[];
  access_token_ttl?: number | null;
  allowed_token_uses?: string[];
  claims?: string[];
}

/**
 * Direct SQL on the test app's database: registers APIs and sets what the admin routes set
 * (allowed audiences, attributes, permissions), so the token specs do not depend on those routes.
 * Writes around the admin rules on purpose where a test says so.
 */
export class AudienceData {
  private constructor(private readonly db: Client) {}

  static async open(sut: TestApp): Promise<AudienceData> {
    const db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
    return new AudienceData(db);
  }

  async addApi(row: ApiRow): Promise<void> {
    await this.db.query(
      `INSERT INTO apis (identifier, name, permissions, access_token_ttl, allowed_token_uses, claims)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        row.identifier,
        row.name ?? row.identifier,
        row.permissions ?? [],
        row.access_token_ttl ?? null,
        row.allowed_token_uses ?? ['access', 'service', 'delegated'],
        row.claims ?? [],
      ],
    );
  }

  async deleteApi(identifier: string): Promise<void> {
    await this.db.query(`DELETE FROM apis WHERE identifier = $1`, [identifier]);
  }

  async allowAudiences(clientId: string, audiences: string[]): Promise<void> {
    await this.db.query(`UPDATE clients SET allowed_audiences = $2 WHERE client_id = $1`, [
      clientId,
      audiences,
    ]);
  }

  async setClientAttributes(clientId: string, attributes: object): Promise<void> {
    await this.db.query(`UPDATE clients SET attributes = $2 WHERE client_id = $1`, [
      clientId,
      JSON.stringify(attributes),
    ]);
  }

  async setUser(userId: string, change: { permissions?: string[]; attributes?: object }) {
    if (change.permissions !== undefined) {
      await this.db.query(`UPDATE users SET permissions = $2 WHERE id = $1`, [
        userId,
        change.permissions,
      ]);
    }
    if (change.attributes !== undefined) {
      await this.db.query(`UPDATE users SET attributes = $2 WHERE id = $1`, [
        userId,
        JSON.stringify(change.attributes),
      ]);
    }
  }

  close(): Promise<void> {
    return this.db.end();
  }
}
