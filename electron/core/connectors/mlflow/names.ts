import { QuorumError } from '../../errors';

/**
 * MLflow's naming rules for what write-back sends, checked before the request so the
 * message is immediate and names the rule (the server enforces the same; see the recorded
 * `scratch-*-invalid-*` answers).
 */
const TAG_KEY = /^[A-Za-z0-9_\-. :/]+$/;
const ALIAS = /^[A-Za-z0-9_-]+$/;

export function assertTagKey(key: string): void {
  if (key === '' || key.length > 250 || !TAG_KEY.test(key)) {
    throw new QuorumError(
      'invalid_input',
      `"${key}" is not a valid MLflow tag key: use up to 250 letters, digits, "_", "-", ".", " ", ":" or "/".`,
      { key },
    );
  }
}

export function assertAliasName(alias: string): void {
  if (alias === '' || alias.length > 255 || !ALIAS.test(alias)) {
    throw new QuorumError('invalid_input', `"${alias}" is not a valid MLflow alias: use letters, digits, "_" and "-" only.`, { alias });
  }
  // MLflow reserves `latest` (any case) and `v<number>`, which already name versions in model URIs.
  if (alias.toLowerCase() === 'latest' || /^v\d+$/i.test(alias)) {
    throw new QuorumError('invalid_input', `"${alias}" is reserved by MLflow (latest and v<number> already name versions).`, { alias });
  }
}
