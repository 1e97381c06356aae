import { randomBytes } from 'node:crypto';
import { ServiceProcess, startService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const LISTENING = /Warden is listening/;
/** One for the file: both services share the database and so its encrypted signing keys. */
const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** The compiled service's own output, as `npm start` prints it. */
describe('Logs of the compiled service', () => {
  let database: { url: string; drop: () => Promise<void> };
  const running: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
  });
  afterAll(() => database.drop());

  async function start(env: Record<string, string>): Promise<ServiceProcess> {
    const service = await startService({
      DATABASE_URL: database.url,
      KEY_ENCRYPTION_KEY,
      ...env,
    });
    running.push(service);
    await service.waitFor(LISTENING, 45000);
    return service;
  }

  it('writes JSON lines: an access line per request, and no start-up narration at info', async () => {
    const service = await start({ LOG_LEVEL: 'info' });
    const response = await fetch(`${service.baseUrl}/.well-known/jwks.json`, {
      headers: { 'x-request-id': 'process-1' },
    });
    expect(response.status).toBe(200);
    expect(await service.stop('SIGTERM')).toBe(0);

    const lines = service
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.reqId === 'process-1')).toEqual([
      expect.objectContaining({ level: 30, status: 200, url: '/.well-known/jwks.json' }),
    ]);
    expect(lines.map((line) => line.context)).not.toContain('InstanceLoader');
    expect(lines.map((line) => line.context)).not.toContain('RouterExplorer');
    expect(lines.filter((line) => Number(line.level) >= 40)).toEqual([]);
  });

  it('prettifies with LOG_FORMAT=pretty', async () => {
    const service = await start({ LOG_FORMAT: 'pretty' });
    await (
      await fetch(`${service.baseUrl}/auth/me`, { headers: { 'x-request-id': 'p-2' } })
    ).text();
    expect(await service.stop('SIGTERM')).toBe(0);

    const output = service.output();
    expect(output).toMatch(/^\[[\d:.]+\] INFO: Warden is listening/m);
    expect(output).toMatch(/INFO: GET \/auth\/me 401 [\d.]+ ms \(p-2\)/);
    expect(output).not.toMatch(/^\{"level"/m);
  });
});
