import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { createTestApp, TestApp } from '../support/test-app';
import { ADMIN, ADMIN_ENV, adminSession } from '../admin/admin.fixtures';

interface AuditPage {
  items: Array<{
    type: string;
    subject: string | null;
    ip: string | null;
    details: Record<string, unknown>;
  }>;
}

/** Free text from clients is stored capped: a client cannot grow rows at will. */
describe('attack suite: oversized free text in stored rows', () => {
  let sut: TestApp;
  const userAgent = `agent/${'x'.repeat(10_000)}`;

  beforeAll(async () => {
    sut = await createTestApp({ ...ADMIN_ENV });
  });
  afterAll(() => sut.close());

  it('caps a 10,000-character User-Agent at 512 in the audit trail and the session row', async () => {
    const response = await sut.request('/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }),
    });
    expect(response.status).toBe(200);
    const admin = await adminSession(sut);

    const audit = await admin.call('GET', '/audit?type=login.succeeded&limit=100');
    expect(audit.status).toBe(200);
    const { items } = (await audit.json()) as AuditPage;
    const stored = items
      .map((event) => event.details.userAgent)
      .filter((agent): agent is string => typeof agent === 'string');
    expect(stored).toContain(userAgent.slice(0, 512));
    for (const agent of stored) expect(agent.length).toBeLessThanOrEqual(512);

    const sessions: Array<{ user_agent: string }> = await sut.app
      .get(DataSource)
      .query(`SELECT user_agent FROM refresh_tokens WHERE user_agent LIKE 'agent/%'`);
    expect(sessions.length).toBeGreaterThan(0);
    for (const row of sessions) expect(row.user_agent.length).toBeLessThanOrEqual(512);
  });

  it('caps every string of a recorded event, without splitting a surrogate pair', async () => {
    const emoji = '\u{1F600}'.repeat(600);
    await sut.app.get(AuditService).record({
      type: 'test.oversized',
      subject: emoji,
      ip: '1'.repeat(1000),
      details: { note: emoji, nested: { list: ['y'.repeat(2000)] }, count: 3 },
    });
    const admin = await adminSession(sut);
    const audit = await admin.call('GET', '/audit?type=test.oversized');
    const [event] = ((await audit.json()) as AuditPage).items;

    expect(event.subject).toBe('\u{1F600}'.repeat(512));
    expect(event.ip?.length).toBeLessThanOrEqual(64);
    expect(event.details).toEqual({
      note: '\u{1F600}'.repeat(512),
      nested: { list: ['y'.repeat(512)] },
      count: 3,
    });
  });
});
