import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** SQL over `consents`: the scopes a user has allowed a third-party client. */
@Injectable()
export class ConsentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async scopesOf(userId: string, clientId: string): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ scopes: string[] }>>(
      `SELECT scopes FROM consents WHERE user_id = $1 AND client_id = $2`,
      [userId, clientId],
    );
    return rows[0]?.scopes ?? [];
  }

  /** Adds `scopes` to what the user has allowed the client (a consent only grows). */
  async grant(userId: string, clientId: string, scopes: readonly string[], now: Date) {
    await this.dataSource.query(
      `INSERT INTO consents (user_id, client_id, scopes, granted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, client_id) DO UPDATE SET
         scopes = ARRAY(SELECT DISTINCT unnest(consents.scopes || EXCLUDED.scopes)),
         granted_at = EXCLUDED.granted_at`,
      [userId, clientId, scopes, now],
    );
  }
}
