import type { Database } from 'better-sqlite3';

/** Every row of every table, in a stable order, to compare a database before and after. */
export function dumpTables(db: Database): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const dump: Record<string, unknown[]> = {};
  for (const table of tables) {
    const quoted = `"${table.replaceAll('"', '""')}"`;
    const order = columnsOf(db, table)
      .map((_, i) => String(i + 1))
      .join(', ');
    dump[table] = db.prepare(`SELECT * FROM ${quoted} ORDER BY ${order}`).all();
  }
  return dump;
}

/** Column names of a table, in declaration order. */
export function columnsOf(db: Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).slice();
}

export function tableNames(db: Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}

export function indexNames(db: Database): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
}
