import { RISK_TIERS, type RiskTier, type Tag } from '@shared/domain/catalog';

/**
 * Registries have no notion of team or risk tier; teams record them as tags. These are the
 * keys Quorum reads, most specific first (`quorum.*` wins over a team's own convention).
 */
export const TEAM_TAG_KEYS = ['quorum.team', 'owner_team', 'team'] as const;
export const OWNER_TAG_KEYS = ['quorum.owner', 'owner'] as const;
export const RISK_TIER_TAG_KEYS = ['quorum.risk_tier', 'risk_tier'] as const;

function firstTag(tags: readonly Tag[], keys: readonly string[]): string | null {
  for (const key of keys) {
    const found = tags.find((t) => t.key === key);
    if (found && found.value.trim() !== '') return found.value.trim();
  }
  return null;
}

export function teamOf(tags: readonly Tag[]): string | null {
  return firstTag(tags, TEAM_TAG_KEYS);
}

export function ownerOf(tags: readonly Tag[]): string | null {
  return firstTag(tags, OWNER_TAG_KEYS);
}

export function riskTierOf(tags: readonly Tag[]): RiskTier | null {
  const value = firstTag(tags, RISK_TIER_TAG_KEYS)?.toLowerCase();
  return (RISK_TIERS as readonly string[]).includes(value ?? '') ? (value as RiskTier) : null;
}
