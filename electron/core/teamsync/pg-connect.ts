import { readFileSync } from 'node:fs';
import type pg from 'pg';
import { isQuorumError, QuorumError } from '../errors';

/** Connection settings for the team database, and errors a person can act on. */

export interface PgTarget {
  /** URL without any password. */
  url: string;
  password: string | null;
  caFile: string | null;
}

/**
 * Splits a password out of a URL so it can go to the SecretStore; the rest may be stored.
 * Messages never echo the URL: it may hold the password.
 */
export function stripPassword(raw: string): { url: string; password: string | null } {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new QuorumError(
      'invalid_input',
      'The team database URL is not a valid URL (expected postgres://user@host:5432/db): check that the port is a number and that special characters in the user name or password (@ : / ? # %) are percent-encoded.',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new QuorumError('invalid_input', 'The team database URL must start with postgres:// or postgresql://.');
  const decode = (part: string, what: string): string => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new QuorumError(
        'invalid_input',
        `The team database URL has a malformed percent-escape in its ${what}: write a literal % as %25.`,
      );
    }
  };
  decode(parsed.username, 'user name');
  decode(parsed.pathname, 'database name');
  const inAuthority = parsed.password === '' ? null : decode(parsed.password, 'password');
  // libpq also takes the password as a query parameter: it must not be stored with the URL either.
  const inQuery = parsed.searchParams.get('password');
  if (inQuery !== null) parsed.searchParams.delete('password');
  parsed.password = '';
  return { url: parsed.toString(), password: inAuthority ?? (inQuery === null || inQuery === '' ? null : inQuery) };
}

/** Where the URL points, for messages (never with a password). */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    const host = u.searchParams.get('host') ?? (decodeURIComponent(u.hostname) || 'localhost');
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${host}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the team database';
  }
}

export function clientConfig(target: PgTarget, overrides: Partial<pg.ClientConfig> = {}): pg.ClientConfig {
  // Parsed here rather than handed to pg as a connection string: pg lets the string's fields
  // (an absent password, its sslmode) override explicit ones.
  const u = new URL(target.url);
  const q = u.searchParams;
  const sslmode = q.get('sslmode');
  let ca: string | undefined;
  if (target.caFile !== null) {
    try {
      ca = readFileSync(target.caFile, 'utf8');
    } catch (error) {
      throw new QuorumError('invalid_input', `Cannot read the CA file ${target.caFile}: ${(error as Error).message}`);
    }
  }
  let ssl: pg.ClientConfig['ssl'] = false;
  if (sslmode === 'no-verify') ssl = { rejectUnauthorized: false };
  else if (ca !== undefined || (sslmode !== null && sslmode !== 'disable' && sslmode !== 'allow' && sslmode !== 'prefer'))
    ssl = { rejectUnauthorized: true, ...(ca !== undefined ? { ca } : {}) };
  const port = Number(u.port || q.get('port') || 5432);
  const user = decodeURIComponent(u.username) || q.get('user') || undefined;
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || q.get('dbname') || undefined;
  return {
    host: q.get('host') ?? (decodeURIComponent(u.hostname) || 'localhost'),
    port,
    ...(user !== undefined ? { user } : {}),
    ...(database !== undefined ? { database } : {}),
    ...(target.password !== null ? { password: target.password } : {}),
    ssl,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 60_000,
    application_name: 'quorum',
    ...overrides,
  };
}

/** Opens a client, turning a failure into a QuorumError that says what to do. */
export async function openClient(target: PgTarget, overrides: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
  // Loaded when a team database is first used, so workspaces without one never pay for it.
  const { default: postgres } = await import('pg');
  const client = new postgres.Client(clientConfig(target, overrides));
  // An idle client whose server goes away emits 'error'; unhandled, that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw explainPgError(error, target.url);
  }
  return client;
}

/** Maps driver and server errors to QuorumErrors with causes people can fix. */
export function explainPgError(error: unknown, url: string): QuorumError {
  if (isQuorumError(error)) return error;
  const where = describeTarget(url);
  const e = error as { code?: string; message?: string };
  const code = e.code ?? '';
  const message = e.message ?? String(error);
  const offline = 'Local work continues offline; events wait in the queue.';
  const details = { target: where, code: code || null };
  switch (code) {
    case 'ECONNREFUSED':
      return new QuorumError('unavailable', `Cannot reach the team database at ${where}: connection refused. ${offline}`, details);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new QuorumError('unavailable', `Cannot reach the team database: host not found (${where}). ${offline}`, details);
    case 'ETIMEDOUT':
    case 'ECONNRESET':
    case 'EPIPE':
      return new QuorumError('unavailable', `The connection to the team database at ${where} was lost (${code}). ${offline}`, details);
    case '28P01':
      return new QuorumError(
        'unauthorized',
        `The team database at ${where} refused the password (authentication failed). ${offline}`,
        details,
      );
    case '28000':
      return /no encryption/i.test(message)
        ? new QuorumError(
            'unauthorized',
            `The team database at ${where} requires TLS: add ?sslmode=require to the URL or pass --ca FILE. ${offline}`,
            details,
          )
        : new QuorumError(
            'unauthorized',
            `The team database at ${where} does not allow this user from here: ${message}. ${offline}`,
            details,
          );
    case '3D000':
      return new QuorumError('not_found', `The team database does not exist (${where}): ${message}. ${offline}`, details);
    case '42501':
      return new QuorumError(
        'forbidden',
        `Permission denied on the team database (${where}): ${message}. Ask its owner to GRANT quorum_member TO your user. ${offline}`,
        details,
      );
    case '57P01':
    case '57P02':
    case '57P03':
    case '08000':
    case '08003':
    case '08006':
      return new QuorumError('unavailable', `The team database at ${where} closed the connection (${message}). ${offline}`, details);
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new QuorumError(
        'unavailable',
        `The team database's TLS certificate is not trusted (${code}); pass its CA with --ca FILE. ${offline}`,
        details,
      );
  }
  if (/does not support SSL/i.test(message))
    return new QuorumError(
      'unavailable',
      `The team database at ${where} does not support TLS, but the URL asks for it. ${offline}`,
      details,
    );
  if (/timeout/i.test(message) || /Connection terminated/i.test(message))
    return new QuorumError('unavailable', `The connection to the team database at ${where} failed: ${message}. ${offline}`, details);
  return new QuorumError('backend', `The team database at ${where} failed: ${message}. ${offline}`, details);
}
