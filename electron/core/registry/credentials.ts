import type { AuthInput, SecretInput } from '@shared/contract/registry.contract';
import type { AuthSpec, SecretRef } from '@shared/domain/registry';
import { HttpFailure } from '../connectors/http/errors';
import type { MlflowCredentials } from '../connectors/mlflow/connector';
import { QuorumError, isQuorumError } from '../errors';
import { secretFromEnv } from '../secrets/env';
import type { SecretStore } from '../secrets/secret-store';

/**
 * Credentials by reference. The database stores `env:VAR` or `secret:NAME`; the value is
 * read only when a request is about to be made, and never written anywhere else.
 */
export class CredentialResolver {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: NodeJS.ProcessEnv,
    /** Secrets held in memory only (a draft connection's test); looked up before the store. */
    private readonly transient: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** A resolver that also knows `values` (by secret name) without storing them. */
  withTransient(values: ReadonlyMap<string, string>): CredentialResolver {
    return new CredentialResolver(this.secrets, this.env, values);
  }

  /** The secret behind a reference, or null when the variable is unset / the secret absent. */
  async resolve(ref: SecretRef): Promise<string | null> {
    if (ref.startsWith('env:')) return secretFromEnv(ref.slice(4), this.env);
    if (ref.startsWith('secret:')) return this.transient.get(ref.slice(7)) ?? this.secrets.get(ref.slice(7));
    throw new QuorumError('invalid_input', `"${ref}" is not a secret reference.`);
  }

  /** The credentials an MLflow connection uses; a missing secret is a `credentials` failure naming where it was looked for. */
  async mlflowCredentials(connection: string, auth: AuthSpec): Promise<MlflowCredentials> {
    if (auth.kind === 'none') return {};
    if (auth.kind === 'bearer') return { token: await this.required(connection, 'token', auth.token) };
    return {
      username: await this.required(connection, 'user name', auth.username),
      password: await this.required(connection, 'password', auth.password),
    };
  }

  private async required(connection: string, what: string, ref: SecretRef): Promise<string> {
    let value: string | null;
    try {
      value = await this.resolve(ref);
    } catch (error) {
      if (isQuorumError(error)) throw new HttpFailure('credentials', `The ${what} of connection "${connection}": ${error.message}`);
      throw error;
    }
    if (value !== null) return value;
    const where = ref.startsWith('env:')
      ? `the environment variable ${ref.slice(4)}, which is not set (or empty) in this environment`
      : `the secret "${ref.slice(7)}", which is not in the secret store (${this.secrets.describe()})`;
    throw new HttpFailure('credentials', `The ${what} of connection "${connection}" comes from ${where}.`);
  }

  /**
   * Turns an auth input into references: references pass through; secrets handed over as
   * values are stored under `connection:<name>:<field>` and replaced by their reference.
   */
  async storeAuth(connection: string, input: AuthInput): Promise<AuthSpec> {
    if (input.kind === 'none') return { kind: 'none' };
    if (input.kind === 'bearer') return { kind: 'bearer', token: await this.storeOne(connection, 'token', input.token) };
    return {
      kind: 'basic',
      username: await this.storeOne(connection, 'username', input.username),
      password: await this.storeOne(connection, 'password', input.password),
    };
  }

  /** Deletes the secrets Quorum stored for a connection (never environment variables). */
  async forget(connection: string): Promise<number> {
    let deleted = 0;
    for (const field of SECRET_FIELDS) if (await this.secrets.delete(secretName(connection, field))) deleted++;
    return deleted;
  }

  /** Deletes what Quorum stored for a connection that `auth` no longer references. */
  async forgetUnused(connection: string, auth: AuthSpec): Promise<void> {
    const used = new Set(Object.values(auth).filter((v): v is string => typeof v === 'string' && v.startsWith('secret:')));
    for (const field of SECRET_FIELDS) {
      const name = secretName(connection, field);
      if (!used.has(`secret:${name}`)) await this.secrets.delete(name);
    }
  }

  private async storeOne(connection: string, field: string, input: SecretInput): Promise<SecretRef> {
    if (typeof input === 'string') return input;
    const name = secretName(connection, field);
    await this.secrets.set(name, input.value);
    return `secret:${name}`;
  }
}

const SECRET_FIELDS = ['token', 'username', 'password'] as const;

export function secretName(connection: string, field: string): string {
  return `connection:${connection}:${field}`;
}
