import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { driftEvidence } from '../drift/store';
import { QuorumError } from '../errors';
import { GovernanceService } from '../governance/service';
import { lineageContext } from '../lineage/context';
import { dataQualityEvidence } from '../lineage/query/quality-evidence';
import type { CoreServices } from '../services';

/**
 * Replays the demo's governance story (resources/demo/governance/story.json) as real signed
 * ledger events: every act goes through the same GovernanceService the operations use, signed
 * by its actor's own ed25519 key (kept in this data directory's secret store), with the
 * service's clock set to the act's time. So the demo ledger verifies like any other, and the
 * gates, inbox and findings the app shows are derived, not typed in.
 */

const subjectSchema = z.object({ connection: z.string(), model: z.string(), version: z.number().int(), stage: z.string() });
const personSchema = z.object({ name: z.string(), email: z.string(), handles: z.array(z.string()) });
const base = { id: z.string(), at: z.string(), actor: z.string() };

const actSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('workspace.created'), creator: personSchema }),
  z.object({ ...base, kind: z.literal('policy.set'), file: z.string(), hash: z.string(), message: z.string() }),
  z.object({ ...base, kind: z.literal('identity.created'), ...personSchema.shape }),
  z.object({ ...base, kind: z.literal('role.granted'), subject: z.string(), role: z.string() }),
  z.object({ ...base, kind: z.literal('release.requested'), subject: subjectSchema, note: z.string() }),
  z.object({
    ...base,
    kind: z.literal('signoff.approved'),
    subject: subjectSchema,
    role: z.string(),
    comment: z.string(),
    conditions: z.array(z.string()),
  }),
  z.object({ ...base, kind: z.literal('signoff.rejected'), subject: subjectSchema, role: z.string(), comment: z.string() }),
  z.object({ ...base, kind: z.literal('waiver.granted'), subject: subjectSchema, check: z.string(), justification: z.string() }),
  z.object({
    ...base,
    kind: z.literal('writeback.performed'),
    subject: subjectSchema,
    alias: z.string().nullable(),
    tags: z.array(z.object({ key: z.string(), value: z.string() })),
  }),
]);
type Act = z.infer<typeof actSchema>;

const storySchema = z.object({
  format: z.literal('quorum-demo-governance-story/1'),
  policy: z.object({ file: z.string(), sha256: z.string() }),
  now: z.string(),
  acts: z.array(actSchema),
});
export type GovernanceStory = z.infer<typeof storySchema>;

/** governance_settings key holding the id of the last act replayed, so an interrupted load resumes. */
const PROGRESS_KEY = 'demo_story_progress';

export function readGovernanceStory(resourcesDir: string): { story: GovernanceStory; policyYaml: string } {
  const dir = join(resourcesDir, 'demo', 'governance');
  const story = storySchema.parse(JSON.parse(readFileSync(join(dir, 'story.json'), 'utf8')));
  const policyYaml = readFileSync(join(dir, story.policy.file), 'utf8');
  const digest = createHash('sha256').update(policyYaml, 'utf8').digest('hex');
  if (digest !== story.policy.sha256) {
    throw new QuorumError('internal', `The demo policy ${story.policy.file} does not match the story (sha256 ${digest}).`);
  }
  return { story, policyYaml };
}

export interface DemoGovernanceResult {
  acts: number;
  replayed: number;
}

/**
 * Replays the story into the workspace ledger. Idempotent: acts already replayed (recorded by
 * id in governance_settings) are skipped, so calling it again is a no-op and an interrupted
 * load resumes where it stopped.
 */
export async function loadDemoGovernance(services: CoreServices): Promise<DemoGovernanceResult> {
  const { story, policyYaml } = readGovernanceStory(services.resourcesDir);
  const { db } = services.store;
  const done = (db.prepare('SELECT value FROM governance_settings WHERE key = ?').get(PROGRESS_KEY) as { value: string } | undefined)
    ?.value;
  const start = done === undefined ? 0 : story.acts.findIndex((a) => a.id === done) + 1;
  if (start >= story.acts.length) return { acts: story.acts.length, replayed: 0 };

  let clock = Date.parse(story.acts[start]?.at ?? story.now);
  // Same secret store and evidence providers as the governance operations (governance/handlers.ts,
  // create-core.ts), so keys are found and evidence hashes agree when the app reads the ledger.
  const { secrets } = services;
  const service = new GovernanceService({
    db,
    now: () => clock,
    resourcesDir: services.resourcesDir,
    secrets,
    providers: {
      drift: (subject, asOf) => driftEvidence(db, subject, asOf),
      dataQuality: (subject, asOf) => dataQualityEvidence(lineageContext(services), subject, asOf),
    },
  });
  const emails = new Map<string, string>();
  for (const act of story.acts) {
    if (act.kind === 'workspace.created') emails.set(act.actor, act.creator.email);
    if (act.kind === 'identity.created') emails.set(act.actor, act.email);
  }
  const who = (id: string): string => {
    const email = emails.get(id);
    if (!email) throw new QuorumError('internal', `The demo story names "${id}", who has no identity in it.`);
    return email;
  };

  const jobId = `demo-governance-${services.now()}`;
  const progress = (count: number, state: 'running' | 'done' | 'failed', message: string | null = null) =>
    services.events.emit('job.progress', {
      jobId,
      kind: 'demo-load',
      label: 'Signing the demo governance story',
      done: count,
      total: story.acts.length,
      state,
      message,
    });
  const markDone = db.prepare(
    'INSERT INTO governance_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  let replayed = 0;
  try {
    for (let i = start; i < story.acts.length; i++) {
      const act = story.acts[i] as Act;
      clock = Date.parse(act.at);
      await replay(service, act, who, policyYaml);
      markDone.run(PROGRESS_KEY, act.id);
      replayed++;
      if (replayed % 10 === 0) progress(i + 1, 'running');
    }
    // The founder's machine: the app acts as the admin who created the workspace.
    const founder = story.acts.find((a) => a.kind === 'workspace.created');
    if (founder) await service.activate(who(founder.actor));
  } catch (error) {
    progress(start + replayed, 'failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  progress(story.acts.length, 'done');
  services.events.emit('data.changed', { topics: ['governance'] });
  return { acts: story.acts.length, replayed };
}

async function replay(service: GovernanceService, act: Act, who: (id: string) => string, policyYaml: string): Promise<void> {
  const actor = who(act.actor);
  switch (act.kind) {
    case 'workspace.created':
      // The founder's identity also records the shipped default policy; the next act replaces it.
      await service.createIdentity({ ...act.creator, activate: false });
      return;
    case 'identity.created':
      await service.createIdentity({ name: act.name, email: act.email, handles: act.handles, activate: false });
      return;
    case 'policy.set':
      await service.setPolicy({ actor, yaml: policyYaml, message: act.message });
      return;
    case 'role.granted':
      await service.changeRole({ actor, person: who(act.subject), role: act.role }, true);
      return;
    case 'release.requested':
      await service.requestRelease({ ...act.subject, actor, note: act.note });
      return;
    case 'signoff.approved':
      await service.signoff({ ...act.subject, actor, role: act.role, comment: act.comment, conditions: act.conditions }, 'approved');
      return;
    case 'signoff.rejected':
      await service.signoff({ ...act.subject, actor, role: act.role, comment: act.comment }, 'rejected');
      return;
    case 'waiver.granted':
      await service.waive({ ...act.subject, actor, check: act.check, justification: act.justification });
      return;
    case 'writeback.performed': {
      // A write-back follows a passing gate recorded in the ledger, exactly as the connector does it.
      const gate = await service.evaluateGate({ ...act.subject, actor, record: true });
      const recorded = gate.recordedEventId;
      if (gate.status !== 'pass' || recorded === null) {
        throw new QuorumError(
          'internal',
          `Demo story ${act.id}: the gate of ${act.subject.model} v${act.subject.version} is ${gate.status} at its release (${gate.reasons.join(' ')}).`,
        );
      }
      await service.recordWriteback({ ...act.subject, actor, gate: recorded, tags: act.tags, alias: act.alias });
      return;
    }
  }
}

const pending = new WeakMap<CoreServices, Promise<DemoGovernanceResult>>();

/**
 * Starts the replay in the background (createCore is synchronous; signing needs the async
 * secret store). The app refetches governance data when it ends (`data.changed`); tests and
 * tools await `demoGovernanceLoaded`.
 */
export function startDemoGovernance(services: CoreServices): void {
  const run = loadDemoGovernance(services);
  // A failure is already reported as a failed job (job.progress); the registry part of the
  // demo stays usable, and awaiting callers (tests, tools) get the rejection.
  run.catch(() => undefined);
  pending.set(services, run);
}

/** The running (or finished) demo governance replay of this core, or null when none was started. */
export function demoGovernanceLoaded(services: CoreServices): Promise<DemoGovernanceResult> | null {
  return pending.get(services) ?? null;
}
