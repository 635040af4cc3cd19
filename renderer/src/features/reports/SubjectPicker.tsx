import { useQuery } from '@tanstack/react-query';
import { ALL_MODELS_INPUT, modelListQuery, modelQuery } from '../models/queries';
import { Icon } from '../../ui/Icon';

export interface SubjectPickerProps {
  idPrefix: string;
  connection: string;
  model: string;
  version: string;
  errors: { model?: string | undefined; version?: string | undefined };
  onChange: (next: { connection: string; model: string; version: string }) => void;
}

const key = (connection: string, model: string) => JSON.stringify([connection, model]);

/** MODEL@VERSION from the catalog: a model list, then that model's versions, newest first. */
export function SubjectPicker({ idPrefix, connection, model, version, errors, onChange }: SubjectPickerProps) {
  const models = useQuery(modelListQuery(ALL_MODELS_INPUT));
  const detail = useQuery({ ...modelQuery(connection, model), enabled: model !== '' && connection !== '' });
  const items = models.data?.items ?? [];
  const manyConnections = new Set(items.map((m) => m.connection)).size > 1;
  const selectedKnown = items.some((m) => m.connection === connection && m.name === model);
  const versions = [...(detail.data?.versions ?? [])].sort((a, b) => b.version - a.version);

  return (
    <div className="reports-form__pair">
      <div className="field">
        <label className="field__label" htmlFor={`${idPrefix}-model`}>
          Model
        </label>
        <select
          id={`${idPrefix}-model`}
          className="select"
          value={model ? key(connection, model) : ''}
          aria-invalid={errors.model ? true : undefined}
          aria-describedby={errors.model ? `${idPrefix}-model-error` : undefined}
          disabled={models.isPending}
          onChange={(event) => {
            if (!event.target.value) return onChange({ connection: '', model: '', version: '' });
            const [nextConnection, nextModel] = JSON.parse(event.target.value) as [string, string];
            const latest = items.find((m) => m.connection === nextConnection && m.name === nextModel)?.latestVersion;
            onChange({ connection: nextConnection, model: nextModel, version: latest ? String(latest) : '' });
          }}
        >
          <option value="">{models.isPending ? 'Loading models…' : 'Choose a model'}</option>
          {/* A prefilled model the catalog no longer lists stays selectable, so the core can say what is wrong. */}
          {model && !selectedKnown && !models.isPending && <option value={key(connection, model)}>{model}</option>}
          {items.map((m) => (
            <option key={key(m.connection, m.name)} value={key(m.connection, m.name)}>
              {manyConnections ? `${m.name} (${m.connection})` : m.name}
            </option>
          ))}
        </select>
        {models.isError && <span className="field__hint">The model list could not be read: {models.error.message}</span>}
        {errors.model && (
          <span id={`${idPrefix}-model-error`} className="field__error">
            <Icon name="alert" /> {errors.model}
          </span>
        )}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${idPrefix}-version`}>
          Version
        </label>
        <select
          id={`${idPrefix}-version`}
          className="select"
          value={version}
          aria-invalid={errors.version ? true : undefined}
          aria-describedby={errors.version ? `${idPrefix}-version-error` : undefined}
          disabled={!model}
          onChange={(event) => onChange({ connection, model, version: event.target.value })}
        >
          <option value="">{model ? 'Choose a version' : 'Choose a model first'}</option>
          {version && !versions.some((v) => String(v.version) === version) && <option value={version}>Version {version}</option>}
          {versions.map((v) => (
            <option key={v.version} value={String(v.version)}>
              Version {v.version}
              {v.aliases.length > 0 ? ` (${v.aliases.map((a) => `@${a}`).join(', ')})` : ''}
            </option>
          ))}
        </select>
        {errors.version && (
          <span id={`${idPrefix}-version-error`} className="field__error">
            <Icon name="alert" /> {errors.version}
          </span>
        )}
      </div>
    </div>
  );
}
