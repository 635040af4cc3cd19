import { readFileSync } from 'node:fs';
import { Agent } from 'undici';
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

/**
 * One undici Agent per connection: it carries that connection's trust decisions (custom CA,
 * or the explicit "don't verify") so they never leak into other connections or the process.
 */
export function createAgent(options: AgentOptions): Agent {
  const ca = options.tls.ca ?? (options.tls.caFile ? readCaBundle(options.tls.caFile) : undefined);
  return new Agent({
    connections: options.connections,
    keepAliveTimeout: 4_000,
    connectTimeout: options.timeoutMs,
    headersTimeout: options.timeoutMs + 1_000,
    bodyTimeout: options.timeoutMs + 1_000,
    connect: {
      ...(ca ? { ca } : {}),
      rejectUnauthorized: options.tls.insecureSkipVerify !== true,
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
