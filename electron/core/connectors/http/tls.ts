import { readFileSync } from 'node:fs';
import type { Agent } from 'undici';
import { QuorumError } from '../../errors';

export interface TlsOptions {
  /** PEM bundle that replaces the system trust store for this server (like requests' `verify=path`). */
  readonly caFile?: string | null;
  /** PEM text, for callers that already hold it (tests). Wins over caFile. */
  readonly ca?: string | null;
  /** Accept any certificate. Only ever set from an explicit user choice. */
  readonly insecureSkipVerify?: boolean;
}

export interface AgentOptions {
  readonly tls: TlsOptions;
  /** Sockets per origin; the limiter above keeps requests within it. */
  readonly connections: number;
  /** Backstops behind the client's own per-request timer. */
  readonly timeoutMs: number;
}

/** What an Agent is built from, with the CA bundle already read and checked. */
export interface AgentSettings {
  readonly ca: string | undefined;
  readonly rejectUnauthorized: boolean;
  readonly connections: number;
  readonly timeoutMs: number;
}

/** Reads the CA bundle now, so a missing or malformed file is an error when the connection is made, not at its first request. */
export function agentSettings(options: AgentOptions): AgentSettings {
  return {
    ca: options.tls.ca ?? (options.tls.caFile ? readCaBundle(options.tls.caFile) : undefined),
    rejectUnauthorized: options.tls.insecureSkipVerify !== true,
    connections: options.connections,
    timeoutMs: options.timeoutMs,
  };
}

/**
 * One undici Agent per connection: it carries that connection's trust decisions (custom CA,
 * or the explicit "don't verify") so they never leak into other connections or the process.
 * undici is loaded on the first request: every CLI command and the app's start would
 * otherwise pay for it, and most never make an HTTP call.
 */
export async function createAgent(settings: AgentSettings): Promise<Agent> {
  const { Agent } = await import('undici');
  return new Agent({
    connections: settings.connections,
    keepAliveTimeout: 4_000,
    connectTimeout: settings.timeoutMs,
    headersTimeout: settings.timeoutMs + 1_000,
    bodyTimeout: settings.timeoutMs + 1_000,
    connect: {
      ...(settings.ca ? { ca: settings.ca } : {}),
      rejectUnauthorized: settings.rejectUnauthorized,
    },
  });
}

function readCaBundle(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new QuorumError('invalid_input', `Cannot read the CA bundle ${path}: ${(error as Error).message}`, { caFile: path });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new QuorumError('invalid_input', `The CA bundle ${path} holds no PEM certificate ("-----BEGIN CERTIFICATE-----").`, {
      caFile: path,
    });
  }
  return text;
}
