// Child process: holds the instance lock of a data directory, prints "locked", and releases
// it when its stdin closes. usage: hold-instance-lock.ts <data-dir>
import { acquireInstanceLock } from '../../electron/core/workspace/instance-lock';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-instance-lock.ts <data-dir>');
const lock = acquireInstanceLock(dataDir, 'test holder');
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  lock.release();
  process.exit(0);
});
