import type { ModelSummary } from '../../platform/catalog-types';
import { versionPath } from '../../app/routes';
import { AliasChip, AliasChips } from '../../ui/AliasChip';
import { NotRecorded } from '../../ui/KeyValueList';
import { RiskTierBadge } from '../../ui/RiskTierBadge';

/** The facts that identify a model, shown in the header of its pages. */
export function ModelFacts({ model, showAliases = true }: { model: ModelSummary; showAliases?: boolean }) {
  return (
    <dl className="facts">
      <div className="facts__item">
        <dt>Connection</dt>
        <dd>{model.connection}</dd>
      </div>
      <div className="facts__item">
        <dt>Owner team</dt>
        <dd>{model.team ?? <NotRecorded>Not set</NotRecorded>}</dd>
      </div>
      {model.owner && (
        <div className="facts__item">
          <dt>Owner</dt>
          <dd>{model.owner}</dd>
        </div>
      )}
      <div className="facts__item">
        <dt>Risk tier</dt>
        <dd>
          <RiskTierBadge tier={model.riskTier} />
        </dd>
      </div>
      {showAliases && (
        <div className="facts__item">
          <dt>Aliases</dt>
          <dd>
            {model.aliases.length === 0 ? (
              <NotRecorded>None</NotRecorded>
            ) : (
              <AliasChips>
                {model.aliases.map((alias) => (
                  <AliasChip
                    key={alias.alias}
                    alias={alias.alias}
                    version={alias.version}
                    href={versionPath(model.connection, model.name, alias.version)}
                  />
                ))}
              </AliasChips>
            )}
          </dd>
        </div>
      )}
    </dl>
  );
}
