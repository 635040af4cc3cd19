import type { DatasetInput, Tag } from '../../platform/catalog-types';
import { formatMetric, formatMetricDelta } from '../../format/numbers';
import { datasetLocation, type RunMetric } from './run-facts';

export function ParamsTable({ params }: { params: readonly Tag[] }) {
  const sorted = [...params].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">Parameters of the training run</caption>
      <thead>
        <tr>
          <th scope="col">Parameter</th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((param) => (
          <tr key={param.key}>
            <th scope="row" className="code-cell">
              {param.key}
            </th>
            <td className="wrap-anywhere">{param.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface ChampionMetrics {
  version: number;
  metrics: readonly RunMetric[];
}

/** Final metric values, beside the champion's when there is one to compare with. */
export function MetricsTable({ metrics, champion }: { metrics: readonly RunMetric[]; champion: ChampionMetrics | null }) {
  const championValues = new Map(champion?.metrics.map((metric) => [metric.key, metric.value]));
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">
        Final metrics of the training run{champion ? `, compared with the champion, version ${champion.version}` : ''}
      </caption>
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="number">
            Value
          </th>
          <th scope="col" className="number">
            Step
          </th>
          {champion && (
            <>
              <th scope="col" className="number">
                Champion (v{champion.version})
              </th>
              <th scope="col" className="number">
                Difference
              </th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {metrics.map((metric) => {
          const reference = championValues.get(metric.key);
          return (
            <tr key={metric.key}>
              <th scope="row" className="code-cell">
                {metric.key}
              </th>
              <td className="number">{formatMetric(metric.value)}</td>
              <td className="number">{metric.step}</td>
              {champion && (
                <>
                  <td className="number">
                    {reference === undefined ? <span className="muted">Not logged</span> : formatMetric(reference)}
                  </td>
                  <td className="number">
                    {reference === undefined ? <span className="muted">—</span> : formatMetricDelta(metric.value, reference)}
                  </td>
                </>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function DatasetInputsTable({ inputs }: { inputs: readonly DatasetInput[] }) {
  return (
    <table className="table table--compact">
      <caption className="visually-hidden">Datasets the training run read</caption>
      <thead>
        <tr>
          <th scope="col">Dataset</th>
          <th scope="col">Context</th>
          <th scope="col">Digest</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {inputs.map((input) => {
          const location = datasetLocation(input.source);
          return (
            <tr key={`${input.name}:${input.digest}:${input.context ?? ''}`}>
              <th scope="row">{input.name}</th>
              <td>{input.context ?? <span className="muted">Not recorded</span>}</td>
              <td className="code-cell">{input.digest}</td>
              <td className="wrap-anywhere">
                {input.sourceType && <span className="source-type">{input.sourceType}</span>}{' '}
                {location ? <code className="code">{location}</code> : <span className="muted">Not recorded</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
