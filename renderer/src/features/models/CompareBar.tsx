import { Link } from 'wouter';
import { comparePath } from '../../app/routes';

/** Under the versions list: what is ticked, and the way to the side-by-side comparison. */
export function CompareBar(props: { connection: string; name: string; selected: readonly number[]; clear: () => void }) {
  const { connection, name, selected, clear } = props;
  const ready = selected.length >= 2;
  return (
    <div className="versions-compare" role="group" aria-label="Compare versions">
      <p className="muted" aria-live="polite">
        {selected.length === 0
          ? 'Tick two or more versions to compare their parameters, metrics and datasets.'
          : `Chosen: ${selected.map((version) => `v${version}`).join(', ')}${ready ? '' : ' — tick at least one more'}. The first one chosen is the reference.`}
      </p>
      {ready ? (
        <Link href={comparePath(connection, name, selected)} className="button button--primary">
          Compare {selected.length} versions
        </Link>
      ) : (
        <button type="button" className="button" disabled>
          Compare
        </button>
      )}
      {selected.length > 0 && (
        <button type="button" className="button button--quiet" onClick={clear}>
          Clear
        </button>
      )}
    </div>
  );
}
