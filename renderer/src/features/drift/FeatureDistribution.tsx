import { useCallback, useId, useMemo, useState } from 'react';
import type { DriftRun, FeatureDistribution as Distribution } from '@shared/domain/drift';
import type { ChartTheme } from '../../charts/chart-theme';
import { EChart } from '../../charts/EChart';
import { formatCount } from '../../format/numbers';
import { distributionOption } from './drift-charts';
import { distributionSummary, distributionView, formatPercent, missingDistributionReason } from './distribution-model';
import { windowLabel } from './drift-status';

const hasDistribution = (run: DriftRun, feature: string): boolean =>
  run.features.some((f) => f.name === feature && f.distribution !== undefined);

function runLabel(run: DriftRun, feature: string): string {
  const source = run.source === 'prometheus' ? ' (Prometheus)' : '';
  return `${windowLabel(run.windowStart, run.windowEnd)}${source}${hasDistribution(run, feature) ? '' : ' — no distributions'}`;
}

/**
 * One feature's reference and current samples over the same bins, for a window the reader
 * picks (the newest by default). Windows without stored distributions — Prometheus scores,
 * results from before they were kept, untested features — say why instead of drawing nothing.
 */
export function FeatureDistributionPanel({ runs, feature }: { runs: readonly DriftRun[]; feature: string }) {
  const [chosenRun, setChosenRun] = useState<number | null>(null);
  const selectId = useId();
  const run = runs.find((r) => r.id === chosenRun) ?? runs[0];
  if (!run) return null;
  const stored = run.features.find((f) => f.name === feature);
  const newestWith = runs.find((r) => hasDistribution(r, feature));
  return (
    <div>
      <div className="drift-feature-controls">
        <label className="field field--inline" htmlFor={selectId}>
          <span className="field__label">Window</span>
          <select id={selectId} className="select" value={run.id} onChange={(event) => setChosenRun(Number(event.target.value))}>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                {runLabel(r, feature)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {stored?.distribution ? (
        <DistributionFigure feature={feature} distribution={stored.distribution} />
      ) : (
        <div className="drift-distribution-missing">
          <p className="drift-note">{missingDistributionReason(run, stored, feature)}</p>
          {newestWith && newestWith.id !== run.id && (
            <button type="button" className="button" onClick={() => setChosenRun(newestWith.id)}>
              Show {windowLabel(newestWith.windowStart, newestWith.windowEnd)}, the newest window with distributions
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function DistributionFigure({ feature, distribution }: { feature: string; distribution: Distribution }) {
  const view = useMemo(() => distributionView(distribution), [distribution]);
  const summary = distributionSummary(feature, view);
  const buildOption = useCallback((theme: ChartTheme) => distributionOption(view, theme), [view]);
  const tested =
    view.binning === 'histogram' ? 'PSI and Jensen–Shannon were computed on these bins' : 'PSI and Jensen–Shannon counted these values';
  const binsNote = view.testBins
    ? `${tested}.`
    : view.otherCategories > 0
      ? `The ${formatCount(view.otherCategories)} least common categories are drawn together as “other”; PSI and Jensen–Shannon counted each on its own.`
      : 'These bins are for display: PSI and Jensen–Shannon used one bin per distinct value, too many to draw.';
  return (
    <figure className="drift-figure">
      <figcaption className="drift-note">
        {summary} Bars are shares of each sample’s non-missing rows; hatched bars are the reference. {binsNote}
      </figcaption>
      <EChart buildOption={buildOption} className="chart--medium" label={`${summary} The values are in the table below.`} />
      <details className="disclosure">
        <summary>Show the {feature} distributions as a table</summary>
        <div className="drift-table-wrap">
          <table className="table table--compact">
            <caption className="visually-hidden">{feature}: rows per bin, reference and current</caption>
            <thead>
              <tr>
                <th scope="col">{view.binning === 'histogram' ? 'Bin' : 'Value'}</th>
                <th scope="col" className="number">
                  Reference rows
                </th>
                <th scope="col" className="number">
                  Reference share
                </th>
                <th scope="col" className="number">
                  Current rows
                </th>
                <th scope="col" className="number">
                  Current share
                </th>
              </tr>
            </thead>
            <tbody>
              {view.bins.map((bin, i) => (
                <tr key={`${bin.range}-${i}`}>
                  <th scope="row">{bin.range}</th>
                  <td className="number">{formatCount(bin.reference)}</td>
                  <td className="number">{formatPercent(bin.referenceShare)}</td>
                  <td className="number">{formatCount(bin.current)}</td>
                  <td className="number">{formatPercent(bin.currentShare)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All non-missing rows</th>
                <td className="number">{formatCount(view.referenceRows)}</td>
                <td className="number">{formatPercent(view.referenceRows > 0 ? 1 : 0)}</td>
                <td className="number">{formatCount(view.currentRows)}</td>
                <td className="number">{formatPercent(view.currentRows > 0 ? 1 : 0)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </details>
    </figure>
  );
}
