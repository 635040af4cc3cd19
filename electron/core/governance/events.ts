import { createHash, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { publicKeySchema, roleNameSchema, stageNameSchema } from '@shared/domain/governance';
import { canonicalize } from './canonical-json';
import { signEventId } from './keys';

/**
 * The ledger's event format.
 *
 *   { "v": 1, "ws": <genesis id>, "kind": ..., "author": <raw ed25519 key, base64url>,
 *     "at": <ms since epoch, the author's clock>, "parents": [<ids>, sorted], "body": {...} }
 *
 * id = hex SHA-256 of the RFC 8785 canonical bytes; signature = ed25519 over
 * "quorum.ledger.v1:" + id by `author`. `ws` (absent only in the genesis event) ties every
 * event to one workspace, so an event cannot be replayed into another ledger; `parents`
 * (the heads the author saw) make the ledger a DAG that replicas merge by union.
 */

const hash = z.string().regex(/^[0-9a-f]{64}$/);
const shortText = z.string().max(5000);

export const subjectSchema = z
  .object({
    connection: z.string().min(1).max(200),
    model: z.string().min(1).max(500),
    version: z.number().int().positive(),
    stage: stageNameSchema,
  })
  .strict();
export type Subject = z.infer<typeof subjectSchema>;

/** What an approval is bound to; any change invalidates it. */
export const bindingSchema = z
  .object({
    artifact: z.object({ source: z.string().max(2000).nullable(), runId: z.string().max(200).nullable() }).strict(),
    policyHash: hash,
    evidenceHash: hash,
  })
  .strict();
export type Binding = z.infer<typeof bindingSchema>;

const person = z
  .object({ name: z.string().min(1).max(200), email: z.string().min(3).max(320), handles: z.array(z.string().max(200)).max(20) })
  .strict();

export const EVENT_BODIES = {
  /** The first event: founds the workspace; its author is the first admin. */
  'workspace.created': z.object({ creator: person }).strict(),
  'identity.created': person,
  'role.granted': z.object({ subject: publicKeySchema, role: roleNameSchema }).strict(),
  'role.revoked': z.object({ subject: publicKeySchema, role: roleNameSchema }).strict(),
  'policy.set': z.object({ yaml: z.string().max(1_000_000), hash, message: shortText }).strict(),
  'release.requested': z.object({ subject: subjectSchema, note: shortText, binding: bindingSchema }).strict(),
  'release.cancelled': z.object({ request: hash, comment: shortText }).strict(),
  'signoff.approved': z
    .object({
      request: hash,
      subject: subjectSchema,
      role: roleNameSchema,
      comment: shortText,
      conditions: z.array(z.string().min(1).max(2000)).max(20),
      binding: bindingSchema,
    })
    .strict(),
  'signoff.rejected': z
    .object({ request: hash, subject: subjectSchema, role: roleNameSchema, comment: z.string().min(1).max(5000), binding: bindingSchema })
    .strict(),
  'signoff.withdrawn': z.object({ request: hash, signoff: hash, comment: shortText }).strict(),
  'waiver.granted': z
    .object({
      request: hash,
      subject: subjectSchema,
      check: z.string().min(1).max(300),
      justification: z.string().min(1).max(5000),
      binding: bindingSchema,
    })
    .strict(),
  'gate.evaluated': z
    .object({
      subject: subjectSchema,
      request: hash.nullable(),
      status: z.enum(['pass', 'blocked']),
      policyHash: hash,
      evidenceHash: hash,
      reasons: z.array(z.string().max(2000)).max(200),
    })
    .strict(),
  /** Registry write-back after a passing gate (tags, alias move); recorded by the write-back feature. */
  'writeback.performed': z
    .object({
      subject: subjectSchema,
      gate: hash,
      tags: z.array(z.object({ key: z.string().max(250), value: z.string().max(5000) }).strict()).max(50),
      alias: z.string().max(200).nullable(),
    })
    .strict(),
  /** A report or dossier handed out; recorded by the reports feature. */
  'report.issued': z
    .object({ kind: z.string().min(1).max(100), subject: subjectSchema.nullable(), manifestHash: hash, format: z.string().max(20) })
    .strict(),
  'finding.raised': z
    .object({
      finding: hash,
      connection: z.string().max(200),
      model: z.string().max(500),
      version: z.number().int().nullable(),
      stage: z.string().max(40),
      subject: z.string().max(200),
      observedAt: z.number().int(),
      severity: z.enum(['high', 'medium', 'low']),
    })
    .strict(),
  'finding.acknowledged': z.object({ finding: hash, comment: shortText }).strict(),
  'finding.resolved': z.object({ finding: hash, comment: z.string().min(1).max(5000) }).strict(),
} as const;

export type EventKind = keyof typeof EVENT_BODIES;
export type EventBody<K extends EventKind> = z.infer<(typeof EVENT_BODIES)[K]>;
export const EVENT_KINDS = Object.keys(EVENT_BODIES) as EventKind[];

export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENT_BODIES, kind);
}

export interface UnsignedEvent<K extends EventKind = EventKind> {
  v: 1;
  ws?: string;
  kind: K;
  author: string;
  at: number;
  parents: string[];
  body: EventBody<K>;
}

/** An event as verified and ordered: the signed content plus where it sits locally. */
export interface LedgerEvent<K extends EventKind = EventKind> extends UnsignedEvent<K> {
  id: string;
  signature: string;
  /** Local storage position; not part of the signed content. */
  seq: number;
}

/** A row of `ledger_events`, untrusted until verified. */
export interface StoredEventRow {
  seq: number;
  id: string;
  kind: string;
  author: string;
  at: number;
  canonical: string;
  signature: string;
}

export function contentAddress(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface SignedEvent {
  id: string;
  canonical: string;
  signature: string;
  event: UnsignedEvent;
}

export function signEvent(event: UnsignedEvent, privateKey: KeyObject): SignedEvent {
  const canonical = canonicalize({ ...event, parents: [...event.parents].sort() });
  const id = contentAddress(canonical);
  return { id, canonical, signature: signEventId(privateKey, id), event: { ...event, parents: [...event.parents].sort() } };
}

const envelopeSchema = z
  .object({
    v: z.literal(1),
    ws: hash.optional(),
    kind: z.string(),
    author: publicKeySchema,
    at: z.number().int().min(0).max(8_640_000_000_000_000),
    parents: z.array(hash).max(1000),
    body: z.record(z.string(), z.unknown()),
  })
  .strict();

/** Checks a parsed event's shape and its kind's body; returns why not, or the typed event. */
export function checkEventShape(value: unknown): { ok: true; event: UnsignedEvent } | { ok: false; reason: string } {
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, reason: issueText(envelope.error) };
  const { kind } = envelope.data;
  if (!isEventKind(kind)) return { ok: false, reason: `unknown event kind "${kind}"` };
  const body = EVENT_BODIES[kind].safeParse(envelope.data.body);
  if (!body.success) return { ok: false, reason: `${kind} body: ${issueText(body.error)}` };
  const parents = envelope.data.parents;
  for (let i = 1; i < parents.length; i++) {
    if ((parents[i - 1] as string) >= (parents[i] as string)) return { ok: false, reason: 'parents are not sorted and distinct' };
  }
  return { ok: true, event: { ...envelope.data, kind, body: body.data } as UnsignedEvent };
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(event)'}: ${issue.message}` : 'invalid';
}
