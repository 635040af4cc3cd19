import type { OperationInput } from '@shared/contract';

/** The connect form as typed. No password field: the password comes from an environment variable on the core's machine. */
export interface TeamFormValues {
  url: string;
  caFile: string;
  passwordEnv: string;
}

export type TeamFormErrors = Partial<Record<keyof TeamFormValues, string>>;

export const EMPTY_TEAM_FORM: TeamFormValues = { url: '', caFile: '', passwordEnv: '' };

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function validateTeamForm(values: TeamFormValues): TeamFormErrors {
  const errors: TeamFormErrors = {};
  const url = values.url.trim();
  if (!url) errors.url = 'Give the team database’s address, e.g. postgres://quorum@db.internal:5432/quorum.';
  else if (!/^postgres(ql)?:\/\/\S+$/.test(url)) errors.url = 'Use a postgres:// or postgresql:// address.';
  const env = values.passwordEnv.trim().replace(/^env:/, '');
  if (env && !ENV_NAME.test(env)) errors.passwordEnv = 'An environment variable name: letters, digits and _, not starting with a digit.';
  return errors;
}

export function connectInput(values: TeamFormValues): OperationInput<'team.connect'> {
  const env = values.passwordEnv.trim().replace(/^env:/, '');
  const caFile = values.caFile.trim();
  return {
    url: values.url.trim(),
    ...(caFile ? { caFile } : {}),
    ...(env ? { password: `env:${env}` } : {}),
  };
}

/**
 * The address without a password typed into it. The core moves such a password into its secret
 * store; the form forgets it once submitted, so it is never kept or shown again.
 */
export function withoutPassword(url: string): { url: string; hadPassword: boolean } {
  const match = /^(postgres(?:ql)?:\/\/)([^@/?#]*)@/.exec(url.trim());
  if (!match?.[2] || !match[2].includes(':')) return { url, hadPassword: false };
  const user = match[2].slice(0, match[2].indexOf(':'));
  return { url: `${match[1]}${user}@${url.trim().slice(match[0].length)}`, hadPassword: true };
}
