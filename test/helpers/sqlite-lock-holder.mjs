// Child process for the "locked by another process" tests: opens a database, takes a lock
// the way another tool would, prints "locked", and holds it until its stdin closes.
// usage: node sqlite-lock-holder.mjs <path> <journal-mode> <exclusive|immediate|exclusive-locking-mode>
import Database from 'better-sqlite3';

const [path, journalMode, kind] = process.argv.slice(2);
const db = new Database(path, { fileMustExist: true });
db.pragma(`journal_mode = ${journalMode}`);
if (kind === 'exclusive-locking-mode') {
  // A WAL database in exclusive locking mode keeps every other connection out, readers too.
  db.pragma('locking_mode = EXCLUSIVE');
  db.exec('BEGIN EXCLUSIVE');
} else if (kind === 'immediate') {
  db.exec('BEGIN IMMEDIATE');
} else {
  db.exec('BEGIN EXCLUSIVE');
}
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
