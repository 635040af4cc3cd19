import { FINDING_KIND_LABELS, type LedgerEntry } from '@shared/domain/governance';
import { iso, section, type Block, type Cell, type ReportDocument, type Section } from './document';
import type { AuditEvidence } from './evidence';

/**
 * The period audit report: what happened in the governance ledger between two dates, and
 * what the registry did without it (findings: promotions outside Quorum, drift on deployed versions).
 */

type Subject = { connection?: string; model?: string; version?: number; stage?: string };

function subjectOf(e: LedgerEntry, requests: Map<string, LedgerEntry>): Subject | null {
  const direct = e.body.subject;
  if (direct && typeof direct === 'object') return direct as Subject;
  const request = typeof e.body.request === 'string' ? requests.get(e.body.request) : undefined;
  const via = request?.body.subject;
  return via && typeof via === 'object' ? (via as Subject) : null;
}

const label = (s: Subject | null): string => (s?.model ? `${s.model} v${s.version ?? '?'}${s.stage ? ` → ${s.stage}` : ''}` : '—');

function hours(ms: number): string {
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export interface AuditFigures {
  counts: { team: string; tier: string; requests: number; approvals: number; rejections: number; waivers: number; releases: number }[];
  timeToApproval: { request: string; subject: string; tier: string; ms: number }[];
}

export function auditFigures(e: AuditEvidence): AuditFigures {
  const requests = new Map([...e.requests, ...e.events].filter((x) => x.kind === 'release.requested').map((x) => [x.id, x]));
  const models = new Map(e.models.map((m) => [`${m.connection}\u0000${m.name}`, m]));
  const teamTier = (s: Subject | null): [string, string] => {
    const m = s ? models.get(`${s.connection ?? ''}\u0000${s.model ?? ''}`) : undefined;
    return [m?.team ?? 'unassigned', m?.riskTier ?? e.policy.policy.defaultTier];
  };
  const buckets = new Map<string, AuditFigures['counts'][number]>();
  const bump = (s: Subject | null, field: 'requests' | 'approvals' | 'rejections' | 'waivers' | 'releases') => {
    const [team, tier] = teamTier(s);
    const key = `${team}\u0000${tier}`;
    const row = buckets.get(key) ?? { team, tier, requests: 0, approvals: 0, rejections: 0, waivers: 0, releases: 0 };
    row[field]++;
    buckets.set(key, row);
  };
  const timeToApproval: AuditFigures['timeToApproval'] = [];
  for (const ev of e.events) {
    const s = subjectOf(ev, requests);
    if (ev.kind === 'release.requested') bump(s, 'requests');
    else if (ev.kind === 'signoff.approved') bump(s, 'approvals');
    else if (ev.kind === 'signoff.rejected') bump(s, 'rejections');
    else if (ev.kind === 'waiver.granted') bump(s, 'waivers');
    else if (ev.kind === 'writeback.performed') bump(s, 'releases');
    if (ev.kind === 'gate.evaluated' && ev.body.status === 'pass' && typeof ev.body.request === 'string') {
      const request = requests.get(ev.body.request);
      if (request && !timeToApproval.some((t) => t.request === request.id)) {
        timeToApproval.push({ request: request.id, subject: label(s), tier: teamTier(s)[1], ms: ev.at - request.at });
      }
    }
  }
  const counts = [...buckets.values()].sort((a, b) => a.team.localeCompare(b.team) || a.tier.localeCompare(b.tier));
  return { counts, timeToApproval };
}

export function auditDocument(e: AuditEvidence): ReportDocument {
  const requests = new Map([...e.requests, ...e.events].filter((x) => x.kind === 'release.requested').map((x) => [x.id, x]));
  const of = (...kinds: string[]) => e.events.filter((x) => kinds.includes(x.kind));
  const eventTable = (list: LedgerEntry[], empty: string, extra?: (x: LedgerEntry) => string): Block[] =>
    list.length === 0
      ? [{ kind: 'p', text: empty }]
      : [
          {
            kind: 'table',
            columns: ['Time', 'Subject', 'By', 'Detail'],
            rows: list.map((x): Cell[] => [iso(x.at), label(subjectOf(x, requests)), x.authorName, extra ? extra(x) : x.summary]),
          },
        ];
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : '(none)');
  const figures = auditFigures(e);
  const sorted = figures.timeToApproval.map((t) => t.ms).sort((a, b) => a - b);
  const sections: Section[] = [
    section('releases', 'Releases', 'present', [
      { kind: 'h3', text: 'Released (written back to the registry after a passing gate)' },
      ...eventTable(of('writeback.performed'), 'No releases in this period.', (x) => `alias ${text(x.body.alias)}; ${x.summary}`),
      { kind: 'h3', text: 'Release requests' },
      ...eventTable(
        of('release.requested', 'release.cancelled'),
        'No release requests in this period.',
        (x) => `${x.kind === 'release.cancelled' ? 'cancelled' : 'requested'}: ${text(x.body.note ?? x.body.comment)}`,
      ),
    ]),
    section(
      'approvals',
      'Approvals',
      'present',
      eventTable(of('signoff.approved', 'signoff.withdrawn'), 'No approvals in this period.', (x) => {
        const conditions = Array.isArray(x.body.conditions) ? (x.body.conditions as string[]) : [];
        return `${x.kind === 'signoff.withdrawn' ? 'withdrawn' : `as ${text(x.body.role)}`}: ${text(x.body.comment)}${conditions.length > 0 ? ` — conditions: ${conditions.join('; ')}` : ''}`;
      }),
    ),
    section(
      'rejections',
      'Rejections',
      'present',
      eventTable(of('signoff.rejected'), 'No rejections in this period.', (x) => `as ${text(x.body.role)}: ${text(x.body.comment)}`),
    ),
    section(
      'waivers',
      'Waivers',
      'present',
      of('waiver.granted').length === 0
        ? [{ kind: 'p', text: 'No waivers in this period.' }]
        : of('waiver.granted').map((x) => ({
            kind: 'callout',
            tone: 'waived',
            title: `WAIVED: ${text(x.body.check)} on ${label(subjectOf(x, requests))}`,
            text: `By ${x.authorName} on ${iso(x.at)}. Justification: ${text(x.body.justification)}`,
          })),
    ),
    section(
      'findings',
      'Findings: promotions outside Quorum and drift on deployed versions',
      'present',
      e.findings.length === 0
        ? [{ kind: 'p', text: 'No promotions outside Quorum and no drift threshold crossings on deployed versions in this period.' }]
        : [
            {
              kind: 'table',
              columns: ['Observed', 'Kind', 'Severity', 'What', 'State'],
              rows: e.findings.map((f): Cell[] => [
                iso(f.observedAt),
                FINDING_KIND_LABELS[f.kind],
                { text: f.severity, tone: f.severity === 'high' ? 'bad' : 'warn' },
                f.message,
                f.state,
              ]),
            },
          ],
    ),
    section(
      'policy-changes',
      'Policy changes',
      'present',
      eventTable(
        of('policy.set'),
        'The policy did not change in this period.',
        (x) => `policy ${String(x.body.hash).slice(0, 16)}…: ${text(x.body.message)}`,
      ),
    ),
    section(
      'counts',
      'Counts per team and tier',
      figures.counts.length > 0 ? 'present' : 'missing',
      figures.counts.length === 0
        ? [{ kind: 'missing', text: 'No release activity in this period to count.' }]
        : [
            {
              kind: 'table',
              columns: ['Team', 'Tier', 'Requests', 'Approvals', 'Rejections', 'Waivers', 'Releases'],
              rows: figures.counts.map((c) => [
                c.team,
                c.tier,
                String(c.requests),
                String(c.approvals),
                String(c.rejections),
                String(c.waivers),
                String(c.releases),
              ]),
            },
          ],
    ),
    section(
      'time-to-approval',
      'Time to approval',
      sorted.length > 0 ? 'present' : 'missing',
      sorted.length === 0
        ? [{ kind: 'missing', text: 'No release reached a passing gate in this period, so there is no time-to-approval figure.' }]
        : [
            {
              kind: 'kv',
              rows: [
                ['Releases approved', String(sorted.length)],
                ['Median', hours(quantile(sorted, 0.5))],
                ['90th percentile', hours(quantile(sorted, 0.9))],
                ['Longest', hours(sorted.at(-1) as number)],
              ],
            },
            {
              kind: 'table',
              columns: ['Release', 'Tier', 'Request → passing gate'],
              rows: figures.timeToApproval.map((t) => [t.subject, t.tier, hours(t.ms)]),
            },
          ],
    ),
    section('ledger', 'Ledger', 'present', [
      {
        kind: 'callout',
        tone: e.ledgerVerification.intact ? 'ok' : 'bad',
        title: e.ledgerVerification.intact ? '✓ Ledger verified' : '✗ Ledger failed verification',
        text: `${e.ledgerVerification.events} events checked; ${e.events.length} dated in this period.`,
      },
      ...eventTable(
        e.events.filter((x) => !['gate.evaluated'].includes(x.kind)),
        'No ledger events in this period.',
      ),
    ]),
  ];
  const from = e.period.from.slice(0, 10);
  // The period's end is exclusive; its title names the last day it includes.
  const to = new Date(Date.parse(e.period.to) - 1).toISOString().slice(0, 10);
  return {
    kind: 'audit',
    title: `Governance audit report ${from} – ${to}`,
    subtitle: `Every release, approval, rejection, waiver, finding and policy change in the period (end exclusive: ${iso(Date.parse(e.period.to))})`,
    runningHeader: `Audit report · ${from} – ${to}`,
    cover: {
      facts: [
        ['Period', `${iso(Date.parse(e.period.from))} – ${iso(Date.parse(e.period.to))}`],
        ['Releases', String(of('writeback.performed').length)],
        ['Approvals / rejections', `${of('signoff.approved').length} / ${of('signoff.rejected').length}`],
        ['Waivers', String(of('waiver.granted').length)],
        ['Findings', String(e.findings.length)],
        ['Policy in force', e.policy.hash],
        ['Generated', iso(Date.parse(e.generatedAt))],
      ],
      status: null,
    },
    sections,
    generatedAt: e.generatedAt,
  };
}
