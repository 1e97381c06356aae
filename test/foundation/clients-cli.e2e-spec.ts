import { randomBytes } from 'node:crypto';
import { CommandRun, linesOf, queryRows, runCompiledCli } from './cli-run';
import { STACK_LINE } from './local-data-dir';
import { ServiceProcess, startService } from '../support/service-process';
import { createTestDatabase } from '../support/test-database';

const CLI = 'admin/clients/clients-cli.js';
const LISTENING = /Warden is listening/;
const KEY_ENCRYPTION_KEY = randomBytes(32).toString('base64');

/** `npm run clients:create` (the compiled CLI), then its client at the compiled service. */
describe('clients:create (compiled CLI and service)', () => {
  let database: { url: string; drop: () => Promise<void> };
  const running: ServiceProcess[] = [];
  const createClient = (args: string[]): Promise<CommandRun> =>
    runCompiledCli(CLI, args, { DATABASE_URL: database.url, KEY_ENCRYPTION_KEY });
  const clientRows = () =>
    queryRows<{ name: string; permissions: string[]; grant_types: string[] }>(
      database.url,
      'SELECT name, permissions, grant_types FROM clients ORDER BY created_at',
    );

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop('SIGKILL')));
    await database.drop();
  });

  let created: CommandRun;
  let client: { id: string; secret: string };

  it('creates the client and prints its id and secret once, the secret on stdout only', async () => {
    created = await createClient([
      '--name',
      'reports',
      '--grant',
      'client_credentials',
      '--permission',
      'reports:read',
    ]);

    expect(created.code).toBe(0);
    const [idLine, secretLine, ...rest] = linesOf(created.stdout);
    expect(rest).toEqual([]);
    client = {
      id: /^client_id=(\S+)$/.exec(idLine)![1],
      secret: /^client_secret=(\S+)$/.exec(secretLine)![1],
    };
    expect(created.stdout.split(client.secret)).toHaveLength(2);
    expect(created.stderr).not.toContain(client.secret);
    expect(created.stderr).toContain(
      "Created the client 'reports' (grants client_credentials; permissions reports:read)",
    );
    expect(await clientRows()).toEqual([
      { name: 'reports', permissions: ['reports:read'], grant_types: ['client_credentials'] },
    ]);
  });

  it('audits the creation by cli, without the secret', async () => {
    const rows = await queryRows<{ actor: string; subject: string; details: unknown }>(
      database.url,
      `SELECT actor, subject, details FROM audit_events WHERE type = 'client.created'`,
    );

    expect(rows).toEqual([
      {
        actor: 'cli',
        subject: `client:${client.id}`,
        details: {
          name: 'reports',
          permissions: ['reports:read'],
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'client_secret_basic',
        },
      },
    ]);
    expect(JSON.stringify(rows)).not.toContain(client.secret);
  });

  it('gives a secret the client_credentials grant accepts at the service', async () => {
    const service = await startService({ DATABASE_URL: database.url, KEY_ENCRYPTION_KEY });
    running.push(service);
    await service.waitFor(LISTENING, 45000);

    const basic = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
    const response = await fetch(`${service.baseUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${basic}`,
      },
      body: 'grant_type=client_credentials',
    });

    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    expect(claims).toMatchObject({ sub: `client:${client.id}`, client_id: client.id });
    expect(await service.stop('SIGTERM')).toBe(0);
    expect(service.output()).not.toContain(client.secret);
  });

  it('prints the body of POST /clients with --json, defaults included', async () => {
    const run = await createClient(['--name', 'exchanger', '--json']);

    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      client_id: expect.any(String),
      client_secret: expect.any(String),
      name: 'exchanger',
      permissions: [],
      grant_types: ['client_credentials', 'urn:ietf:params:oauth:grant-type:token-exchange'],
      allowed_audiences: [],
      attributes: {},
      redirect_uris: [],
      post_logout_redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      first_party: false,
      allowed_origins: [],
      is_active: true,
      created_at: expect.any(String),
    });
  });

  it('creates a public browser client, printing its id and no secret', async () => {
    const run = await createClient([
      '--name',
      'dashboard',
      '--grant',
      'authorization_code',
      '--redirect-uri',
      'https://app.example.com/callback',
      '--redirect-uri',
      'http://localhost:3000/callback',
      '--post-logout-redirect-uri',
      'https://app.example.com/signed-out',
      '--auth-method',
      'none',
      '--first-party',
      '--allowed-origin',
      'https://app.example.com',
      '--json',
    ]);

    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(answer).not.toHaveProperty('client_secret');
    expect(answer).toMatchObject({
      grant_types: ['authorization_code'],
      redirect_uris: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      post_logout_redirect_uris: ['https://app.example.com/signed-out'],
      token_endpoint_auth_method: 'none',
      first_party: true,
      allowed_origins: ['https://app.example.com'],
    });
    const plain = await createClient([
      '--name',
      'spa',
      '--auth-method',
      'none',
      '--redirect-uri',
      'https://app.example.com/cb',
    ]);
    expect(linesOf(plain.stdout)).toEqual([expect.stringMatching(/^client_id=\S+$/)]);
  });

  it.each([
    [
      'a permission that is no scope token',
      ['--name', 'bad', '--permission', 'has space'],
      'Cannot create the client: each permission must be a scope token',
    ],
    [
      'an unknown grant',
      ['--name', 'bad', '--grant', 'implicit'],
      'Cannot create the client: each value in grant_types must be one of the following values: ' +
        'authorization_code, password, refresh_token, client_credentials, ' +
        'urn:ietf:params:oauth:grant-type:token-exchange',
    ],
    [
      'a redirect URI with a fragment',
      ['--name', 'bad', '--grant', 'authorization_code', '--redirect-uri', 'https://a.example/#x'],
      'Cannot create the client: redirect_uris[0] ("https://a.example/#x") must not have a ' +
        'fragment (#)',
    ],
    [
      'a name too long',
      ['--name', 'x'.repeat(101)],
      'Cannot create the client: name must be shorter than or equal to 100 characters',
    ],
  ])('refuses %s as POST /clients does, in one line', async (_what, args, line) => {
    const before = (await clientRows()).length;
    const run = await createClient(args);

    expect(run.code).toBe(1);
    expect(linesOf(run.stderr)).toEqual([line]);
    expect(run.stderr).not.toMatch(STACK_LINE);
    expect(await clientRows()).toHaveLength(before);
  });

  it('refuses an unknown --auth-method with the known ones', async () => {
    const run = await createClient(['--name', 'bad', '--auth-method', 'private_key_jwt']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^--auth-method must be one of client_secret_basic, client_secret_post, none;/,
    );
  });

  it('refuses a missing --name with its usage', async () => {
    const run = await createClient(['--grant', 'client_credentials']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^--name is required; usage: npm run clients:create -- --name/);
  });
});
