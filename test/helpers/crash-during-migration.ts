// Child process: starts a migration that writes, then dies by SIGKILL before it commits,
// as a power cut or a killed process would. usage: crash-during-migration.ts <db-path>
import Database from 'better-sqlite3';
import { migrate } from '../../electron/core/store/migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../electron/core/store/migrations';

const path = process.argv[2];
if (!path) throw new Error('usage: crash-during-migration.ts <db-path>');
const db = new Database(path, { fileMustExist: true });
db.pragma('journal_mode = WAL');
const next = LATEST_SCHEMA_VERSION + 1;
migrate(db, [
  ...MIGRATIONS,
  {
    version: next,
    name: 'crashes-half-way',
    up(inner) {
      inner.exec('CREATE TABLE half_done (x TEXT)');
      const insert = inner.prepare('INSERT INTO half_done VALUES (?)');
      // Enough rows to spill pages into the WAL before the crash.
      for (let i = 0; i < 20_000; i++) insert.run(`row ${i} ${'x'.repeat(100)}`);
      inner.exec("UPDATE connections SET url = 'http://changed-by-crashing-migration'");
      process.stdout.write('writing\n');
      process.kill(process.pid, 'SIGKILL');
    },
  },
]);
