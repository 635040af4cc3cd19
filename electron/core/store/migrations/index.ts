import { catalogMigration } from './0001-catalog';
import { registrySyncMigration } from './0002-registry-sync';
import { lineageMigration } from './0003-lineage';
import { driftMigration } from './0004-drift';
import { governanceMigration } from './0005-governance';
import { monitoringMigration } from './0006-monitoring';
import { teamsyncMigration } from './0007-teamsync';
import { reportsMigration } from './0008-reports';
import { driftRetentionMigration } from './0009-drift-retention';
import type { Migration } from './migration';

/** Every schema step, in order. Append only: a released migration never changes. */
export const MIGRATIONS: readonly Migration[] = [
  catalogMigration,
  registrySyncMigration,
  lineageMigration,
  driftMigration,
  governanceMigration,
  monitoringMigration,
  teamsyncMigration,
  reportsMigration,
  driftRetentionMigration,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
