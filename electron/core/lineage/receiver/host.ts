import type { LineageReceiverConfigureInput, LineageReceiverSettings, LineageReceiverStatus } from '@shared/contract/lineage.contract';
import { isQuorumError, QuorumError } from '../../errors';
import type { CoreServices } from '../../services';
import { generateApiKey, startLineageReceiver, type LineageReceiver, type ReceiverStats } from './server';
import {
  DEFAULT_RECEIVER_SETTINGS,
  isLoopback,
  keyHint,
  readReceiverSettings,
  RECEIVER_KEY_SECRET,
  writeReceiverSettings,
} from './settings';

/** How a long-running face hosts the receiver; one-shot CLI commands never call start(). */
export interface ReceiverHostOptions {
  /** `quorum serve --lineage-port N`: this host and port for this process, whatever the settings say. */
  override?: { host: string; port: number };
  /** QUORUM_LINEAGE_API_KEY: this key instead of the workspace's, for this process. */
  apiKey?: string;
  /**
   * Make and store a key when this machine's SecretStore has none (returned once by start()).
   * `quorum serve` does, and prints it; the desktop app does not, because nobody would see it —
   * it reports the missing key and the Settings section offers a new one.
   */
  createMissingKey?: boolean;
}

interface Running {
  receiver: LineageReceiver;
  host: string;
  /** The port asked for (0 = any), to tell whether new settings need a restart. */
  requestedPort: number;
}

type Counts = LineageReceiverStatus['counts'];
const ZERO: Counts = { requests: 0, accepted: 0, duplicates: 0, rejected: 0, unauthorized: 0, busy: 0 };

/**
 * The workspace's OpenLineage receiver, owned by the core: the settings say whether and where it
 * runs; the desktop app and `quorum serve` host it (Core.startBackgroundWork), and configure /
 * rotateKey apply at once where it runs. A receiver that cannot start (port in use) is a status
 * with a clear error, never a crash: the rest of Quorum keeps working.
 *
 * Everything that starts or stops the server runs one at a time (a promise chain), so two quick
 * configure calls cannot leave two servers or a stopped one that should run.
 */
export class LineageReceiverHost {
  private hosting: ReceiverHostOptions | null = null;
  private running: Running | null = null;
  private starting = false;
  private closed = false;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private startedAt: number | null = null;
  /** Counts of receivers stopped earlier in this process, so a restart does not zero them. */
  private earlier: Counts = { ...ZERO };
  private earlierLastEventAt: number | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private lastSettings: LineageReceiverSettings = DEFAULT_RECEIVER_SETTINGS;

  constructor(private readonly services: CoreServices) {}

  /** Starts hosting: runs the receiver if the settings (or an override) say so. Never rejects. */
  start(options: ReceiverHostOptions = {}): Promise<{ status: LineageReceiverStatus; generatedKey: string | null }> {
    return this.serially(async () => {
      try {
        // The first host wins: `quorum serve` starts it with its flags, then startBackgroundWork() calls again.
        if (this.hosting !== null || this.closed) return { status: await this.status(), generatedKey: null };
        this.hosting = options;
        const generatedKey = await this.apply();
        return { status: await this.status(), generatedKey };
      } catch (error) {
        // Only a core closed under it gets here (apply() turns everything else into a status);
        // startBackgroundWork() does not wait for this, so a rejection would be unhandled.
        this.fail(`The lineage receiver did not start: ${messageOf(error)}`);
        return { status: this.closedStatus(), generatedKey: null };
      }
    });
  }

  /** Stops hosting gracefully: accepted events are written before it resolves. */
  stop(): Promise<void> {
    return this.serially(async () => {
      this.hosting = null;
      await this.stopRunning();
    });
  }

  /** Stops at once, for Core.close(), which closes the database right after (synchronously). */
  closeNow(): void {
    this.closed = true;
    this.hosting = null;
    const running = this.running;
    this.running = null;
    if (running) {
      running.receiver.closeNow();
      this.remember(running.receiver.stats());
    }
  }

  async configure(input: LineageReceiverConfigureInput): Promise<{ status: LineageReceiverStatus; apiKey: string | null }> {
    return this.serially(async () => {
      const { db } = this.services.store;
      const current = readReceiverSettings(db);
      const next: LineageReceiverSettings = {
        enabled: input.enabled ?? current.enabled,
        host: input.host ?? current.host,
        port: input.port ?? current.port,
        allowNonLoopback: input.allowNonLoopback ?? current.allowNonLoopback,
      };
      if (!isLoopback(next.host) && !next.allowNonLoopback) {
        throw new QuorumError(
          'invalid_input',
          `Refusing to receive lineage on ${next.host}: only this machine can reach a loopback address such as 127.0.0.1. ` +
            'The receiver speaks plain HTTP, so on the network the API key travels readable and anyone who has it can write ' +
            "to this workspace's lineage graph. Keep 127.0.0.1 (and put a TLS proxy in front for remote pipelines), or allow " +
            'a non-loopback address explicitly (allowNonLoopback) if you accept that.',
          { host: next.host },
        );
      }
      // The first enable makes the key, so the answer can show it for copying; only here and in rotateKey.
      let apiKey: string | null = null;
      if (next.enabled && (await this.readKey()) === null) {
        apiKey = generateApiKey();
        await this.services.secrets.set(RECEIVER_KEY_SECRET, apiKey);
      }
      writeReceiverSettings(db, next);
      this.lastSettings = next;
      if (this.hosting !== null) await this.apply();
      return { status: await this.status(), apiKey };
    });
  }

  /** A new key, stored and in force at once (the server swaps it without dropping the port). */
  async rotateKey(): Promise<{ status: LineageReceiverStatus; apiKey: string }> {
    return this.serially(async () => {
      const apiKey = generateApiKey();
      await this.services.secrets.set(RECEIVER_KEY_SECRET, apiKey);
      if (this.hosting !== null && this.hosting.apiKey === undefined) {
        if (this.running) this.running.receiver.setApiKey(apiKey);
        // A receiver that could not start for want of a key can start now.
        else await this.apply();
      }
      return { status: await this.status(), apiKey };
    });
  }

  async status(): Promise<LineageReceiverStatus> {
    if (this.closed) return this.closedStatus();
    const settings = (this.lastSettings = readReceiverSettings(this.services.store.db));
    const override = this.hosting?.override;
    const envKey = this.hosting?.apiKey;
    let stored: string | null = null;
    try {
      stored = await this.readKey();
    } catch {
      // An unreadable key (keychain reset) shows as missing; apply() reports why.
    }
    const key = envKey ?? stored;
    const wanted = override !== undefined || settings.enabled;
    const running = this.running;
    const stats = running?.receiver.stats();
    const state: LineageReceiverStatus['state'] = running
      ? 'listening'
      : this.hosting === null
        ? settings.enabled
          ? 'not-hosted'
          : 'disabled'
        : !wanted
          ? 'disabled'
          : this.lastError !== null && !this.starting
            ? 'failed'
            : 'starting';
    return {
      settings,
      state,
      url: running?.receiver.url ?? null,
      endpoint: running?.receiver.endpoint ?? null,
      host: running?.receiver.host ?? null,
      port: running?.receiver.port ?? null,
      source: override ? 'serve-override' : 'settings',
      key: {
        present: key !== null,
        source: envKey !== undefined ? 'environment' : 'workspace',
        hint: key === null ? null : keyHint(key),
        storedIn: this.services.secrets.describe(),
      },
      counts: stats ? add(this.earlier, countsOf(stats)) : { ...this.earlier },
      startedAt: running ? this.startedAt : null,
      lastEventAt: stats?.lastEventAt ?? this.earlierLastEventAt,
      lastError: state === 'failed' ? this.lastError : null,
      lastErrorAt: state === 'failed' ? this.lastErrorAt : null,
    };
  }

  /** Brings the running server in line with the settings; returns a key it had to make. Never throws. */
  /** After Core.close() the database is gone: what was last known, not running. */
  private closedStatus(): LineageReceiverStatus {
    return {
      settings: this.lastSettings,
      state: this.lastSettings.enabled ? 'not-hosted' : 'disabled',
      url: null,
      endpoint: null,
      host: null,
      port: null,
      source: 'settings',
      key: { present: false, source: 'workspace', hint: null, storedIn: this.services.secrets.describe() },
      counts: { ...this.earlier },
      startedAt: null,
      lastEventAt: this.earlierLastEventAt,
      lastError: null,
      lastErrorAt: null,
    };
  }

  private async apply(): Promise<string | null> {
    const hosting = this.hosting;
    if (hosting === null) return null;
    const settings = (this.lastSettings = readReceiverSettings(this.services.store.db));
    const want = hosting.override ?? (settings.enabled ? { host: settings.host, port: settings.port } : null);
    if (want === null) {
      await this.stopRunning();
      this.lastError = null;
      return null;
    }
    let generated: string | null = null;
    let key: string | null;
    try {
      key = hosting.apiKey ?? (await this.readKey());
      if (key === null && hosting.createMissingKey) {
        key = generated = generateApiKey();
        await this.services.secrets.set(RECEIVER_KEY_SECRET, key);
      }
    } catch (error) {
      await this.stopRunning();
      this.fail(`The lineage receiver is not running: its API key cannot be read. ${messageOf(error)}`);
      return null;
    }
    if (key === null) {
      await this.stopRunning();
      this.fail(
        `The lineage receiver is not running: there is no API key in ${this.services.secrets.describe()}. ` +
          'Make one with "Rotate key" in Settings › Lineage receiver (or `quorum lineage receiver --rotate-key`).',
      );
      return null;
    }
    const running = this.running;
    if (running && running.host === want.host && running.requestedPort === want.port) {
      running.receiver.setApiKey(key);
      return generated;
    }
    await this.stopRunning();
    this.starting = true;
    try {
      const receiver = await startLineageReceiver({ core: { services: this.services }, apiKey: key, host: want.host, port: want.port });
      if (this.closed || this.hosting === null) {
        // Closed while it was binding: never leave a server behind the core's back.
        receiver.closeNow();
        return generated;
      }
      this.running = { receiver, host: want.host, requestedPort: want.port };
      this.startedAt = this.services.now();
      this.lastError = null;
      this.lastErrorAt = null;
    } catch (error) {
      this.fail(explainListenError(error, want.host, want.port));
    } finally {
      this.starting = false;
    }
    return generated;
  }

  private async stopRunning(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = null;
    await running.receiver.close();
    this.remember(running.receiver.stats());
  }

  private remember(stats: ReceiverStats): void {
    this.earlier = add(this.earlier, countsOf(stats));
    if (stats.lastEventAt !== null) this.earlierLastEventAt = Math.max(this.earlierLastEventAt ?? 0, stats.lastEventAt);
  }

  private fail(message: string): void {
    this.lastError = message;
    this.lastErrorAt = this.services.now();
  }

  private async readKey(): Promise<string | null> {
    return this.services.secrets.get(RECEIVER_KEY_SECRET);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    // The chain only orders the work; each caller gets its own result or error.
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function countsOf(stats: ReceiverStats): Counts {
  return {
    requests: stats.requests,
    accepted: stats.events.accepted,
    duplicates: stats.events.duplicates,
    rejected: stats.events.rejected,
    unauthorized: stats.responses['401'] ?? 0,
    busy: stats.responses['503'] ?? 0,
  };
}

function add(a: Counts, b: Counts): Counts {
  return {
    requests: a.requests + b.requests,
    accepted: a.accepted + b.accepted,
    duplicates: a.duplicates + b.duplicates,
    rejected: a.rejected + b.rejected,
    unauthorized: a.unauthorized + b.unauthorized,
    busy: a.busy + b.busy,
  };
}

/** Why listen() failed, in words that say what to do; the port is always named. */
export function explainListenError(error: unknown, host: string, port: number): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const fix = 'Choose another port in Settings › Lineage receiver (or `quorum lineage receiver --port N`).';
  const rest = 'Everything else in Quorum keeps working.';
  switch (code) {
    case 'EADDRINUSE':
      return `The lineage receiver cannot listen on port ${port} (${where}): another program is already using that port. ${fix} ${rest}`;
    case 'EACCES':
      return `The lineage receiver may not listen on port ${port} (${where}): ports below 1024 need administrator rights on most systems. ${fix} ${rest}`;
    case 'EADDRNOTAVAIL':
      return `The lineage receiver cannot listen on ${where}: ${host} is not an address of this machine. Use 127.0.0.1 or one of this machine's addresses. ${rest}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The lineage receiver cannot listen on ${where}: the host name ${host} does not resolve. Use an IP address such as 127.0.0.1. ${rest}`;
    default:
      return `The lineage receiver cannot listen on ${where}: ${messageOf(error)}. ${rest}`;
  }
}

function messageOf(error: unknown): string {
  if (isQuorumError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
