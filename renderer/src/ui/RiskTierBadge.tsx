import type { RiskTier } from '../platform/catalog-types';

const LABELS: Record<RiskTier, string> = { high: 'High risk', medium: 'Medium risk', low: 'Low risk' };
const LEVELS: Record<RiskTier, number> = { high: 3, medium: 2, low: 1 };

/**
 * Risk tier is a classification, not a status, so it stays out of the green/amber/red
 * palette: one neutral badge whose bars show the level, plus the word.
 */
export function RiskTierBadge({ tier }: { tier: RiskTier | null }) {
  if (tier === null) {
    return (
      <span className="tier tier--none" title="No risk_tier tag on this model in its registry.">
        <TierBars level={0} />
        <span>Tier not set</span>
      </span>
    );
  }
  return (
    <span className={`tier tier--${tier}`}>
      <TierBars level={LEVELS[tier]} />
      <span>{LABELS[tier]}</span>
    </span>
  );
}

function TierBars({ level }: { level: number }) {
  return (
    <svg className="icon tier__bars" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {[0, 1, 2].map((index) => (
        <rect
          key={index}
          x={3 + index * 7}
          y={16 - index * 6}
          width="4"
          height={6 + index * 6}
          rx="1"
          className={index < level ? 'tier__bar tier__bar--on' : 'tier__bar'}
        />
      ))}
    </svg>
  );
}

export function riskTierLabel(tier: RiskTier | null): string {
  return tier === null ? 'Tier not set' : LABELS[tier];
}
