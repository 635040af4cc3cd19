import { StatusBadge, type StatusTone } from '../../ui/StatusBadge';
import type { ConnectionTest } from './types';

const FEATURES: readonly { key: keyof ConnectionTest['features']; label: string; why: string }[] = [
  { key: 'aliases', label: 'Model aliases', why: 'needed to follow @champion and see aliases moved outside Quorum' },
  { key: 'datasetInputs', label: 'Dataset inputs', why: 'the training data’s name and digest on each run' },
  { key: 'loggedModels', label: 'Logged models', why: 'MLflow 3’s model entities' },
  { key: 'webhooks', label: 'Webhooks', why: 'push notice of registry changes' },
];

function check(value: boolean | null, yes: string, no: string, unknown: string): { tone: StatusTone; label: string } {
  if (value === null) return { tone: 'unknown', label: unknown };
  return value ? { tone: 'ok', label: yes } : { tone: 'danger', label: no };
}

/** What "Test connection" found, each line a status with its word: reachable, signed in, version, features. */
export function ConnectionTestResult({ test, kind }: { test: ConnectionTest; kind: 'mlflow' | 'prometheus' }) {
  const reachable = check(test.reachable, 'Reachable', 'Not reachable', 'Not checked');
  const auth = check(test.authenticated, 'Credentials accepted', 'Credentials refused', 'Not tried');
  return (
    <section className={test.ok ? 'test-result test-result--ok' : 'test-result test-result--failed'} aria-label="Connection test result">
      <h3 className="test-result__title">
        {test.ok ? <StatusBadge tone="ok" label="Connection works" /> : <StatusBadge tone="danger" label="Connection test failed" />}
        <span className="muted"> answered in {test.latencyMs} ms</span>
      </h3>
      {test.problem && (
        <p className="test-result__problem" role="alert">
          {test.problem.message}
        </p>
      )}
      <ul className="test-result__checks">
        <li>
          <StatusBadge tone={reachable.tone} label={reachable.label} /> Server at this address
        </li>
        <li>
          <StatusBadge tone={auth.tone} label={auth.label} /> Authentication
        </li>
        <li>
          <StatusBadge
            tone={test.serverVersion ? 'ok' : 'unknown'}
            label={test.serverVersion ? `Version ${test.serverVersion}` : 'Version not reported'}
          />{' '}
          Server version
        </li>
      </ul>
      {kind === 'mlflow' && test.reachable && (
        <>
          <h4 className="test-result__subtitle">API features found</h4>
          <ul className="test-result__checks">
            {FEATURES.map((feature) => {
              const found = check(test.features[feature.key], 'Available', 'Not available', 'Could not tell');
              return (
                <li key={feature.key}>
                  <StatusBadge tone={found.tone === 'danger' ? 'unknown' : found.tone} label={found.label} /> {feature.label}{' '}
                  <span className="muted">— {feature.why}</span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
