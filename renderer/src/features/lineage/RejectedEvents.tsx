import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorState } from '../../ui/ErrorState';
import { RelativeTime } from '../../ui/RelativeTime';
import { rejectedEventsQuery } from './queries';

/** Events the receiver or an import refused, with why: nothing is dropped silently. */
export function RejectedEvents() {
  const [open, setOpen] = useState(false);
  const query = useQuery(rejectedEventsQuery());
  const total = query.data?.total ?? 0;
  return (
    <section className="lineage-rejected" aria-labelledby="lineage-rejected-title">
      <h2 id="lineage-rejected-title">Rejected events ({query.data ? total : '…'})</h2>
      {query.isError ? (
        <ErrorState title="Could not load the rejected events" error={query.error} level={3} onRetry={() => void query.refetch()} />
      ) : total === 0 ? (
        <p className="muted">
          No event has been refused. Events that are malformed (no run id, no job name, wrong types) are kept here with the reason.
        </p>
      ) : (
        <>
          <p>
            These events were refused and not added to the graph. Fix them at the producer (or in the file) and send them again; a corrected
            event is accepted like any other.
          </p>
          <button type="button" className="button" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {open ? 'Hide the rejected events' : `Show the ${total} rejected events`}
          </button>
          {open && query.data && (
            <div className="table-scroll">
              <table className="table table--compact">
                <caption className="visually-hidden">Rejected events, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">Received</th>
                    <th scope="col">Source</th>
                    <th scope="col">Why it was refused</th>
                    <th scope="col">Start of the event</th>
                  </tr>
                </thead>
                <tbody>
                  {query.data.items.map((item) => (
                    <tr key={item.id}>
                      <td>
                        <RelativeTime timestamp={item.lastReceivedAt} />
                        {item.times > 1 && <span className="muted"> ({item.times} times)</span>}
                      </td>
                      <td>
                        {item.source}
                        <span className="muted lineage-tables__namespace"> {item.sourceRef}</span>
                      </td>
                      <td>
                        <ul className="lineage-panel__list">
                          {item.reasons.map((reason, index) => (
                            <li key={`${reason.code}-${index}`}>
                              {reason.message}
                              {reason.path && <span className="muted"> at {reason.path}</span>}
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <code className="lineage-rejected__preview">{item.preview.slice(0, 160)}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
