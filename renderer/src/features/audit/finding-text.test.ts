import { describe, expect, it } from 'vitest';
import type { Finding } from '@shared/domain/governance';
import { findingHeadline, findingSummary } from './finding-text';

const base: Finding = {
  id: 'f'.repeat(64),
  severity: 'high',
  kind: 'promotion-outside-quorum',
  connection: 'northwind',
  model: 'fraud-detector',
  version: 2,
  stage: 'production',
  subject: 'champion',
  from: '3',
  to: '2',
  observedAt: 1,
  message: '',
  visibleTo: ['ops'],
  state: 'open',
  history: [],
};

describe('finding text', () => {
  it('names the alias that moved for a promotion outside Quorum', () => {
    expect(findingHeadline(base)).toBe('fraud-detector @champion → v2');
    expect(findingSummary(base)).toBe('fraud-detector @champion moved 3 → 2 (high severity)');
  });

  it('names the deployed version that drifted, and where it is deployed', () => {
    const drift: Finding = { ...base, kind: 'drift-threshold', version: 3, from: null, to: null, severity: 'medium' };
    expect(findingHeadline(drift)).toBe('fraud-detector v3 drifted while deployed to production');
    expect(findingSummary(drift)).toBe('fraud-detector v3 (champion, production) crossed its drift threshold (medium severity)');
  });
});
