import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { LineageNodeKind } from '@shared/domain/lineage';
import { useDebouncedValue } from '../../app/use-debounced-value';
import { Icon } from '../../ui/Icon';
import { lineageSearchQuery } from './queries';
import { KIND_LABELS } from './vocabulary';

const PICKABLE: readonly LineageNodeKind[] = ['model_version', 'deployment', 'dataset', 'job'];

/** Search models, datasets and jobs by name and start the graph there. */
export function NodePicker({ current, onPick }: { current: string | null; onPick: (ref: string) => void }) {
  const id = useId();
  const [text, setText] = useState('');
  const [kind, setKind] = useState<LineageNodeKind | ''>('');
  const debounced = useDebouncedValue(text.trim(), 200);
  const query = useQuery({
    ...lineageSearchQuery(debounced, kind === '' ? undefined : kind),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const results = (query.data ?? []).filter((n) => kind !== '' || PICKABLE.includes(n.kind));
  return (
    <section role="search" className="lineage-picker" aria-label="Start node">
      <div className="lineage-controls">
        <div className="field lineage-picker__search">
          <label className="field__label" htmlFor={`${id}-q`}>
            Start from a model, dataset or job
          </label>
          <div className="search-input">
            <Icon name="search" />
            <input
              id={`${id}-q`}
              className="input"
              type="search"
              value={text}
              placeholder="e.g. credit-approval-scorer, lending/credit/train"
              onChange={(e) => setText(e.target.value)}
              autoComplete="off"
            />
          </div>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${id}-kind`}>
            Kind
          </label>
          <select id={`${id}-kind`} className="select" value={kind} onChange={(e) => setKind(e.target.value as LineageNodeKind | '')}>
            <option value="">Models, datasets and jobs</option>
            {PICKABLE.map((k) => (
              <option key={k} value={k}>
                {KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {current && (
        <p className="muted lineage-picker__current">
          Centred on <code>{current}</code>
        </p>
      )}
      {debounced.length > 0 && (
        <div aria-live="polite">
          {query.isError ? (
            <p role="alert">Search failed: {query.error.message} Try again, or type the node’s full name.</p>
          ) : results.length === 0 && !query.isFetching ? (
            <p className="muted">No model, dataset or job matches “{debounced}”.</p>
          ) : (
            <ul className="lineage-picker__results" aria-label="Matching nodes">
              {results.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      setText('');
                      onPick(n.ref);
                    }}
                  >
                    {n.label}
                  </button>{' '}
                  <span className="muted">
                    {KIND_LABELS[n.kind]} · {n.namespace}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
