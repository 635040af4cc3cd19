import { runCli } from './program';
import { processIo } from './io';

const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
