import type { Command } from 'commander';
import { APP_VERSION } from '../../core/version';
import { LATEST_SCHEMA_VERSION } from '../../core/store/migrations';
import type { CommandRunner } from '../program';

export function registerVersion(program: Command, run: CommandRunner): void {
  program
    .command('version')
    .description('Print the Quorum version and the workspace schema version it supports.')
    .action(
      run(async (context) => {
        context.result(
          { version: APP_VERSION, schemaVersion: LATEST_SCHEMA_VERSION, node: process.versions.node },
          () => `quorum ${APP_VERSION} (schema ${LATEST_SCHEMA_VERSION})`,
        );
        return 0;
      }),
    );
}
