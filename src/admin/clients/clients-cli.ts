import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { SystemClock } from '@warden/nest-auth';
import { ApiEntity } from '../../apis/api.entity';
import { ApiRegistry } from '../../apis/api-registry.service';
import { AuditEventEntity } from '../../audit/audit-event.entity';
import { AuditService } from '../../audit/audit.service';
import { CliRefusal, note, runCommand, say } from '../../common/cli/cli-main';
import { validationProblems } from '../../common/validation-problems';
import { AppConfig, loadConfig } from '../../config';
import { openCliDataSource } from '../../database/cli-data-source';
import { ClientEntity } from '../../tokens/clients/client.entity';
import { ClientsService } from '../../tokens/clients/clients.service';
import { TOKEN_ENDPOINT_AUTH_METHODS } from '../../tokens/clients/service-client';
import { RefreshTokenEntity } from '../../tokens/refresh-token.entity';
import { RefreshTokenService } from '../../tokens/refresh-token.service';
import { RefreshTokensRepository } from '../../tokens/refresh-tokens.repository';
import { RevocationService } from '../../tokens/revocation.service';
import { RevokedTokenEntity } from '../../tokens/revoked-token.entity';
import { RevokedTokensRepository } from '../../tokens/revoked-tokens.repository';
import { standaloneUsersService, USERS_ENTITIES } from '../../users/standalone-users';
import { clientChangeOf } from './client-change';
import { CreateClientDto } from './dto/create-client.dto';
import { CreatedClientDto } from './dto/created-client.dto';

const FAILURE = 'Cannot create the client';
const USAGE =
  'usage: npm run clients:create -- --name <name> [--grant <grant type>]... ' +
  '[--permission <permission>]... [--audience <API identifier>]... ' +
  '[--redirect-uri <URI>]... [--post-logout-redirect-uri <URI>]... ' +
  '[--auth-method client_secret_basic|client_secret_post|none] [--first-party] ' +
  '[--allowed-origin <origin>]... [--json]';

/**
 * `npm run clients:create -- --name reports --grant client_credentials --permission reports:read`:
 * registers a client as `POST /clients` does (its DTO's validation, ClientsService, audited as
 * `client.created` by `cli`; each `--audience` a registered API or the service's own), for the
 * first client before any administrator can log in; a browser app with `--grant
 * authorization_code --redirect-uri <URI>` (and `--auth-method none` when it is public).
 * Whoever runs it holds the database already, so no escalation check applies. The secret is
 * printed once, on stdout only (with --json, the `POST /clients` 201 body); everything else
 * goes to stderr, and only the secret's digest is stored. A public client has no secret.
 */
async function main(): Promise<void> {
  const command = parseCommand(process.argv.slice(2));
  const body = bodyOf(command);
  const problems = await validationProblems(CreateClientDto, body);
  if (problems.length > 0) throw new CliRefusal(`${FAILURE}: ${problems.join('; ')}`);
  const config = loadConfig();
  const database = await openCliDataSource(config, CLIENTS_ENTITIES, note);
  try {
    const clients = standaloneClientsService(database.dataSource, config);
    const created = await clients.create(
      { ...clientChangeOf(body), name: body.name, permissions: body.permissions },
      { actor: 'cli' },
    );
    const answer = CreatedClientDto.fromCreated(created);
    if (command.json) return say(JSON.stringify(answer));
    note(
      `Created the client '${answer.name}' (grants ${answer.grant_types.join(', ')}; ` +
        `permissions ${answer.permissions.join(', ') || 'none'})`,
    );
    say(`client_id=${answer.client_id}`);
    if (answer.client_secret === undefined) {
      note('A public client (auth method none): it has no secret, and must use PKCE.');
      return;
    }
    say(`client_secret=${answer.client_secret}`);
    note('The secret is shown this once (only its digest is stored): keep it now.');
  } finally {
    await database.close();
  }
}

interface ClientsCommand {
  name: string;
  grant?: string[];
  permission?: string[];
  audience?: string[];
  'redirect-uri'?: string[];
  'post-logout-redirect-uri'?: string[];
  'auth-method'?: string;
  'first-party'?: boolean;
  'allowed-origin'?: string[];
  json?: boolean;
}

/** The `POST /clients` body, as a plain object (what validationProblems reads). */
type CreateClientBody = { [K in keyof CreateClientDto]: CreateClientDto[K] };

/** The `POST /clients` body the options stand for, options left out left out. */
function bodyOf(command: ClientsCommand): CreateClientBody {
  const authMethod = command['auth-method'];
  const method = TOKEN_ENDPOINT_AUTH_METHODS.find((known) => known === authMethod);
  if (authMethod !== undefined && method === undefined) {
    throw new CliRefusal(
      `--auth-method must be one of ${TOKEN_ENDPOINT_AUTH_METHODS.join(', ')}; ${USAGE}`,
    );
  }
  return {
    name: command.name,
    permissions: command.permission ?? [],
    grant_types: command.grant,
    allowed_audiences: command.audience,
    redirect_uris: command['redirect-uri'],
    post_logout_redirect_uris: command['post-logout-redirect-uri'],
    token_endpoint_auth_method: method,
    first_party: command['first-party'],
    allowed_origins: command['allowed-origin'],
  };
}

function parseCommand(args: string[]): ClientsCommand {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        grant: { type: 'string', multiple: true },
        permission: { type: 'string', multiple: true },
        audience: { type: 'string', multiple: true },
        'redirect-uri': { type: 'string', multiple: true },
        'post-logout-redirect-uri': { type: 'string', multiple: true },
        'auth-method': { type: 'string' },
        'first-party': { type: 'boolean' },
        'allowed-origin': { type: 'string', multiple: true },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length > 0) throw new CliRefusal(`Unexpected "${positionals[0]}"; ${USAGE}`);
    if (values.name === undefined) throw new CliRefusal(`--name is required; ${USAGE}`);
    return { ...values, name: values.name };
  } catch (error) {
    if (error instanceof CliRefusal) throw error;
    throw new CliRefusal(`${error instanceof Error ? error.message : String(error)}; ${USAGE}`);
  }
}

const CLIENTS_ENTITIES = [
  ClientEntity,
  ApiEntity,
  RefreshTokenEntity,
  RevokedTokenEntity,
  AuditEventEntity,
  ...USERS_ENTITIES,
];

/**
 * ClientsService as the injector builds it, without starting a Nest application: the
 * revocation service is made but never started (no LISTEN connection, no state loaded), since
 * creating a client revokes nothing.
 */
function standaloneClientsService(dataSource: DataSource, config: AppConfig): ClientsService {
  const clock = new SystemClock();
  const audit = new AuditService(dataSource.getRepository(AuditEventEntity), clock);
  const users = standaloneUsersService(dataSource, config, clock, audit);
  const revokedTokens = new RevokedTokensRepository(dataSource);
  const revocation = new RevocationService(dataSource, revokedTokens, users, config, clock);
  const refreshTokens = new RefreshTokenService(
    new RefreshTokensRepository(dataSource),
    revocation,
    audit,
    config,
    clock,
  );
  const clientsTable = dataSource.getRepository(ClientEntity);
  const apis = new ApiRegistry(dataSource.getRepository(ApiEntity), config);
  return new ClientsService(clientsTable, refreshTokens, revocation, audit, apis, clock);
}

runCommand(main, FAILURE);
