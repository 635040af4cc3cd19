import type { RegistryWriteBack, VersionRef } from '../connectors/connector';
import { QuorumError } from '../errors';
import { openConnector, type ConnectorRuntimeOptions } from './connectors';
import type { CredentialResolver } from './credentials';
import { rethrowAsQuorum } from './failures';
import type { RegistryStore } from './store';

/**
 * Write-back of governance state to a registry (version tags, alias promotion), for the
 * governance issue to call once a release gate passes. Refused unless the connection was
 * set up with write-back on: by default Quorum only reads. Backend failures come out as
 * QuorumErrors with the connector's human message.
 */
export class WriteBackGate {
  constructor(
    private readonly store: RegistryStore,
    private readonly credentials: CredentialResolver,
    private readonly connectorOptions: ConnectorRuntimeOptions,
  ) {}

  setVersionTag(connection: string, target: VersionRef, key: string, value: string, signal: AbortSignal): Promise<void> {
    return this.run(connection, (w) => w.setVersionTag(target, key, value, signal));
  }

  deleteVersionTag(connection: string, target: VersionRef, key: string, signal: AbortSignal): Promise<void> {
    return this.run(connection, (w) => w.deleteVersionTag(target, key, signal));
  }

  setAlias(connection: string, model: string, alias: string, version: number, signal: AbortSignal): Promise<void> {
    return this.run(connection, (w) => w.setAlias(model, alias, version, signal));
  }

  deleteAlias(connection: string, model: string, alias: string, signal: AbortSignal): Promise<void> {
    return this.run(connection, (w) => w.deleteAlias(model, alias, signal));
  }

  private async run(connection: string, action: (writeBack: RegistryWriteBack) => Promise<void>): Promise<void> {
    const row = this.store.require(connection);
    if (!row.settings.writeBack) {
      throw new QuorumError(
        'forbidden',
        `Write-back is off for connection "${connection}": Quorum only reads ${row.url}. Turn it on in Settings or with \`quorum connect mlflow --write-back\` to let Quorum set tags and aliases there.`,
        { connection },
      );
    }
    let connector;
    try {
      connector = await openConnector(row, this.credentials, this.connectorOptions);
      await action(connector.writeBack);
    } catch (error) {
      rethrowAsQuorum(error, { connection });
    } finally {
      await connector?.close().catch(() => undefined);
    }
  }
}
