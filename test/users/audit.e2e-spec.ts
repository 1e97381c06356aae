import { AuditService } from '../../src/audit/audit.service';
import { FakeClock } from '../../src/common/fake-clock';
import { createTestApp, TestApp } from '../support/test-app';

describe(AuditService.name, () => {
  let app: TestApp;
  let sut: AuditService;
  const clock = new FakeClock(new Date('2026-03-01T00:00:00Z'));

  beforeAll(async () => {
    app = await createTestApp({}, { clock });
    sut = app.app.get(AuditService);
    for (let index = 0; index < 5; index++) {
      clock.advance(1);
      await sut.record({
        type: index % 2 === 0 ? 'test.even' : 'test.odd',
        actor: 'system',
        subject: `s${index}`,
        ip: '198.51.100.1',
        details: { index },
      });
    }
  });
  afterAll(() => app.close());

  it('lists events of one type, newest first, with the total', async () => {
    const page = await sut.list({ type: 'test.even', offset: 0, limit: 2 });

    expect(page).toMatchObject({ total: 3, offset: 0, limit: 2 });
    expect(page.items.map((event) => event.subject)).toEqual(['s4', 's2']);
    expect(page.items[0]).toEqual({
      id: expect.any(String),
      at: '2026-03-01T00:00:05.000Z',
      type: 'test.even',
      actor: 'system',
      subject: 's4',
      ip: '198.51.100.1',
      details: { index: 4 },
    });
  });

  it('pages with offset and limit', async () => {
    const page = await sut.list({ type: 'test.even', offset: 2, limit: 2 });

    expect(page.items.map((event) => event.subject)).toEqual(['s0']);
  });

  it('lists every type when none is given', async () => {
    const page = await sut.list({ offset: 0, limit: 100 });

    expect(page.items.filter((event) => event.type.startsWith('test.'))).toHaveLength(5);
  });
});
