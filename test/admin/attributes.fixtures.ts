import { Client } from 'pg';
import { createTestApp, TestApp } from '../support/test-app';
import { loginOk, registeredAccount } from '../tokens/session.fixtures';
import { ADMIN_ENV, AdminSession, adminSession, api, HttpMethod } from './admin.fixtures';

/** A registered API, written straight into `apis` (its admin routes are not needed here). */
export const REPORTS_API = 'https://reports.example.com';
/** The service's own audience (JWT_AUDIENCE's default). */
export const BUILT_IN_AUDIENCE = 'warden';

/** `POST /clients`, `PATCH /clients/:id` and `GET /clients` items. */
export interface ClientBody {
  client_id: string;
  client_secret?: string;
  name: string;
  permissions: string[];
  grant_types: string[];
  allowed_audiences: string[];
  attributes: Record<string, unknown>;
}

export interface ErrorBody {
  code: string;
  errors?: { field: string; message: string }[];
}

export type Call = (method: HttpMethod, path: string, body?: unknown) => Promise<Response>;

/** The `attributes` of a 200 answer. */
export async function attributesOf(response: Response): Promise<unknown> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { attributes?: unknown }).attributes;
}

/** A value nesting `depth` arrays deep. */
export function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

/**
 * The service with an administrator, REPORTS_API registered by SQL, and a handle on its
 * database to read the audit trail and the rows as stored.
 */
export class AttributesTestbed {
  private constructor(
    readonly sut: TestApp,
    readonly db: Client,
    readonly admin: AdminSession,
  ) {}

  static async start(): Promise<AttributesTestbed> {
    const sut = await createTestApp(ADMIN_ENV);
    const db = new Client({ connectionString: sut.databaseUrl });
    await db.connect();
    await db.query(`INSERT INTO apis (identifier, name, permissions) VALUES ($1, $2, $3)`, [
      REPORTS_API,
      'Reports',
      ['reports:read'],
    ]);
    return new AttributesTestbed(sut, db, await adminSession(sut));
  }

  async close(): Promise<void> {
    await this.db.end();
    await this.sut.close();
  }

  /** A user logged in with a role (made for it) granting just `permissions`. */
  async userHolding(role: string, permissions: string[]): Promise<Call> {
    const account = await registeredAccount(this.sut);
    const made = await this.admin.call('PUT', `/roles/${role}`, { permissions });
    const promoted = await this.admin.call('PATCH', `/users/${account.id}`, {
      roles: ['user', role],
    });
    expect([made.status, promoted.status]).toEqual([200, 200]);
    const { access_token: token } = await loginOk(this.sut, account);
    return (method, path, body) => api(this.sut, method, path, token, body);
  }

  /** The `details` of the audit rows of this type and subject, oldest first. */
  async auditDetails(type: string, subject: string): Promise<unknown[]> {
    const { rows } = await this.db.query<{ details: unknown }>(
      'SELECT details FROM audit_events WHERE type = $1 AND subject = $2 ORDER BY id',
      [type, subject],
    );
    return rows.map((row) => row.details);
  }

  /** A client the administrator registers: no permissions, named `c`, unless `body` says. */
  async createClient(body: Record<string, unknown>): Promise<ClientBody> {
    const response = await this.admin.call('POST', '/clients', {
      name: 'c',
      permissions: [],
      ...body,
    });
    expect(response.status).toBe(201);
    return (await response.json()) as ClientBody;
  }

  /** The client as `GET /clients` lists it. */
  async listedClient(clientId: string): Promise<ClientBody | undefined> {
    const response = await this.admin.call('GET', '/clients?limit=100');
    const page = (await response.json()) as { items: ClientBody[] };
    return page.items.find((item) => item.client_id === clientId);
  }
}
