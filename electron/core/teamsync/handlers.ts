import type { teamsyncOperations } from '@shared/contract/teamsync.contract';
import type { Handlers } from '../rpc/handler';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import type { CoreServices } from '../services';
import { TeamSync, type TeamSyncOptions } from './engine';
import { PG_SCHEMA_VERSION } from './pg-schema';

type TeamHandlers = Pick<Handlers, keyof typeof teamsyncOperations>;

export function createTeamSync(services: CoreServices, options: Partial<TeamSyncOptions> & { secrets?: SecretStore } = {}): TeamSync {
  return new TeamSync(services, { ...options, secrets: options.secrets ?? new FileSecretStore(services.store.dataDir) });
}

export function teamsyncHandlers(team: TeamSync): TeamHandlers {
  return {
    'team.connect': async (input) => {
      const { schema, sync } = await team.connect(input);
      return {
        status: await team.status(),
        sync,
        schemaVersion: PG_SCHEMA_VERSION,
        migrated: schema.migrated,
        memberRole: schema.memberRole,
      };
    },
    'team.sync': ({ audit }) => team.sync({ audit }),
    'team.status': ({ limit }) => team.status(limit),
    'team.disconnect': () => ({ disconnected: team.disconnect() }),
  };
}
