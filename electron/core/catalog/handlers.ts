import type { catalogOperations } from '@shared/contract/catalog.contract';
import type { Handlers } from '../rpc/handler';
import type { CoreServices } from '../services';
import { listConnections } from './connections';
import { cachedModels, filterModels, getModel, getVersion, listChanges, listVersions } from './queries';

export function catalogHandlers({ store }: CoreServices): Pick<Handlers, keyof typeof catalogOperations> {
  const { db } = store;
  return {
    'models.list': (filter) => filterModels(cachedModels(db), filter),
    'models.get': ({ connection, name }) => {
      const model = getModel(db, connection, name);
      return { model, versions: listVersions(db, model), activity: listChanges(db, connection, name) };
    },
    'versions.get': ({ connection, name, version }) => getVersion(db, connection, name, version),
    'connections.list': () => listConnections(db).map(({ id: _id, ...connection }) => connection),
  };
}
