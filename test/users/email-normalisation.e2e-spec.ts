import { Client } from 'pg';
import { ADMIN_ENV, adminSession, AdminSession } from '../admin/admin.fixtures';
import { createTestApp, TestApp } from '../support/test-app';
import { bodyOf } from '../tokens/session.fixtures';
import { account, register } from './users.factory';

describe('Emails are stored NFC, with the domain in lower case', () => {
  let sut: TestApp;
  let admin: AdminSession;

  beforeAll(async () => {
    sut = await createTestApp(ADMIN_ENV);
    admin = await adminSession(sut);
  });
  afterAll(() => sut.close());

  async function storedEmail(id: unknown): Promise<string> {
    const client = new Client({ connectionString: sut.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ email: string }>(
        'SELECT email FROM users WHERE id = $1',
        [id],
      );
      return rows[0].email;
    } finally {
      await client.end();
    }
  }

  it('lower-cases the domain at registration and keeps the local part', async () => {
    const fixture = account();
    const [local] = fixture.email.split('@');

    const response = await register(sut, { ...fixture, email: `Ada.${local}@EXAMPLE.Com` });
    const body = await bodyOf(response);

    expect(response.status).toBe(201);
    expect(body.email).toBe(`Ada.${local}@example.com`);
    expect(await storedEmail(body.id)).toBe(`Ada.${local}@example.com`);
  });

  it('finds a duplicate across the case of the domain and across Unicode composition', async () => {
    const [local] = account().email.split('@');
    const composed = `jos\u00e9.${local}@example.com`;
    const first = await register(sut, account({ email: composed }));

    const otherCase = await register(sut, account({ email: `jos\u00e9.${local}@Example.COM` }));
    const decomposed = await register(sut, account({ email: `jose\u0301.${local}@example.com` }));

    expect(first.status).toBe(201);
    expect(await bodyOf(otherCase)).toMatchObject({ statusCode: 409, code: 'ERR_EMAIL_TAKEN' });
    expect(await bodyOf(decomposed)).toMatchObject({ statusCode: 409, code: 'ERR_EMAIL_TAKEN' });
  });

  it('normalises an email set by PATCH /users/:id', async () => {
    const fixture = account();
    const { id } = await bodyOf(await register(sut, fixture));
    const [local] = fixture.email.split('@');

    const response = await admin.call('PATCH', `/users/${String(id)}`, {
      email: `Cafe\u0301.${local}@MAIL.Example.org`,
    });

    expect(response.status).toBe(200);
    expect(await storedEmail(id)).toBe(`Caf\u00e9.${local}@mail.example.org`);
  });
});
