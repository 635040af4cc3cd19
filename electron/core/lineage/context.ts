import type { Database } from 'better-sqlite3';
import type { CoreServices } from '../services';
import { applyIdentityRules, readRules } from './identity/rules';
import { catalogFingerprint, projectMlflow } from './mlflow/join';
import { EventIngestor } from './openlineage/ingest';
import { openLineageSchemas, type OpenLineageSchemas } from './openlineage/schemas';

const FINGERPRINT_KEY = 'mlflow_fingerprint';

/** What every lineage entry point of one workspace shares: the compiled schemas and freshness state. */
export interface LineageContext {
  readonly db: Database;
  readonly services: CoreServices;
  schemas(): OpenLineageSchemas;
  readonly ingestor: EventIngestor;
  /** Brings the derived parts (MLflow join, identity rules) up to date; cheap when nothing changed. */
  refresh(): void;
  /** Tells the renderer the graph changed, at most every `throttleMs` under a stream of writes. */
  announce(): void;
}

const contexts = new WeakMap<CoreServices, LineageContext>();

export function lineageContext(services: CoreServices): LineageContext {
  const existing = contexts.get(services);
  if (existing) return existing;
  const { db } = services.store;
  let schemas: OpenLineageSchemas | null = null;
  const getSchemas = () => (schemas ??= openLineageSchemas(services.resourcesDir));
  let catalogChanged = false;
  services.events.onAny((event, payload) => {
    // A same-process sync or demo load says so; other processes are caught by the fingerprint.
    if (event === 'data.changed' && (payload as { topics: string[] }).topics.includes('catalog')) catalogChanged = true;
  });
  let lastAnnounce = 0;
  let pendingAnnounce: NodeJS.Timeout | null = null;
  const throttleMs = 500;

  const context: LineageContext = {
    db,
    services,
    schemas: getSchemas,
    ingestor: new EventIngestor(db, getSchemas),
    refresh() {
      const fingerprint = catalogFingerprint(db);
      const stored = (db.prepare('SELECT value FROM lineage_meta WHERE key = ?').get(FINGERPRINT_KEY) as { value: string } | undefined)
        ?.value;
      if (catalogChanged || fingerprint !== stored) {
        db.transaction(() => {
          projectMlflow(db, services.now());
          db.prepare('INSERT INTO lineage_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(
            FINGERPRINT_KEY,
            fingerprint,
          );
        })();
        catalogChanged = false;
      }
      applyIdentityRules(db, readRules(db), services.now());
    },
    announce() {
      const now = Date.now();
      const emit = () => {
        pendingAnnounce = null;
        lastAnnounce = Date.now();
        services.events.emit('data.changed', { topics: ['lineage'] });
      };
      if (now - lastAnnounce >= throttleMs) emit();
      else if (!pendingAnnounce) {
        pendingAnnounce = setTimeout(emit, throttleMs - (now - lastAnnounce));
        pendingAnnounce.unref();
      }
    },
  };
  contexts.set(services, context);
  return context;
}
