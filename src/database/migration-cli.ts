import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig } from '../config';
import { dataSourceOptions, describeDatabaseUrl } from './data-source-options';
import { openCliDatabase } from './cli-database';
import { runMigrations } from './run-migrations';

/**
 * `npm run migration:run | migration:revert | migration:generate -- <Name>`, on the same
 * database the service would use (DATABASE_URL, or the embedded one under DATA_DIR).
 */
async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const database = await openCliDatabase(config, say);
  const url = database.url;
  say(`Database: ${describeDatabaseUrl(url)}`);
  const dataSource = await new DataSource(
    // Entities are globbed from the compiled output: this CLI runs from dist/.
    dataSourceOptions(url, { entities: [join(__dirname, '..', '**', '*.entity.js')] }),
  ).initialize();
  try {
    switch (command) {
      case 'run': {
        const applied = await runMigrations(dataSource);
        say(
          applied.length
            ? `Applied: ${applied.join(', ')}`
            : 'Nothing to apply: schema is up to date',
        );
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        say('Reverted the last migration');
        break;
      case 'generate':
        await generate(dataSource, name);
        break;
      default:
        throw new UsageError(
          `Unknown command "${command ?? ''}": use run, revert or generate <Name>`,
        );
    }
  } finally {
    await dataSource.destroy();
    await database.close();
  }
}

class UsageError extends Error {}

async function generate(dataSource: DataSource, name: string | undefined): Promise<void> {
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    throw new UsageError(
      'generate needs a PascalCase name: npm run migration:generate -- AddThing',
    );
  }
  const sql = await dataSource.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    say('No schema changes between the entities and the database');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const quote = (query: string): string =>
    `    await queryRunner.query(\`${query.replace(/`/g, '\\`')}\`);`;
  const file = join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(
    file,
    [
      `import { MigrationInterface, QueryRunner } from 'typeorm';`,
      ``,
      `export class ${className} implements MigrationInterface {`,
      `  name = '${className}';`,
      ``,
      `  async up(queryRunner: QueryRunner): Promise<void> {`,
      ...sql.upQueries.map((query) => quote(query.query)),
      `  }`,
      ``,
      `  async down(queryRunner: QueryRunner): Promise<void> {`,
      ...sql.downQueries.reverse().map((query) => quote(query.query)),
      `  }`,
      `}`,
      ``,
    ].join('\n'),
  );
  say(`Wrote ${file}; add ${className} to migrations/index.ts`);
}

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigValidationError || error instanceof UsageError
      ? error.message
      : `Migration failed: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
