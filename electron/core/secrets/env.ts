import { QuorumError } from '../errors';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A secret handed over in an environment variable, as CI systems do (`--token-env VAR`).
 * The variable's name is checked so a typo such as `--token-env $TOKEN` (the value, already
 * expanded by the shell) is reported instead of being looked up, which would echo it back.
 * Returns null when the variable is unset or empty.
 */
export function secretFromEnv(variable: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!ENV_NAME.test(variable)) {
    throw new QuorumError(
      'invalid_input',
      'The name given for the environment variable is not a variable name (letters, digits and _, not starting with a digit). Pass the name, e.g. --token-env MLFLOW_TOKEN, not its value.',
    );
  }
  const value = env[variable];
  return value === undefined || value === '' ? null : value;
}

/** Like secretFromEnv, but an unset or empty variable is an input error that names it. */
export function requireSecretFromEnv(variable: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = secretFromEnv(variable, env);
  if (value === null) {
    throw new QuorumError('invalid_input', `The environment variable ${variable} is not set or is empty.`, { variable });
  }
  return value;
}
