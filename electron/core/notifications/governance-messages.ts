import type { QuorumNotification } from '@shared/contract';
import { ROUTE_PATTERNS, versionPath } from '@shared/routes';
import { FINDING_KIND_LABELS, type Finding, type Identity, type RequestSummary } from '@shared/domain/governance';

/*
 * What a person reads in a notification about governance: one line saying what happened,
 * one saying what it asks of them, and the screen where they can act. Pure, so the wording
 * is tested without a core.
 */

/** The note a requester wrote is shown, but an OS notification has room for a line or two only. */
const NOTE_PREVIEW_CHARS = 120;

export const APPROVALS_ROUTE = ROUTE_PATTERNS.approvals;
export const AUDIT_ROUTE = ROUTE_PATTERNS.audit;

export function signOffRoute(connection: string, model: string, version: number): string {
  return versionPath(connection, model, version, 'sign-off');
}

/** The stage the version page's Sign-off tab shows (the renderer's DEFAULT_STAGE); other stages are decided from the inbox. */
const SIGN_OFF_TAB_STAGE = 'production';

export function approvalWaitingNotification(request: RequestSummary, me: Pick<Identity, 'roles'>): QuorumNotification {
  // The inbox says the request waits for one of my roles; name the ones it still misses.
  const mine = request.missingRoles.filter((role) => me.roles.includes(role));
  const roles = mine.length > 0 ? mine.join(' or ') : 'one of your roles';
  const note = request.note.trim();
  return {
    id: `approval.waiting:${request.id}`,
    kind: 'approval.waiting',
    // A request is a task, not a fault: informational whatever the model's risk tier.
    severity: 'info',
    title: `Release requested: ${request.model} v${request.version} → ${request.stage}`,
    body: `needs your sign-off as ${roles}; requested by ${request.requestedByName}${note === '' ? '' : `: “${preview(note)}”`}`,
    route: request.stage === SIGN_OFF_TAB_STAGE ? signOffRoute(request.connection, request.model, request.version) : APPROVALS_ROUTE,
  };
}

const FINDING_SEVERITY: Record<Finding['severity'], QuorumNotification['severity']> = {
  high: 'critical',
  medium: 'warning',
  low: 'info',
};

export function findingRaisedNotification(finding: Finding): QuorumNotification {
  const target = finding.version === null ? finding.model : `${finding.model} v${finding.version}`;
  // The message names the alias or stage that moved, from where, and why it was not approved.
  return {
    id: `finding.raised:${finding.id}`,
    kind: 'finding.raised',
    severity: FINDING_SEVERITY[finding.severity],
    title: `${FINDING_KIND_LABELS[finding.kind]}: ${target} → ${finding.stage}`,
    body: finding.message,
    // Findings are acknowledged and resolved in the Audit section.
    route: AUDIT_ROUTE,
  };
}

function preview(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= NOTE_PREVIEW_CHARS ? oneLine : `${oneLine.slice(0, NOTE_PREVIEW_CHARS - 1).trimEnd()}…`;
}
