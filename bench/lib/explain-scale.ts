import { DataSource, Logger as TypeOrmLogger } from 'typeorm';
import { AuditEventsRepository, AuditPageQuery } from '../../src/audit/audit-events.repository';
import { PageCursor, SORT_KEY_TIME_FORMAT } from '../../src/common/page-cursor';
import { RevokedTokensRepository } from '../../src/tokens/revoked-tokens.repository';
import { UserEntity } from '../../src/users/user.entity';
import { UserPageQuery, UsersRepository } from '../../src/users/users.repository';

/** One statement the service ran, and what EXPLAIN (ANALYZE, BUFFERS) says of it. */
export interface ExplainedQuery {
  label: string;
  sql: string;
  /** Node types, children in parentheses, e.g. `Limit(Index Scan users_created_at_id_idx)`. */
  plan: string;
  executionMs: number;
  sharedHit: number;
  sharedRead: number;
  rows: number;
}

interface PlanNode {
  'Node Type': string;
  'Parallel Aware'?: boolean;
  /** Partial / Finalize for the halves of a parallel aggregate; Simple otherwise. */
  'Partial Mode'?: string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

/**
 * Records the statements the service's own repositories send instead of rewriting them here,
 * so what is explained is exactly the SQL behind the route (TypeORM's query builder included).
 */
class CapturingLogger implements TypeOrmLogger {
  captured: { sql: string; parameters: unknown[] }[] = [];
  capturing = false;
  logQuery(query: string, parameters?: unknown[]): void {
    if (this.capturing) this.captured.push({ sql: query, parameters: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

function describe(node: PlanNode): string {
  const on = node['Index Name'] ?? node['Relation Name'];
  const mode =
    node['Partial Mode'] && node['Partial Mode'] !== 'Simple' ? `${node['Partial Mode']} ` : '';
  const type = `${mode}${node['Parallel Aware'] ? 'Parallel ' : ''}${node['Node Type']}`;
  const self = on ? `${type} ${on}` : type;
  const children = (node.Plans ?? []).map(describe);
  return children.length > 0 ? `${self}(${children.join(', ')})` : self;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the SQL behind GET /users and GET /audit (first page, a deep
 * offset, a cursor at that depth; /audit also with a common and a rare `type`) and of the
 * denylist load every start-up and poll runs. Each statement is explained twice and the second,
 * warm, run kept: the routes' figures are warm too.
 */
export async function explainScale(url: string, deepOffset: number): Promise<ExplainedQuery[]> {
  const logger = new CapturingLogger();
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: [UserEntity],
    logging: ['query'],
    logger,
  });
  await dataSource.initialize();
  try {
    const users = new UsersRepository(dataSource);
    const audit = new AuditEventsRepository(dataSource.manager);
    const revoked = new RevokedTokensRepository(dataSource);
    const key = async (sql: string): Promise<PageCursor> => {
      const [row] = await dataSource.query<{ at: string; id: string }[]>(sql, [
        SORT_KEY_TIME_FORMAT,
        deepOffset + 19,
      ]);
      return { at: row.at, id: String(row.id) };
    };
    // The last row of the page at deepOffset (limit 20): what its next_cursor names.
    const userKey = await key(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', $1) AS at, id FROM users
        ORDER BY created_at, id OFFSET $2 LIMIT 1`,
    );
    const auditKey = await key(
      `SELECT to_char(at AT TIME ZONE 'UTC', $1) AS at, id FROM audit_events
        ORDER BY at DESC, id DESC OFFSET $2 LIMIT 1`,
    );
    const deep = deepOffset.toLocaleString('en-US');
    const userPages: [string, UserPageQuery][] = [
      ['GET /users', { limit: 20 }],
      [`GET /users?offset=${deep}`, { limit: 20, offset: deepOffset }],
      [`GET /users?after (at ${deep})`, { limit: 20, after: userKey }],
    ];
    const auditPages: [string, AuditPageQuery][] = [
      ['GET /audit', { limit: 20 }],
      [`GET /audit?offset=${deep}`, { limit: 20, offset: deepOffset }],
      [`GET /audit?after (at ${deep})`, { limit: 20, after: auditKey }],
      ['GET /audit?type=login.succeeded (half the rows)', { limit: 20, type: 'login.succeeded' }],
      [
        'GET /audit?type=login.succeeded&offset=100,000',
        { limit: 20, type: 'login.succeeded', offset: 100_000 },
      ],
      ['GET /audit?type=key.rotated (1 in 10,000)', { limit: 20, type: 'key.rotated' }],
    ];
    const work: [string, () => Promise<unknown>][] = [
      ...userPages.map(([label, query]): [string, () => Promise<unknown>] => [
        label,
        () => users.page(query),
      ]),
      ...auditPages.map(([label, query]): [string, () => Promise<unknown>] => [
        label,
        () => audit.page(query),
      ]),
      ['denylist full load (start-up, reconnect)', () => revoked.listUnexpired(new Date())],
      ['start-up: active admin exists?', () => users.activeUserWithRoleExists('admin')],
    ];
    const explained: ExplainedQuery[] = [];
    for (const [label, run] of work) {
      logger.captured = [];
      logger.capturing = true;
      await run();
      logger.capturing = false;
      for (const { sql, parameters } of logger.captured) {
        const explain = `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`;
        await dataSource.query(explain, parameters);
        const [{ 'QUERY PLAN': result }] = await dataSource.query<
          { 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }[]
        >(explain, parameters);
        const [{ Plan: plan, 'Execution Time': executionMs }] = result;
        explained.push({
          label,
          sql: sql.replace(/\s+/g, ' ').trim(),
          plan: describe(plan),
          executionMs,
          sharedHit: plan['Shared Hit Blocks'] ?? 0,
          sharedRead: plan['Shared Read Blocks'] ?? 0,
          rows: plan['Actual Rows'] ?? 0,
        });
      }
    }
    return explained;
  } finally {
    await dataSource.destroy();
  }
}
