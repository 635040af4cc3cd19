import type { Identity } from '@shared/domain/governance';

/** Roles as people say them; unknown (policy-defined) roles keep their identifier. */
const ROLE_LABELS: Record<string, string> = {
  admin: 'Admin',
  'data-science': 'Data science',
  'ml-engineering': 'ML engineering',
  ops: 'Ops',
  compliance: 'Compliance',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

export function rolesLabel(roles: readonly string[]): string {
  return roles.length === 0 ? 'no role' : roles.map(roleLabel).join(', ');
}

/** "Helen Fischer (Compliance)": people by name with their role (UX.md). */
export function personLabel(identity: Pick<Identity, 'name' | 'roles'>): string {
  return `${identity.name} (${rolesLabel(identity.roles)})`;
}

export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

export function subjectLabel(subject: { model: string; version: number }): string {
  return `${subject.model}@${subject.version}`;
}
