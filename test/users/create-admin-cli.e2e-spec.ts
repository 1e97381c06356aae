import { randomBytes } from 'node:crypto';
import {
  canRunInTerminal,
  CommandRun,
  linesOf,
  queryRows,
  runCompiledCli,
  runCompiledCliInTerminal,
} from '../foundation/cli-run';
import { STACK_LINE } from '../foundation/local-data-dir';
import { ServiceProcess, startService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const CLI = 'users/users-cli.js';
const LISTENING = /Warden is listening/;
const NO_ADMIN_LINE =
  /No active user holds the 'admin' role: set ADMIN_PASSWORD before starting \(creates 'admin'\), or run npm run users:create-admin/;
const PASSWORD = 'first admin on day one 7';
const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/**
 * `npm run users:create-admin` (the compiled CLI) and the start-up line that points to it, on
 * a real database, with the compiled service answering the login afterwards.
 */
describe('The first administrator (compiled CLI and service)', () => {
  let database: { url: string; drop: () => Promise<void> };
  const outputs: string[] = [];
  const running: ServiceProcess[] = [];
  const env = (): Record<string, string> => ({ DATABASE_URL: database.url, KEY_ENCRYPTION_KEY });
  const createAdmin = async (args: string[], stdin: string): Promise<CommandRun> => {
    const run = await runCompiledCli(CLI, ['create-admin', ...args], env(), stdin);
    outputs.push(run.stdout, run.stderr);
    return run;
  };
  const start = async (extra: Record<string, string> = {}): Promise<ServiceProcess> => {
    const service = await startService({ ...env(), ...extra });
    running.push(service);
    return service;
  };
  const admins = () =>
    queryRows<{ username: string; email: string; roles: string[] }>(
      database.url,
      `SELECT username, email, roles FROM users WHERE 'admin' = ANY(roles) ORDER BY created_at`,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
  });
  afterAll(() => database.drop());

  it('says at start-up, in one line, how to get an administrator when there is none', async () => {
    const service = await start();
    await service.waitFor(LISTENING, 45000);
    expect(await service.stop('SIGTERM')).toBe(0);
    outputs.push(service.output());

    expect(service.output().match(new RegExp(NO_ADMIN_LINE, 'g'))).toHaveLength(1);
  });

  it('refuses a common password, as registration does, and creates nothing', async () => {
    const run = await createAdmin([], 'password1\n');

    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([
      'Password refused: password is one of the most commonly used passwords; choose another',
    ]);
    expect(await admins()).toEqual([]);
  });

  it('refuses a short password, and an invalid username before asking for any', async () => {
    const short = await createAdmin([], 'short\n');
    const badName = await createAdmin(['--username', 'no spaces'], `${PASSWORD}\n`);

    expect(short.code).toBe(1);
    expect(short.stderr).toContain('password must be at least 8 characters long');
    expect(badName.code).toBe(1);
    expect(linesOf(badName.stderr)).toEqual([
      'Cannot create the administrator: username may contain only letters, digits, ".", "_" and "-"',
    ]);
    expect(await admins()).toEqual([]);
  });

  it('creates the administrator from a password piped to stdin, and audits it', async () => {
    const run = await createAdmin([], `${PASSWORD}\n`);

    expect(run).toMatchObject({ code: 0, stderr: expect.not.stringMatching(STACK_LINE) });
    expect(linesOf(run.stdout)).toEqual([
      expect.stringMatching(
        /^Created the administrator 'admin' \(id [0-9a-f-]{36}, email admin@localhost, role admin\)/,
      ),
    ]);
    expect(await admins()).toEqual([
      { username: 'admin', email: 'admin@localhost', roles: ['admin'] },
    ]);
    const audited = await queryRows(
      database.url,
      `SELECT actor, details FROM audit_events WHERE type = 'user.created'`,
    );
    expect(audited).toEqual([{ actor: 'cli', details: { roles: ['admin'] } }]);
  });

  it('refuses a taken username or email in one 409-like line', async () => {
    const second = await createAdmin(
      ['--username', 'second', '--email', 'second@example.com'],
      `${PASSWORD}\n`,
    );
    const sameName = await createAdmin(['--username', 'ADMIN'], `${PASSWORD}\n`);
    const sameEmail = await createAdmin(
      ['--username', 'third', '--email', 'Second@EXAMPLE.com'],
      `${PASSWORD}\n`,
    );

    expect(second.code).toBe(0);
    expect(sameName.code).toBe(1);
    expect(linesOf(sameName.stderr).at(-1)).toBe(
      "Cannot create the administrator: the username 'ADMIN' is taken (409 ERR_USERNAME_TAKEN); choose another with --username",
    );
    expect(sameEmail.code).toBe(1);
    expect(linesOf(sameEmail.stderr).at(-1)).toBe(
      'Cannot create the administrator: the email Second@EXAMPLE.com is registered already (409 ERR_EMAIL_TAKEN); choose another with --email',
    );
    expect((await admins()).map((admin) => admin.username)).toEqual(['admin', 'second']);
  });

  it('lets the administrator log in and administer; start-up no longer says there is none', async () => {
    const service = await start();
    await service.waitFor(LISTENING, 45000);

    const login = await fetch(`${service.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const users = await fetch(`${service.baseUrl}/users`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(users.status).toBe(200);
    expect(await service.stop('SIGTERM')).toBe(0);
    outputs.push(service.output());
    expect(service.output()).not.toMatch(NO_ADMIN_LINE);
  });

  const onTerminal = canRunInTerminal() ? it : it.skip;

  onTerminal(
    'prompts twice on a terminal, echoing nothing, and refuses two that differ',
    async () => {
      const typed = 'typed at the prompt 42';
      const answers = (second: string) => [
        { after: /Password for 'ops': /, type: `${typed}\r` },
        { after: /Repeat it: /, type: `${second}\r` },
      ];
      const args = ['create-admin', '--username', 'ops', '--email', 'ops@example.com'];

      const differ = await runCompiledCliInTerminal(CLI, args, env(), answers('something else 42'));
      const agreed = await runCompiledCliInTerminal(CLI, args, env(), answers(typed));

      expect(differ.code).toBe(1);
      expect(differ.stdout).toContain('The two passwords differ: nothing was created');
      expect(agreed.code).toBe(0);
      expect(agreed.stdout).toContain("Created the administrator 'ops'");
      expect(`${differ.stdout}${agreed.stdout}`).not.toContain(typed);
      expect((await admins()).map((admin) => admin.username)).toEqual(['admin', 'second', 'ops']);
    },
  );

  it('says it again once every administrator is inactive', async () => {
    await queryRows(database.url, `UPDATE users SET is_active = false WHERE 'admin' = ANY(roles)`);
    const service = await start();
    await service.waitFor(LISTENING, 45000);
    expect(await service.stop('SIGTERM')).toBe(0);
    outputs.push(service.output());

    expect(service.output()).toMatch(NO_ADMIN_LINE);
  });

  it('never wrote a password to any output', () => {
    const everything = outputs.join('\n');

    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain('password1');
  });
});

describe('A weak ADMIN_PASSWORD (compiled service)', () => {
  it('is a configuration error: one line with the others, exit 1, before any migration', async () => {
    const database = await createTestDatabase();
    try {
      const service = await startService({
        DATABASE_URL: database.url,
        KEY_ENCRYPTION_KEY,
        ADMIN_PASSWORD: 'Password123',
        ACCESS_TOKEN_TTL: 'abc',
      });

      expect(await service.exited).toBe(1);
      expect(linesOf(service.output())).toEqual([
        'Invalid configuration:',
        '  - ACCESS_TOKEN_TTL must be a positive integer, got "abc"',
        '  - ADMIN_PASSWORD is not acceptable: password is one of the most commonly used passwords; choose another',
      ]);
      const tables = await queryRows(
        database.url,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      );
      expect(tables).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
