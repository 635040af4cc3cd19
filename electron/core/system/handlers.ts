import type { systemOperations } from '@shared/contract/system.contract';
import { loadDemo } from '../demo/load-demo';
import type { Handlers } from '../rpc/handler';
import type { CoreServices } from '../services';
import { runDoctor } from './doctor';

export function systemHandlers(services: CoreServices): Pick<Handlers, keyof typeof systemOperations> {
  const { store } = services;
  return {
    'system.info': () => ({
      appVersion: services.appVersion,
      schemaVersion: store.schemaVersion,
      dataDir: store.dataDir,
      workspaceKind: services.workspaceKind,
      empty: (store.db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n === 0,
    }),
    'system.doctor': () => runDoctor(store),
    'demo.load': () => loadDemo(services),
  };
}
