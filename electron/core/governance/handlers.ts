import type { governanceOperations } from '@shared/contract/governance.contract';
import type { Handlers } from '../rpc/handler';
import { FileSecretStore } from '../secrets/file-secret-store';
import type { SecretStore } from '../secrets/secret-store';
import type { CoreServices } from '../services';
import type { DriftCrossingSource } from '../drift/crossing';
import type { EvidenceProviders } from './evidence';
import { GovernanceService, type RegistryWriter } from './service';

type GovernanceHandlers = Pick<Handlers, keyof typeof governanceOperations>;

/**
 * Governance operations. Private keys go to the workspace's SecretStore when the core
 * provides one (the desktop app: OS keychain), else to the 0600 secrets file of the data
 * directory. Drift and data-quality evidence come from those features when they register
 * providers; until then their checks report "no results". Drift threshold crossings become
 * findings when the drift feature passes its source. Write-back to a registry goes through
 * the registry feature's `writeBack` when the core passes it.
 */
export function governanceHandlers(
  services: CoreServices,
  options: { secrets?: SecretStore; providers?: EvidenceProviders; registry?: RegistryWriter; driftCrossings?: DriftCrossingSource } = {},
): GovernanceHandlers {
  const provided = (services as Partial<{ secrets: SecretStore }>).secrets;
  const service = new GovernanceService({
    db: services.store.db,
    now: services.now,
    resourcesDir: services.resourcesDir,
    secrets: options.secrets ?? provided ?? new FileSecretStore(services.store.dataDir),
    ...(options.providers ? { providers: options.providers } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
    ...(options.driftCrossings ? { driftCrossings: options.driftCrossings } : {}),
    changed: () => services.events.emit('data.changed', { topics: ['governance'] }),
  });
  return {
    'governance.identities.list': () => service.listIdentities(),
    'governance.identities.create': (input) => service.createIdentity(input),
    'governance.identities.activate': ({ identity }) => service.activate(identity),
    'governance.identities.export': ({ identity }) => service.exportIdentity(identity),
    'governance.identities.import': (input) => service.importKey(input),
    'governance.roles.list': () => service.listRoles(),
    'governance.roles.grant': (input) => service.changeRole(input, true),
    'governance.roles.revoke': (input) => service.changeRole(input, false),
    'governance.policy.get': ({ hash }) => service.getPolicy(hash),
    'governance.policy.validate': ({ yaml }) => service.validatePolicy(yaml),
    'governance.policy.set': (input) => service.setPolicy(input),
    'governance.policy.diff': ({ from, to }) => service.diffPolicy(from, to),
    'governance.requests.create': (input) => service.requestRelease(input),
    'governance.requests.inbox': (input) => service.inbox(input),
    'governance.requests.get': ({ id }) => service.getRequest(id),
    'governance.requests.cancel': (input) => service.cancelRequest(input),
    'governance.signoff.approve': (input) => service.signoff(input, 'approved'),
    'governance.signoff.reject': (input) => service.signoff({ ...input, conditions: [] }, 'rejected'),
    'governance.signoff.withdraw': (input) => service.withdraw(input),
    'governance.signoff.waive': (input) => service.waive(input),
    'governance.gate.evaluate': (input) => service.evaluateGate(input),
    'governance.gate.writeBack': (input, { signal }) => service.writeBack(input, signal),
    'governance.gate.summaries': (input) => service.gateSummaries(input),
    'governance.ledger.verify': () => service.verify(),
    'governance.ledger.list': (input) => service.listLedger(input),
    'governance.findings.list': (input) => service.findings(input),
    'governance.findings.acknowledge': (input) => service.actOnFinding(input, 'acknowledged'),
    'governance.findings.resolve': (input) => service.actOnFinding(input, 'resolved'),
    'governance.pointInTime': (input) => service.pointInTime(input),
  };
}
