/**
 * Generates the bundled demo workspace, "Northwind Financial", under resources/demo/.
 *
 *   npx tsx scripts/generate-demo.ts            # rewrites the committed files
 *   npx tsx scripts/generate-demo.ts --out DIR  # writes a fresh copy elsewhere (tests call generateDemo(dir))
 *
 * Deterministic: every random number comes from a PRNG seeded by a fixed label, every date is
 * fixed, and JSON is written with a fixed key order, so re-running produces byte-identical files.
 * What makes the story readable (names, descriptions, comments, who signed what) is written by
 * hand below; the bulk (metric curves, data samples, drift statistics, hashes) is generated.
 *
 * resources/demo/README.md (hand-written) explains the story and every file format.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { categoricalDistribution, numericDistribution } from '../electron/core/drift/distribution';
import type { FeatureDistribution } from '../electron/core/drift/types';

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Determinism helpers
// ─────────────────────────────────────────────────────────────────────────────────────────────

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32, seeded from a label so each part of the demo has its own independent stream. */
class Rng {
  private state: number;
  constructor(label: string) {
    this.state = hash32(`northwind:${label}`);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  logNormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }
  /** Marsaglia–Tsang. */
  gamma(shape: number, scale: number): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      const x = this.normal();
      const v = Math.pow(1 + c * x, 3);
      if (v <= 0) continue;
      const u = this.next();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  }
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }
  poisson(lambda: number): number {
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  bernoulli(p: number): boolean {
    return this.next() < p;
  }
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let x = this.next() * total;
    for (const [key, w] of entries) {
      x -= w;
      if (x < 0) return key;
    }
    return must(entries[entries.length - 1], 'weights')[0];
  }
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += Math.floor(this.next() * 16).toString(16);
    return out;
  }
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`generate-demo: missing ${what}`);
  return value;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`generate-demo: inconsistent demo data: ${message}`);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const md5 = (text: string): string => createHash('md5').update(text).digest('hex');
const round = (value: number, digits = 4): number => Number(value.toFixed(digits));
const sig = (value: number, digits = 4): number => (value === 0 ? 0 : Number(value.toPrecision(digits)));

/** '2026-09-02T09:14' or '2026-09-02T09:14:07' (UTC) → epoch ms; a label-derived millisecond part keeps stamps realistic. */
function ms(iso: string, jitterLabel?: string): number {
  const full = iso.length === 16 ? `${iso}:00` : iso;
  const base = Date.parse(`${full}Z`);
  if (Number.isNaN(base)) throw new Error(`bad time ${iso}`);
  return base + (jitterLabel ? hash32(jitterLabel) % 1000 : 0);
}
const isoZ = (epochMs: number): string => new Date(epochMs).toISOString();
const day = (epochMs: number): string => isoZ(epochMs).slice(0, 10);
const MINUTE = 60_000;
const DAY = 86_400_000;

/** A UUID v7 (time-ordered), as the Airflow OpenLineage provider makes run ids. */
function uuidv7(epochMs: number, rng: Rng): string {
  const time = epochMs.toString(16).padStart(12, '0');
  const rand = rng.hex(20);
  const variant = ((parseInt(rand.slice(3, 4), 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(4, 7)}-${rand.slice(7, 19)}`;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The organisation: teams and people
// ─────────────────────────────────────────────────────────────────────────────────────────────

const ORGANISATION = {
  name: 'Northwind Financial',
  description:
    'A mid-size consumer lender (personal loans, credit cards, savings) operating in the EU. ' +
    'Three product teams build models; a central ML platform team ships and runs them; ' +
    'Model Risk Management validates them independently.',
  domain: 'northwind.example',
};

type TeamId = 'fraud' | 'lending' | 'growth' | 'platform' | 'model-risk';
type Role = 'data-science' | 'ml-engineering' | 'ops' | 'compliance' | 'admin';
type PersonId = 'priya.raman' | 'jonah.lindqvist' | 'aisha.bello' | 'marcus.chen' | 'dana.okafor' | 'helen.fischer' | 'sam.whitfield';

const TEAMS: { id: TeamId; name: string; ownsModels: boolean; description: string }[] = [
  {
    id: 'fraud',
    name: 'Fraud',
    ownsModels: true,
    description: 'Card and application fraud detection. Owns the models that block card authorizations in real time.',
  },
  {
    id: 'lending',
    name: 'Lending',
    ownsModels: true,
    description: 'Consumer credit decisioning and underwriting operations: credit scoring, document intake, application forecasting.',
  },
  {
    id: 'growth',
    name: 'Growth',
    ownsModels: true,
    description: 'Retention, cross-sell offer pricing and customer-service tooling.',
  },
  {
    id: 'platform',
    name: 'ML Platform',
    ownsModels: false,
    description: 'Runs the shared ML platform (MLflow, Airflow, model serving, monitoring) and ships every team’s models.',
  },
  {
    id: 'model-risk',
    name: 'Model Risk Management',
    ownsModels: false,
    description: 'Second line of defence: independent validation, the release policy, and audit. Owns no models.',
  },
];

interface Person {
  id: PersonId;
  name: string;
  team: TeamId;
  title: string;
  roles: Role[];
  persona: string;
}

const PEOPLE: Person[] = [
  {
    id: 'priya.raman',
    name: 'Priya Raman',
    team: 'fraud',
    title: 'Senior Data Scientist, Fraud',
    roles: ['data-science'],
    persona: 'The data scientist: builds the fraud models and requests their releases.',
  },
  {
    id: 'marcus.chen',
    name: 'Marcus Chen',
    team: 'platform',
    title: 'ML Engineer',
    roles: ['ml-engineering'],
    persona: 'The ML engineer: checks lineage and reproducibility, ships every team’s models, signs off as ml-engineering.',
  },
  {
    id: 'dana.okafor',
    name: 'Dana Okafor',
    team: 'platform',
    title: 'Site Reliability Engineer, ML serving',
    roles: ['ops'],
    persona: 'The ops engineer: runs serving and monitoring, watches drift, signs off on operability.',
  },
  {
    id: 'helen.fischer',
    name: 'Helen Fischer',
    team: 'model-risk',
    title: 'Model Risk & Compliance Officer',
    roles: ['compliance'],
    persona: 'The compliance officer: independent validation, decides waivers, hands dossiers to auditors.',
  },
  {
    id: 'sam.whitfield',
    name: 'Sam Whitfield',
    team: 'platform',
    title: 'Head of ML Platform',
    roles: ['admin'],
    persona: 'The admin: created the workspace, grants roles, publishes the policy, manages connections.',
  },
  {
    id: 'jonah.lindqvist',
    name: 'Jonah Lindqvist',
    team: 'lending',
    title: 'Data Scientist, Credit Risk',
    roles: ['data-science'],
    persona: 'Supporting cast: builds the credit models.',
  },
  {
    id: 'aisha.bello',
    name: 'Aisha Bello',
    team: 'growth',
    title: 'Data Scientist, Growth',
    roles: ['data-science'],
    persona: 'Supporting cast: builds the churn, pricing and ticket-routing models.',
  },
];

const emailOf = (id: PersonId): string => `${id}@${ORGANISATION.domain}`;

// ─────────────────────────────────────────────────────────────────────────────────────────────
// The release policy, in the format of Quorum's policy parser (see resources/policy/default-policy.yaml);
// rendered to governance/policy.yaml. The generator checks the story against it with the same rules.
// ─────────────────────────────────────────────────────────────────────────────────────────────

type Tier = 'high' | 'medium' | 'low';
type ModelType = 'binary-classifier' | 'multiclass-classifier' | 'forecaster' | 'uplift-model';

interface MetricRule {
  key: string;
  min?: number;
  max?: number;
}

interface TierPolicy {
  comment: string;
  /** Governed target stages (keys of `governs`). */
  stages: string[];
  approvalValidityDays: number;
  /** Each role must sign once (count 1), each by a different person. */
  signoffs: Role[];
  metrics: MetricRule[];
  /** `description` (version or model), or tag keys on the version or the model. */
  modelCard: string[];
  drift: { maxDriftShare: number; windowDays: number } | null;
  waiverRoles: Role[];
}

const POLICY_NAME = 'Northwind Financial model release policy';
const GOVERNED_STAGE = 'production';

const POLICY: Record<Tier, TierPolicy> = {
  high: {
    comment: 'High: decides about a customer’s money or access to credit (credit decisions, fraud blocking).',
    stages: [GOVERNED_STAGE],
    approvalValidityDays: 45,
    signoffs: ['ml-engineering', 'ops', 'compliance'],
    metrics: [{ key: 'val_auc', min: 0.75 }],
    modelCard: ['description', 'owner_team', 'model_card.intended_use', 'model_card.limitations', 'model_card.training_data'],
    drift: { maxDriftShare: 0.3, windowDays: 7 },
    waiverRoles: ['compliance'],
  },
  medium: {
    comment: 'Medium: affects offers and customer treatment, not access to credit (churn, pricing).',
    stages: [GOVERNED_STAGE],
    approvalValidityDays: 60,
    signoffs: ['ml-engineering', 'compliance'],
    metrics: [],
    modelCard: ['description', 'model_card.intended_use'],
    drift: { maxDriftShare: 0.5, windowDays: 14 },
    waiverRoles: ['compliance'],
  },
  low: {
    comment: 'Low: internal tools and forecasts; a person reviews every output. One operability sign-off.',
    stages: [GOVERNED_STAGE],
    approvalValidityDays: 180,
    signoffs: ['ops'],
    metrics: [],
    modelCard: ['description'],
    drift: null,
    waiverRoles: ['compliance', 'ml-engineering'],
  },
};

/** Per-model metric thresholds; a key listed here replaces the tier's rule for that key. */
const MODEL_RULES: Record<string, { metrics: MetricRule[]; why: string }> = {
  'card-fraud-blocker': {
    metrics: [{ key: 'val_auc', min: 0.93 }],
    why: 'Stricter than the tier: one point of AUC is about EUR 40k a month in extra fraud losses.',
  },
  'merchant-risk-score': { metrics: [{ key: 'val_auc', min: 0.7 }], why: 'Binary classifier.' },
  'churn-predictor': { metrics: [{ key: 'val_auc', min: 0.7 }], why: 'Binary classifier.' },
  'offer-pricing': { metrics: [{ key: 'val_qini', min: 0.05 }], why: 'Uplift model: Qini coefficient on the holdout experiments.' },
  'application-volume-forecast': { metrics: [{ key: 'val_mape', max: 0.15 }], why: 'Forecast: mean absolute percentage error.' },
  'doc-classifier': { metrics: [{ key: 'val_macro_f1', min: 0.85 }], why: 'Multi-class: macro-averaged F1.' },
  'support-ticket-router': { metrics: [{ key: 'val_macro_f1', min: 0.85 }], why: 'Multi-class: macro-averaged F1.' },
};

const ROLES: Role[] = ['admin', 'data-science', 'ml-engineering', 'ops', 'compliance'];

const flowList = (items: readonly string[]): string => `[${items.join(', ')}]`;
const ruleYaml = (r: MetricRule): string =>
  `{ key: ${r.key}${r.min !== undefined ? `, min: ${r.min}` : ''}${r.max !== undefined ? `, max: ${r.max}` : ''} }`;

function renderPolicy(): string {
  const tier = (name: Tier): string => {
    const p = POLICY[name];
    const lines = [
      `  # ${p.comment}`,
      `  ${name}:`,
      `    stages: ${flowList(p.stages)}`,
      `    approvalValidityDays: ${p.approvalValidityDays}`,
      `    signoffs:`,
      ...p.signoffs.map((role) => `      - { role: ${role}, count: 1 }`),
      `    independence:`,
      `      authorMayNotSign: true`,
      `      onePersonOneRole: true`,
      `    evidence:`,
      `      runFinished: true`,
      ...(p.metrics.length > 0 ? [`      metrics:`, ...p.metrics.map((r) => `        - ${ruleYaml(r)}`)] : []),
      `      trainingData: { required: true, contexts: [training] }`,
      `      modelCard: { fields: ${flowList(p.modelCard)} }`,
      ...(p.drift ? [`      drift: { maxDriftShare: ${p.drift.maxDriftShare}, windowDays: ${p.drift.windowDays} }`] : []),
      `    waivers:`,
      `      allowedRoles: ${flowList(p.waiverRoles)}`,
    ];
    return lines.join('\n');
  };
  const models = Object.entries(MODEL_RULES)
    .map(([model, o]) => [`  # ${o.why}`, `  ${model}:`, `    metrics:`, ...o.metrics.map((r) => `      - ${ruleYaml(r)}`)].join('\n'))
    .join('\n');
  return `# Northwind Financial — model release policy (demo workspace).
# Generated by scripts/generate-demo.ts. Same format as resources/policy/default-policy.yaml;
# resources/demo/README.md explains every field.
#
# The release gate evaluates: this policy × a model version × a target stage → pass or
# blocked, with every reason. Evidence comes from the registry and lineage:
#   metrics       final value of the metric on the version's training run (MLflow)
#   trainingData  the run has a training dataset input with a digest (its version); lineage
#                 (OpenLineage dataset version facets, DVC lock hashes) knows every digest
#   modelCard     description (version or model), or tags on the version or model; the
#                 Northwind teams keep their model cards in version tags named model_card.*
#   drift         worst stored dataset drift share over the window, when results exist
version: 1
name: ${POLICY_NAME}

roles: ${flowList(ROLES)}

# A model without a risk_tier tag is treated as high risk.
defaultTier: high

# Releasing to production means the champion alias or MLflow's Production stage. Moving
# either to a version without a passing gate is a finding ("changed outside Quorum").
governs:
  ${GOVERNED_STAGE}:
    aliases: [champion]
    registryStages: [Production]

findings:
  visibleTo: [admin, compliance, ops]

tiers:
${tier('high')}
${tier('medium')}
${tier('low')}

# Per-model metric thresholds (by registered model name). A key listed here replaces the
# tier's rule for that key.
models:
${models}
`;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Models, datasets and pipelines
// ─────────────────────────────────────────────────────────────────────────────────────────────

type ColType = 'double' | 'long' | 'string' | 'boolean' | 'datetime';
interface Column {
  name: string;
  type: ColType;
}
const cols = (spec: string): Column[] =>
  spec
    .trim()
    .split(/\s+/)
    .map((pair) => {
      const [name, type] = pair.split(':');
      return { name: must(name, 'column'), type: must(type, `type of ${pair}`) as ColType };
    });

interface ModelSpec {
  name: string;
  experimentId: string;
  experimentName: string;
  team: TeamId;
  tier: Tier;
  owner: PersonId;
  modelType: ModelType;
  created: string;
  description: string;
  extraTags: [string, string][];
  repo: string;
  entryPoint: string;
  deployment: string;
  experimentNote: string;
  costCenter: string;
  project: string;
}

const GIT = 'https://git.northwind.example';

const MODELS: ModelSpec[] = [
  {
    name: 'card-fraud-blocker',
    experimentId: '1',
    experimentName: 'fraud/card-fraud-blocker',
    team: 'fraud',
    tier: 'high',
    owner: 'priya.raman',
    modelType: 'binary-classifier',
    created: '2026-09-02T08:40:12',
    description:
      'Real-time fraud classifier for card authorizations (card-present and card-not-present). Scores every ' +
      'authorization request in under 40 ms.\n\n**Decision:** scores ≥ 0.87 are declined, 0.60–0.87 are stepped up to ' +
      '3-D Secure. Declines affect customers directly, hence risk tier high.',
    extraTags: [
      ['business_unit', 'cards'],
      ['regulatory_scope', 'PSD2, EU AI Act (not Annex III), internal MRM'],
      ['data_classification', 'confidential'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/fraud/fraud-models.git`,
    entryPoint: 'pipelines/train_card_fraud.py',
    deployment: 'online-eu-west-1',
    experimentNote: 'Authorization-time fraud scoring (cards). Retrained every two weeks.',
    costCenter: 'CC-2140',
    project: 'card-fraud',
  },
  {
    name: 'application-fraud-detector',
    experimentId: '2',
    experimentName: 'fraud/application-fraud-detector',
    team: 'fraud',
    tier: 'high',
    owner: 'priya.raman',
    modelType: 'binary-classifier',
    created: '2026-09-08T09:05:40',
    description:
      'Flags loan and card applications that are likely fraudulent (synthetic or stolen identities) before ' +
      'underwriting. Flagged applications are held for manual identity checks and may be declined.',
    extraTags: [
      ['business_unit', 'lending-and-cards'],
      ['regulatory_scope', 'AMLD6, EU AI Act (not Annex III), internal MRM'],
      ['data_classification', 'confidential'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/fraud/fraud-models.git`,
    entryPoint: 'pipelines/train_application_fraud.py',
    deployment: 'online-eu-west-1',
    experimentNote: 'Application-time identity fraud.',
    costCenter: 'CC-2140',
    project: 'application-fraud',
  },
  {
    name: 'merchant-risk-score',
    experimentId: '3',
    experimentName: 'fraud/merchant-risk-score',
    team: 'fraud',
    tier: 'medium',
    owner: 'priya.raman',
    modelType: 'binary-classifier',
    created: '2026-09-03T10:12:03',
    description: 'Daily risk score per merchant (chargeback and refund behaviour), used to set merchant monitoring levels.',
    extraTags: [
      ['business_unit', 'cards'],
      ['regulatory_scope', 'internal MRM'],
      ['data_classification', 'internal'],
      ['pii', 'false'],
      ['lifecycle', 'active'],
    ],
    repo: `${GIT}/fraud/fraud-models.git`,
    entryPoint: 'pipelines/train_merchant_risk.py',
    deployment: 'batch-daily',
    experimentNote: 'Merchant-level risk scoring (batch).',
    costCenter: 'CC-2140',
    project: 'merchant-risk',
  },
  {
    name: 'credit-approval-scorer',
    experimentId: '4',
    experimentName: 'lending/credit-approval-scorer',
    team: 'lending',
    tier: 'high',
    owner: 'jonah.lindqvist',
    modelType: 'binary-classifier',
    created: '2026-09-04T08:15:55',
    description:
      'Probability of default within 12 months for unsecured personal-loan applications; drives approve / refer / ' +
      'decline.\n\nMonotonic constraints on bureau features; adverse-action reason codes come from SHAP values. ' +
      'High-risk AI system under EU AI Act Annex III 5(b); validated under SR 11-7-aligned model risk policy.',
    extraTags: [
      ['business_unit', 'personal-loans'],
      ['regulatory_scope', 'EU AI Act Annex III 5(b), CRR, consumer credit directive'],
      ['data_classification', 'confidential'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/lending/credit-models.git`,
    entryPoint: 'pipelines/train_credit_approval.py',
    deployment: 'online-eu-west-1',
    experimentNote: 'Application PD scorecards (regulated).',
    costCenter: 'CC-3110',
    project: 'credit-approval',
  },
  {
    name: 'application-volume-forecast',
    experimentId: '5',
    experimentName: 'lending/application-volume-forecast',
    team: 'lending',
    tier: 'low',
    owner: 'marcus.chen',
    modelType: 'forecaster',
    created: '2026-09-10T12:10:21',
    description:
      'Forecasts daily loan-application volume 28 days ahead so underwriting can plan staffing. Planners review ' + 'every forecast.',
    extraTags: [
      ['business_unit', 'personal-loans'],
      ['regulatory_scope', 'none'],
      ['data_classification', 'internal'],
      ['pii', 'false'],
    ],
    repo: `${GIT}/lending/credit-models.git`,
    entryPoint: 'pipelines/train_volume_forecast.py',
    deployment: 'batch-daily',
    experimentNote: 'Underwriting capacity planning.',
    costCenter: 'CC-3110',
    project: 'underwriting-ops',
  },
  {
    name: 'doc-classifier',
    experimentId: '6',
    experimentName: 'lending/doc-classifier',
    team: 'lending',
    tier: 'low',
    owner: 'marcus.chen',
    modelType: 'multiclass-classifier',
    created: '2026-09-22T09:25:48',
    description:
      'Sorts documents uploaded with loan applications (payslip, bank statement, ID, utility bill, other) into ' +
      'underwriting queues. An underwriter opens every document; the model only routes it. Data and training are ' +
      'versioned with DVC (project lending-docs).',
    extraTags: [
      ['business_unit', 'personal-loans'],
      ['regulatory_scope', 'GDPR'],
      ['data_classification', 'confidential'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/lending/lending-docs.git`,
    entryPoint: 'src/train.py',
    deployment: 'online-internal',
    experimentNote: 'Document intake routing (DVC project lending-docs).',
    costCenter: 'CC-3110',
    project: 'lending-docs',
  },
  {
    name: 'churn-predictor',
    experimentId: '7',
    experimentName: 'growth/churn-predictor',
    team: 'growth',
    tier: 'medium',
    owner: 'aisha.bello',
    modelType: 'binary-classifier',
    created: '2026-09-05T09:48:30',
    description:
      'Probability that a current-account customer moves their salary deposit away within 90 days. Drives which ' +
      'customers get a retention call; it never changes prices or credit terms.',
    extraTags: [
      ['business_unit', 'retail-banking'],
      ['regulatory_scope', 'GDPR'],
      ['data_classification', 'internal'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/growth/growth-models.git`,
    entryPoint: 'pipelines/train_churn.py',
    deployment: 'batch-weekly',
    experimentNote: 'Retention targeting.',
    costCenter: 'CC-4020',
    project: 'retention',
  },
  {
    name: 'offer-pricing',
    experimentId: '8',
    experimentName: 'growth/offer-pricing',
    team: 'growth',
    tier: 'medium',
    owner: 'aisha.bello',
    modelType: 'uplift-model',
    created: '2026-09-09T14:20:09',
    description:
      'Recommends the promotional discount (0–150 bp) on savings-rate and balance-transfer offers shown in the app, ' +
      'by estimated uplift in acceptance. Does not price credit.',
    extraTags: [
      ['business_unit', 'retail-banking'],
      ['regulatory_scope', 'GDPR, consumer protection'],
      ['data_classification', 'internal'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/growth/growth-models.git`,
    entryPoint: 'pipelines/train_offer_pricing.py',
    deployment: 'online-app',
    experimentNote: 'Offer discount uplift modelling.',
    costCenter: 'CC-4020',
    project: 'offers',
  },
  {
    name: 'support-ticket-router',
    experimentId: '9',
    experimentName: 'growth/support-ticket-router',
    team: 'growth',
    tier: 'low',
    owner: 'aisha.bello',
    modelType: 'multiclass-classifier',
    created: '2026-09-15T08:58:17',
    description:
      'Routes incoming customer e-mails and chat transcripts to the right service queue. Agents can re-route; ' +
      'nothing is decided automatically.',
    extraTags: [
      ['business_unit', 'customer-service'],
      ['regulatory_scope', 'GDPR'],
      ['data_classification', 'confidential'],
      ['pii', 'true'],
    ],
    repo: `${GIT}/growth/growth-models.git`,
    entryPoint: 'pipelines/train_ticket_router.py',
    deployment: 'online-internal',
    experimentNote: 'Customer-service queue routing.',
    costCenter: 'CC-4020',
    project: 'service-tooling',
  },
];

const modelSpec = (name: string): ModelSpec =>
  must(
    MODELS.find((m) => m.name === name),
    `model ${name}`,
  );

/** Feature sets as the training runs log them (mlflow_colspec), labels last. */
const CARD_V1 = 'amount:double merchant_category:string channel:string hour_of_day:long account_tenure_months:long';
const CARD_V2 = `${CARD_V1} txn_velocity_1h:double device_age_days:long`;
const CARD_V3 = `${CARD_V2} distance_from_home_km:double merchant_chargeback_rate_90d:double`;
const CARD_V4 = `${CARD_V3} card_merchant_pair_count_30d:long`;
const APP_V1 =
  'stated_income:double loan_amount:double email_domain_age_days:long address_tenure_months:long id_document_type:string application_hour:long';
const APP_V2 = `${APP_V1} device_shared_count:long ip_proxy_score:double phone_carrier_type:string`;
const APP_V3 = `${APP_V2} identity_graph_degree:long name_email_match_score:double`;
const MERCHANT =
  'merchant_category:string chargeback_rate_90d:double refund_rate_90d:double txn_volume_30d:double merchant_age_days:long country_risk:string';
const CREDIT_V1 =
  'bureau_score:long annual_income:double debt_to_income:double credit_utilization:double num_open_trades:long months_since_delinquency:long loan_amount:double loan_term_months:long employment_type:string home_ownership:string';
const CREDIT_V3 = `${CREDIT_V1} has_prior_northwind_loan:long`;
const CREDIT_V5 = `${CREDIT_V3} ob_net_monthly_inflow:double ob_income_volatility:double`;
const VOLUME_V1 = 'ds:datetime day_of_week:long is_public_holiday:boolean marketing_spend_eur:double';
const VOLUME_V2 = `${VOLUME_V1} lag_7:double lag_28:double rolling_mean_14:double`;
const VOLUME_V3 = `${VOLUME_V2} base_rate_change_bp:double`;
const DOCS = 'doc_text:string page_count:long file_type:string ocr_confidence:double';
const CHURN_V1 = 'tenure_months:long products_held:long avg_monthly_balance:double salary_deposit:boolean region:string';
const CHURN_V2 = `${CHURN_V1} app_logins_30d:long card_spend_30d:double support_tickets_90d:long`;
const CHURN_V3 = `${CHURN_V2} age_band:string`;
const OFFER_V1 = 'customer_segment:string avg_balance:double tenure_months:long channel:string offered_discount_bp:long';
const OFFER_V2 = `${OFFER_V1} competitor_rate_gap_bp:double`;
const OFFER_V3 = `${OFFER_V2} rate_sensitivity_score:double`;
const ROUTER = 'subject:string body:string channel:string product:string';

const LABELS: Record<string, string> = {
  'card-fraud-blocker': 'is_fraud:long',
  'application-fraud-detector': 'is_fraud:long',
  'merchant-risk-score': 'is_high_risk:long',
  'credit-approval-scorer': 'default_12m:long',
  'application-volume-forecast': 'applications:long',
  'doc-classifier': 'doc_type:string',
  'churn-predictor': 'churned_90d:long',
  'offer-pricing': 'accepted:long',
  'support-ticket-router': 'queue:string',
};

/** Where each model's training data comes from: one Airflow DAG per model (DVC for doc-classifier). */
interface SourceTable {
  namespace: string;
  name: string;
  fields: Column[];
}
interface PipelineSpec {
  model: string;
  dag: string;
  extractTask: string;
  description: string;
  sources: SourceTable[];
  raw: { name: string; fields: Column[] };
  datasetPrefix: string;
  trainName: string;
  holdoutName: string;
  scheduleHour: number;
}

const S3 = 's3://northwind-ml-data';
const CORE_PG = 'postgres://corebanking-replica.northwind.internal:5432';
const LENDING_PG = 'postgres://lending-db.northwind.internal:5432';
const CRM_PG = 'postgres://crm-db.northwind.internal:5432';

const PIPELINES: PipelineSpec[] = [
  {
    model: 'card-fraud-blocker',
    dag: 'fraud_card_training_set',
    extractTask: 'extract_authorizations',
    description: 'Builds the card-fraud training and holdout sets from authorizations, merchants and chargebacks.',
    sources: [
      {
        namespace: CORE_PG,
        name: 'corebanking.public.card_authorizations',
        fields: cols(
          'auth_id:long card_id:string merchant_id:string amount:double entry_mode:string auth_ts:datetime device_first_seen_ts:datetime distance_from_home_km:double',
        ),
      },
      {
        namespace: CORE_PG,
        name: 'corebanking.public.merchants',
        fields: cols('merchant_id:string mcc:string chargebacks_90d:long txns_90d:long onboarded_at:datetime'),
      },
      { namespace: CORE_PG, name: 'corebanking.public.chargebacks', fields: cols('auth_id:long reason_code:string reported_at:datetime') },
      { namespace: CORE_PG, name: 'corebanking.public.card_accounts', fields: cols('card_id:string account_opened_at:datetime') },
    ],
    raw: {
      name: 'fraud/card_fraud/raw_authorizations',
      fields: cols(
        'auth_id:long card_id:string merchant_id:string amount:double mcc:string entry_mode:string auth_ts:datetime device_first_seen_ts:datetime distance_from_home_km:double merchant_chargebacks_90d:long merchant_txns_90d:long account_opened_at:datetime chargeback_reason_code:string',
      ),
    },
    datasetPrefix: 'fraud/card_fraud',
    trainName: 'card_fraud_train',
    holdoutName: 'card_fraud_holdout',
    scheduleHour: 1,
  },
  {
    model: 'application-fraud-detector',
    dag: 'fraud_application_training_set',
    extractTask: 'extract_applications',
    description: 'Joins loan/card applications with device fingerprints and confirmed fraud cases.',
    sources: [
      {
        namespace: LENDING_PG,
        name: 'origination.public.applications',
        fields: cols(
          'application_id:long stated_income:double loan_amount:double email:string address_since:datetime id_document_type:string submitted_at:datetime phone_carrier:string',
        ),
      },
      {
        namespace: LENDING_PG,
        name: 'origination.public.device_fingerprints',
        fields: cols('application_id:long device_hash:string ip_proxy_score:double'),
      },
      {
        namespace: LENDING_PG,
        name: 'origination.public.fraud_cases',
        fields: cols('application_id:long confirmed_at:datetime fraud_type:string'),
      },
    ],
    raw: {
      name: 'fraud/application_fraud/raw_applications',
      fields: cols(
        'application_id:long stated_income:double loan_amount:double email:string address_since:datetime id_document_type:string submitted_at:datetime phone_carrier:string device_hash:string ip_proxy_score:double fraud_type:string',
      ),
    },
    datasetPrefix: 'fraud/application_fraud',
    trainName: 'application_fraud_train',
    holdoutName: 'application_fraud_holdout',
    scheduleHour: 2,
  },
  {
    model: 'merchant-risk-score',
    dag: 'fraud_merchant_risk_training_set',
    extractTask: 'extract_merchant_activity',
    description: 'Aggregates 90 days of merchant activity and chargebacks.',
    sources: [
      {
        namespace: CORE_PG,
        name: 'corebanking.public.merchants',
        fields: cols('merchant_id:string mcc:string chargebacks_90d:long txns_90d:long onboarded_at:datetime'),
      },
      { namespace: CORE_PG, name: 'corebanking.public.refunds', fields: cols('merchant_id:string refunded_at:datetime amount:double') },
    ],
    raw: {
      name: 'fraud/merchant_risk/raw_merchant_activity',
      fields: cols(
        'merchant_id:string mcc:string chargebacks_90d:long refunds_90d:long txns_90d:long volume_30d:double onboarded_at:datetime country:string',
      ),
    },
    datasetPrefix: 'fraud/merchant_risk',
    trainName: 'merchant_risk_train',
    holdoutName: 'merchant_risk_holdout',
    scheduleHour: 3,
  },
  {
    model: 'credit-approval-scorer',
    dag: 'lending_credit_training_set',
    extractTask: 'extract_application_outcomes',
    description: 'Application-time features joined with 12-month performance outcomes (vintage-based).',
    sources: [
      {
        namespace: LENDING_PG,
        name: 'origination.public.applications',
        fields: cols(
          'application_id:long annual_income:double loan_amount:double loan_term_months:long employment_type:string home_ownership:string submitted_at:datetime customer_id:string',
        ),
      },
      {
        namespace: LENDING_PG,
        name: 'bureau.public.credit_reports',
        fields: cols(
          'application_id:long bureau_score:long total_debt_monthly:double revolving_balance:double revolving_limit:double open_trades:long last_delinquency_at:datetime',
        ),
      },
      {
        namespace: LENDING_PG,
        name: 'origination.public.open_banking_summaries',
        fields: cols('application_id:long consent_given:boolean net_monthly_inflow:double income_volatility:double'),
      },
      {
        namespace: CORE_PG,
        name: 'corebanking.public.loan_performance',
        fields: cols('application_id:long days_past_due_max_12m:long charged_off:boolean'),
      },
      { namespace: CORE_PG, name: 'corebanking.public.loans', fields: cols('customer_id:string loan_id:string opened_at:datetime') },
    ],
    raw: {
      name: 'lending/credit/raw_application_outcomes',
      fields: cols(
        'application_id:long annual_income:double loan_amount:double loan_term_months:long employment_type:string home_ownership:string submitted_at:datetime bureau_score:long total_debt_monthly:double revolving_balance:double revolving_limit:double open_trades:long last_delinquency_at:datetime prior_loans:long ob_consent_given:boolean ob_net_monthly_inflow:double ob_income_volatility:double days_past_due_max_12m:long charged_off:boolean',
      ),
    },
    datasetPrefix: 'lending/credit',
    trainName: 'credit_applications_train',
    holdoutName: 'credit_applications_holdout',
    scheduleHour: 2,
  },
  {
    model: 'application-volume-forecast',
    dag: 'lending_application_volume_features',
    extractTask: 'extract_daily_volumes',
    description: 'Daily application counts with calendar, marketing and rate features.',
    sources: [
      {
        namespace: LENDING_PG,
        name: 'origination.public.applications',
        fields: cols('application_id:long submitted_at:datetime channel:string'),
      },
      { namespace: CRM_PG, name: 'marketing.public.campaign_spend', fields: cols('day:datetime channel:string spend_eur:double') },
    ],
    raw: {
      name: 'lending/volume/raw_daily_volumes',
      fields: cols('day:datetime applications:long marketing_spend_eur:double base_rate_bp:double'),
    },
    datasetPrefix: 'lending/volume',
    trainName: 'application_volume_train',
    holdoutName: 'application_volume_holdout',
    scheduleHour: 4,
  },
  {
    model: 'churn-predictor',
    dag: 'growth_churn_training_set',
    extractTask: 'extract_customer_activity',
    description: 'Customer activity snapshot with 90-day salary-deposit churn outcome.',
    sources: [
      {
        namespace: CORE_PG,
        name: 'corebanking.public.customer_accounts',
        fields: cols(
          'customer_id:string opened_at:datetime products_held:long avg_balance_3m:double salary_deposit:boolean region:string birth_year:long',
        ),
      },
      { namespace: CRM_PG, name: 'digital.public.app_sessions', fields: cols('customer_id:string session_start:datetime') },
      { namespace: CRM_PG, name: 'crm.public.support_tickets', fields: cols('ticket_id:long customer_id:string opened_at:datetime') },
    ],
    raw: {
      name: 'growth/churn/raw_customer_activity',
      fields: cols(
        'customer_id:string opened_at:datetime products_held:long avg_balance_3m:double salary_deposit:boolean region:string birth_year:long app_logins_30d:long card_spend_30d:double tickets_90d:long salary_moved_90d:boolean',
      ),
    },
    datasetPrefix: 'growth/churn',
    trainName: 'churn_train',
    holdoutName: 'churn_holdout',
    scheduleHour: 3,
  },
  {
    model: 'offer-pricing',
    dag: 'growth_offer_pricing_training_set',
    extractTask: 'extract_offer_history',
    description: 'Past randomised offer experiments with customer features and outcomes.',
    sources: [
      {
        namespace: CRM_PG,
        name: 'crm.public.offer_history',
        fields: cols('offer_id:long customer_id:string offered_at:datetime discount_bp:long channel:string accepted:boolean'),
      },
      {
        namespace: CORE_PG,
        name: 'corebanking.public.customer_accounts',
        fields: cols('customer_id:string segment:string avg_balance_3m:double opened_at:datetime'),
      },
      { namespace: CRM_PG, name: 'market.public.competitor_rates', fields: cols('day:datetime product:string best_rate_bp:double') },
    ],
    raw: {
      name: 'growth/offers/raw_offer_history',
      fields: cols(
        'offer_id:long customer_id:string offered_at:datetime discount_bp:long channel:string accepted:boolean segment:string avg_balance_3m:double competitor_best_rate_bp:double',
      ),
    },
    datasetPrefix: 'growth/offers',
    trainName: 'offer_experiments_train',
    holdoutName: 'offer_experiments_holdout',
    scheduleHour: 4,
  },
  {
    model: 'support-ticket-router',
    dag: 'growth_ticket_router_training_set',
    extractTask: 'extract_tickets',
    description: 'Resolved tickets with their final queue, PII-redacted.',
    sources: [
      {
        namespace: CRM_PG,
        name: 'crm.public.support_tickets',
        fields: cols('ticket_id:long subject:string body:string channel:string product:string final_queue:string closed_at:datetime'),
      },
    ],
    raw: {
      name: 'growth/tickets/raw_tickets',
      fields: cols('ticket_id:long subject:string body:string channel:string product:string final_queue:string'),
    },
    datasetPrefix: 'growth/tickets',
    trainName: 'tickets_train',
    holdoutName: 'tickets_holdout',
    scheduleHour: 5,
  },
];

/** A training-data snapshot: one pipeline run that wrote a train and a holdout dataset version. */
interface SnapshotSpec {
  key: string;
  model: string;
  date: string;
  features: string;
  trainRows: number;
  holdoutRows: number;
  note?: string;
}

const SNAPSHOTS: SnapshotSpec[] = [
  { key: 'card-0901', model: 'card-fraud-blocker', date: '2026-09-01', features: CARD_V1, trainRows: 3_412_880, holdoutRows: 853_220 },
  { key: 'card-0907', model: 'card-fraud-blocker', date: '2026-09-07', features: CARD_V2, trainRows: 3_498_105, holdoutRows: 874_526 },
  { key: 'card-0916', model: 'card-fraud-blocker', date: '2026-09-16', features: CARD_V3, trainRows: 3_561_774, holdoutRows: 890_443 },
  { key: 'card-0923', model: 'card-fraud-blocker', date: '2026-09-23', features: CARD_V4, trainRows: 3_640_012, holdoutRows: 910_003 },
  {
    key: 'card-1022',
    model: 'card-fraud-blocker',
    date: '2026-10-22',
    features: CARD_V4,
    trainRows: 9_874_331,
    holdoutRows: 2_468_582,
    note: '24 months of history',
  },
  {
    key: 'card-1110',
    model: 'card-fraud-blocker',
    date: '2026-11-10',
    features: CARD_V4,
    trainRows: 1_104_562,
    holdoutRows: 276_140,
    note: 'last 6 weeks only',
  },
  { key: 'app-0907', model: 'application-fraud-detector', date: '2026-09-07', features: APP_V1, trainRows: 412_330, holdoutRows: 103_082 },
  { key: 'app-0924', model: 'application-fraud-detector', date: '2026-09-24', features: APP_V2, trainRows: 431_905, holdoutRows: 107_976 },
  { key: 'app-1026', model: 'application-fraud-detector', date: '2026-10-26', features: APP_V3, trainRows: 468_211, holdoutRows: 117_052 },
  { key: 'merchant-0902', model: 'merchant-risk-score', date: '2026-09-02', features: MERCHANT, trainRows: 61_204, holdoutRows: 15_301 },
  { key: 'merchant-0916', model: 'merchant-risk-score', date: '2026-09-16', features: MERCHANT, trainRows: 62_117, holdoutRows: 15_529 },
  { key: 'credit-0903', model: 'credit-approval-scorer', date: '2026-09-03', features: CREDIT_V1, trainRows: 286_540, holdoutRows: 71_635 },
  { key: 'credit-0908', model: 'credit-approval-scorer', date: '2026-09-08', features: CREDIT_V1, trainRows: 291_118, holdoutRows: 72_780 },
  { key: 'credit-0920', model: 'credit-approval-scorer', date: '2026-09-20', features: CREDIT_V3, trainRows: 297_402, holdoutRows: 74_351 },
  {
    key: 'credit-0927',
    model: 'credit-approval-scorer',
    date: '2026-09-27',
    features: CREDIT_V3,
    trainRows: 305_977,
    holdoutRows: 76_494,
    note: 'Q3 2025 vintages matured',
  },
  { key: 'credit-1105', model: 'credit-approval-scorer', date: '2026-11-05', features: CREDIT_V5, trainRows: 309_864, holdoutRows: 77_466 },
  { key: 'volume-0909', model: 'application-volume-forecast', date: '2026-09-09', features: VOLUME_V1, trainRows: 1_096, holdoutRows: 90 },
  { key: 'volume-1004', model: 'application-volume-forecast', date: '2026-10-04', features: VOLUME_V2, trainRows: 1_121, holdoutRows: 90 },
  { key: 'volume-1115', model: 'application-volume-forecast', date: '2026-11-15', features: VOLUME_V3, trainRows: 1_163, holdoutRows: 90 },
  { key: 'churn-0904', model: 'churn-predictor', date: '2026-09-04', features: CHURN_V1, trainRows: 842_310, holdoutRows: 210_577 },
  { key: 'churn-0925', model: 'churn-predictor', date: '2026-09-25', features: CHURN_V2, trainRows: 851_006, holdoutRows: 212_751 },
  { key: 'churn-1019', model: 'churn-predictor', date: '2026-10-19', features: CHURN_V3, trainRows: 858_441, holdoutRows: 214_610 },
  { key: 'churn-1105', model: 'churn-predictor', date: '2026-11-05', features: CHURN_V2, trainRows: 861_930, holdoutRows: 215_482 },
  { key: 'offer-0908', model: 'offer-pricing', date: '2026-09-08', features: OFFER_V1, trainRows: 198_402, holdoutRows: 49_600 },
  { key: 'offer-1001', model: 'offer-pricing', date: '2026-10-01', features: OFFER_V2, trainRows: 214_855, holdoutRows: 53_713 },
  { key: 'offer-1015', model: 'offer-pricing', date: '2026-10-15', features: OFFER_V3, trainRows: 221_390, holdoutRows: 55_347 },
  { key: 'offer-1108', model: 'offer-pricing', date: '2026-11-08', features: OFFER_V3, trainRows: 236_014, holdoutRows: 59_003 },
  { key: 'router-0914', model: 'support-ticket-router', date: '2026-09-14', features: ROUTER, trainRows: 148_220, holdoutRows: 16_468 },
  { key: 'router-1012', model: 'support-ticket-router', date: '2026-10-12', features: ROUTER, trainRows: 161_903, holdoutRows: 17_989 },
  // The DVC project lending-docs (dvc/dvc.lock): its prepare stage's output hashes are these digests.
  { key: 'docs-dvc', model: 'doc-classifier', date: '2026-09-15', features: DOCS, trainRows: 48_730, holdoutRows: 8_599 },
];

interface Snapshot extends SnapshotSpec {
  columns: Column[];
  trainDigest: string;
  holdoutDigest: string;
  trainUri: string;
  holdoutUri: string;
  trainDataset: string;
  holdoutDataset: string;
  sourceType: string;
  pipeline: 'airflow' | 'dvc';
}

/** The DVC project's files, whose md5s double as the doc-classifier's MLflow dataset digests. */
const DVC_FILES = {
  extractScript: { path: 'src/extract_documents.py', md5: md5('lending-docs:src/extract_documents.py@a41f0c2'), size: 4_211 },
  prepareScript: { path: 'src/prepare.py', md5: md5('lending-docs:src/prepare.py@a41f0c2'), size: 6_874 },
  trainScript: { path: 'src/train.py', md5: md5('lending-docs:src/train.py@e7b21d9'), size: 9_305 },
  raw: { path: 'data/raw/documents.parquet', md5: md5('lending-docs:data/raw/documents.parquet@2026-09-15'), size: 412_883_117 },
  train: { path: 'data/prepared/train.parquet', md5: md5('lending-docs:data/prepared/train.parquet@2026-09-15'), size: 301_446_902 },
  holdout: { path: 'data/prepared/holdout.parquet', md5: md5('lending-docs:data/prepared/holdout.parquet@2026-09-15'), size: 53_207_611 },
  model: { path: 'models/doc_classifier', md5: `${md5('lending-docs:models/doc_classifier@e7b21d9')}.dir`, size: 88_412_305, nfiles: 3 },
  metrics: { path: 'metrics.json', md5: md5('lending-docs:metrics.json@e7b21d9'), size: 214 },
};

function buildSnapshots(): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  for (const s of SNAPSHOTS) {
    const columns = cols(`${s.features} ${must(LABELS[s.model], `label of ${s.model}`)}`);
    if (s.model === 'doc-classifier') {
      out.set(s.key, {
        ...s,
        columns,
        trainDigest: DVC_FILES.train.md5,
        holdoutDigest: DVC_FILES.holdout.md5,
        trainUri: DVC_FILES.train.path,
        holdoutUri: DVC_FILES.holdout.path,
        trainDataset: 'lending_docs_train',
        holdoutDataset: 'lending_docs_holdout',
        sourceType: 'local',
        pipeline: 'dvc',
      });
      continue;
    }
    const p = must(
      PIPELINES.find((x) => x.model === s.model),
      `pipeline of ${s.model}`,
    );
    // MLflow dataset digests are short content hashes (8 hex characters for pandas/Spark datasets).
    out.set(s.key, {
      ...s,
      columns,
      trainDigest: sha256(`${p.datasetPrefix}/train@${s.date}`).slice(0, 8),
      holdoutDigest: sha256(`${p.datasetPrefix}/holdout@${s.date}`).slice(0, 8),
      trainUri: `${S3}/${p.datasetPrefix}/train/`,
      holdoutUri: `${S3}/${p.datasetPrefix}/holdout/`,
      trainDataset: p.trainName,
      holdoutDataset: p.holdoutName,
      sourceType: 's3',
      pipeline: 'airflow',
    });
  }
  return out;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Training runs (MLflow runs/search shapes)
// ─────────────────────────────────────────────────────────────────────────────────────────────

type Framework = 'lightgbm' | 'xgboost' | 'catboost' | 'sklearn' | 'prophet' | 'transformers' | 'econml';
type RunStatus = 'FINISHED' | 'FAILED' | 'KILLED';

interface RunSpec {
  key: string;
  model: string;
  name: string;
  user: PersonId;
  start: string;
  minutes: number;
  status?: RunStatus;
  snapshot: string;
  /** Label of the commit; runs sharing a label share the sha. A short sha prefix may be given as 'label@abc1234'. */
  commit: string;
  branch?: string;
  sourceType?: 'JOB' | 'LOCAL';
  trigger: string;
  framework: Framework;
  params: [string, string][];
  /** Final value of the model's primary validation metric (val_auc, val_macro_f1, val_mape or val_qini). */
  primary: number;
  /** For FAILED / KILLED runs: how many curve steps were logged before it stopped. */
  loggedSteps?: number;
  note: string;
}

const lgbm = (leaves: number, lr: number, trees: number, ff: number, extra: [string, string][] = []): [string, string][] => [
  ['model_type', 'lightgbm'],
  ['objective', 'binary'],
  ['num_leaves', String(leaves)],
  ['learning_rate', String(lr)],
  ['n_estimators', String(trees)],
  ['feature_fraction', String(ff)],
  ['bagging_fraction', '0.8'],
  ['min_child_samples', '200'],
  ...extra,
];

const RUNS: RunSpec[] = [
  // card-fraud-blocker — Fraud, high risk
  {
    key: 'card-v1',
    model: 'card-fraud-blocker',
    name: 'lgbm-baseline',
    user: 'priya.raman',
    start: '2026-09-02T13:05',
    minutes: 58,
    snapshot: 'card-0901',
    commit: 'fraud-c1',
    trigger: 'manual',
    framework: 'lightgbm',
    params: lgbm(63, 0.05, 600, 0.8, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v1'],
      ['training_window_days', '365'],
    ]),
    primary: 0.9268,
    note: 'Baseline on authorization, merchant-category and tenure features. A benchmark, not meant for release.',
  },
  {
    key: 'card-v2',
    model: 'card-fraud-blocker',
    name: 'lgbm-velocity-features',
    user: 'priya.raman',
    start: '2026-09-08T09:20',
    minutes: 71,
    snapshot: 'card-0907',
    commit: 'fraud-c2',
    trigger: 'scheduled-retrain',
    sourceType: 'JOB',
    framework: 'lightgbm',
    params: lgbm(127, 0.03, 900, 0.7, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v2'],
      ['training_window_days', '365'],
    ]),
    primary: 0.9421,
    note: 'Adds 1-hour transaction velocity and device age: +1.5 AUC points over the baseline.',
  },
  {
    key: 'card-sweep-lr',
    model: 'card-fraud-blocker',
    name: 'lgbm-velocity-lr0.1',
    user: 'priya.raman',
    start: '2026-09-08T11:02',
    minutes: 44,
    snapshot: 'card-0907',
    commit: 'fraud-c2',
    trigger: 'manual',
    framework: 'lightgbm',
    params: lgbm(127, 0.1, 900, 0.7, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v2'],
      ['training_window_days', '365'],
    ]),
    primary: 0.9388,
    note: 'Sweep: a learning rate of 0.1 overfits after about 400 trees. Not registered.',
  },
  {
    key: 'card-v3',
    model: 'card-fraud-blocker',
    name: 'lgbm-merchant-aggregates',
    user: 'priya.raman',
    start: '2026-09-17T14:10',
    minutes: 83,
    snapshot: 'card-0916',
    commit: 'fraud-c3',
    trigger: 'scheduled-retrain',
    sourceType: 'JOB',
    framework: 'lightgbm',
    params: lgbm(127, 0.03, 1000, 0.7, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v3'],
      ['training_window_days', '365'],
    ]),
    primary: 0.9466,
    note: 'Adds merchant chargeback rate (90 days) and distance from home. Ran as challenger in shadow.',
  },
  {
    key: 'card-v4',
    model: 'card-fraud-blocker',
    name: 'lgbm-card-merchant-graph',
    user: 'priya.raman',
    start: '2026-09-24T08:55',
    minutes: 96,
    snapshot: 'card-0923',
    commit: 'fraud-c4',
    trigger: 'scheduled-retrain',
    sourceType: 'JOB',
    framework: 'lightgbm',
    params: lgbm(127, 0.03, 1200, 0.7, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v4'],
      ['training_window_days', '365'],
    ]),
    primary: 0.9512,
    note: 'Adds card–merchant pair history; first-seen pairs are the strongest new signal.',
  },
  {
    key: 'card-failed',
    model: 'card-fraud-blocker',
    name: 'lgbm-24m-full-history',
    user: 'priya.raman',
    start: '2026-10-23T10:30',
    minutes: 38,
    status: 'FAILED',
    snapshot: 'card-1022',
    commit: 'fraud-c4b',
    branch: 'experiment/full-history',
    trigger: 'manual',
    framework: 'lightgbm',
    params: lgbm(255, 0.02, 2000, 0.6, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v4'],
      ['training_window_days', '730'],
    ]),
    primary: 0.9525,
    loggedSteps: 6,
    note: 'Driver out of memory after about 600 trees on 24 months of history (9.9M rows). Not registered.',
  },
  {
    key: 'card-v5',
    model: 'card-fraud-blocker',
    name: 'lgbm-recent-6w-retrain',
    user: 'priya.raman',
    start: '2026-11-11T09:40',
    minutes: 41,
    snapshot: 'card-1110',
    commit: 'fraud-c5',
    branch: 'hotfix/bnpl-drift',
    trigger: 'drift-retrain',
    sourceType: 'JOB',
    framework: 'lightgbm',
    params: lgbm(127, 0.03, 800, 0.7, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v4'],
      ['training_window_days', '42'],
    ]),
    primary: 0.9187,
    note:
      'Emergency retrain on the last 6 weeks only, after the BNPL partner launch (2026-10-28) shifted the merchant mix. ' +
      'Less history gives a lower AUC (0.919 against 0.951 for v4).',
  },
  {
    key: 'card-sweep-deep',
    model: 'card-fraud-blocker',
    name: 'lgbm-recent-6w-deeper',
    user: 'priya.raman',
    start: '2026-11-11T11:05',
    minutes: 47,
    snapshot: 'card-1110',
    commit: 'fraud-c5',
    branch: 'hotfix/bnpl-drift',
    trigger: 'manual',
    framework: 'lightgbm',
    params: lgbm(255, 0.03, 800, 0.7, [
      ['scale_pos_weight', '25'],
      ['feature_set', 'v4'],
      ['training_window_days', '42'],
    ]),
    primary: 0.9151,
    note: 'Deeper trees do not recover the AUC on 6 weeks of data. Not registered.',
  },
  // application-fraud-detector — Fraud, high risk
  {
    key: 'app-v1',
    model: 'application-fraud-detector',
    name: 'xgb-baseline',
    user: 'priya.raman',
    start: '2026-09-08T10:15',
    minutes: 35,
    snapshot: 'app-0907',
    commit: 'fraud-a1',
    trigger: 'manual',
    framework: 'xgboost',
    params: [
      ['model_type', 'xgboost'],
      ['max_depth', '6'],
      ['eta', '0.05'],
      ['n_estimators', '500'],
      ['subsample', '0.8'],
      ['colsample_bytree', '0.8'],
      ['feature_set', 'v1'],
    ],
    primary: 0.8712,
    note: 'Baseline on application fields only.',
  },
  {
    key: 'app-v2',
    model: 'application-fraud-detector',
    name: 'xgb-device-signals',
    user: 'priya.raman',
    start: '2026-09-25T09:30',
    minutes: 42,
    snapshot: 'app-0924',
    commit: 'fraud-a2',
    trigger: 'manual',
    framework: 'xgboost',
    params: [
      ['model_type', 'xgboost'],
      ['max_depth', '6'],
      ['eta', '0.05'],
      ['n_estimators', '700'],
      ['subsample', '0.8'],
      ['colsample_bytree', '0.7'],
      ['feature_set', 'v2'],
    ],
    primary: 0.8934,
    note: 'Adds device fingerprint sharing, proxy score and phone carrier type.',
  },
  {
    key: 'app-v3',
    model: 'application-fraud-detector',
    name: 'xgb-synthetic-id-graph',
    user: 'priya.raman',
    start: '2026-10-27T13:20',
    minutes: 55,
    snapshot: 'app-1026',
    commit: 'fraud-a3',
    branch: 'feature/identity-graph',
    trigger: 'incident-response',
    framework: 'xgboost',
    params: [
      ['model_type', 'xgboost'],
      ['max_depth', '7'],
      ['eta', '0.05'],
      ['n_estimators', '800'],
      ['subsample', '0.8'],
      ['colsample_bytree', '0.7'],
      ['feature_set', 'v3-identity-graph'],
    ],
    primary: 0.9105,
    note: 'Identity-graph features against the synthetic-identity ring seen since mid-October (incident INC-4471).',
  },
  // merchant-risk-score — Fraud, medium risk (retired in November)
  {
    key: 'merchant-v1',
    model: 'merchant-risk-score',
    name: 'gbm-baseline',
    user: 'priya.raman',
    start: '2026-09-03T11:00',
    minutes: 12,
    snapshot: 'merchant-0902',
    commit: 'fraud-m1',
    trigger: 'manual',
    framework: 'sklearn',
    params: [
      ['model_type', 'GradientBoostingClassifier'],
      ['n_estimators', '300'],
      ['max_depth', '3'],
      ['learning_rate', '0.05'],
      ['feature_set', 'v1'],
    ],
    primary: 0.8123,
    note: 'Baseline merchant risk model.',
  },
  {
    key: 'merchant-v2',
    model: 'merchant-risk-score',
    name: 'gbm-chargeback-refund-90d',
    user: 'priya.raman',
    start: '2026-09-17T10:40',
    minutes: 14,
    snapshot: 'merchant-0916',
    commit: 'fraud-m2',
    trigger: 'manual',
    framework: 'sklearn',
    params: [
      ['model_type', 'GradientBoostingClassifier'],
      ['n_estimators', '400'],
      ['max_depth', '4'],
      ['learning_rate', '0.05'],
      ['feature_set', 'v2'],
    ],
    primary: 0.8344,
    note: '90-day chargeback and refund rates.',
  },
  // credit-approval-scorer — Lending, high risk
  {
    key: 'credit-v1',
    model: 'credit-approval-scorer',
    name: 'logreg-woe-scorecard',
    user: 'jonah.lindqvist',
    start: '2026-09-04T09:10',
    minutes: 9,
    snapshot: 'credit-0903',
    commit: 'lending-k1',
    trigger: 'manual',
    framework: 'sklearn',
    params: [
      ['model_type', 'LogisticRegression'],
      ['binning', 'woe'],
      ['C', '0.5'],
      ['penalty', 'l2'],
      ['feature_set', 'bureau-v1'],
    ],
    primary: 0.7412,
    note: 'Logistic WOE scorecard: the regulatory benchmark every GBM version is compared with.',
  },
  {
    key: 'credit-v2',
    model: 'credit-approval-scorer',
    name: 'mono-gbm-bureau',
    user: 'jonah.lindqvist',
    start: '2026-09-09T08:45',
    minutes: 52,
    snapshot: 'credit-0908',
    commit: 'lending-k2',
    trigger: 'manual',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'binary'],
      ['num_leaves', '31'],
      ['learning_rate', '0.03'],
      ['n_estimators', '700'],
      ['monotone_constraints', 'bureau_score:-1,debt_to_income:+1,credit_utilization:+1,months_since_delinquency:-1'],
      ['feature_set', 'bureau-v1'],
    ],
    primary: 0.7788,
    note: 'Monotonic gradient boosting on the scorecard’s features.',
  },
  {
    key: 'credit-v3',
    model: 'credit-approval-scorer',
    name: 'mono-gbm-relationship',
    user: 'jonah.lindqvist',
    start: '2026-09-21T10:05',
    minutes: 57,
    snapshot: 'credit-0920',
    commit: 'lending-k3',
    trigger: 'manual',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'binary'],
      ['num_leaves', '31'],
      ['learning_rate', '0.03'],
      ['n_estimators', '800'],
      ['monotone_constraints', 'bureau_score:-1,debt_to_income:+1,credit_utilization:+1,months_since_delinquency:-1'],
      ['feature_set', 'bureau-v2-relationship'],
    ],
    primary: 0.7851,
    note: 'Adds the prior-Northwind-loan flag. Superseded by the recalibrated v4 before it was requested.',
  },
  {
    key: 'credit-v4',
    model: 'credit-approval-scorer',
    name: 'mono-gbm-q3-recalibrated',
    user: 'jonah.lindqvist',
    start: '2026-09-28T09:30',
    minutes: 61,
    snapshot: 'credit-0927',
    commit: 'lending-k4',
    trigger: 'scheduled-retrain',
    sourceType: 'JOB',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'binary'],
      ['num_leaves', '31'],
      ['learning_rate', '0.03'],
      ['n_estimators', '800'],
      ['monotone_constraints', 'bureau_score:-1,debt_to_income:+1,credit_utilization:+1,months_since_delinquency:-1'],
      ['calibration', 'isotonic'],
      ['feature_set', 'bureau-v2-relationship'],
    ],
    primary: 0.7893,
    note: 'Same features as v3, retrained and recalibrated on Q3 2025 vintages.',
  },
  {
    key: 'credit-killed',
    model: 'credit-approval-scorer',
    name: 'mono-gbm-open-banking-wide',
    user: 'jonah.lindqvist',
    start: '2026-11-06T14:00',
    minutes: 25,
    status: 'KILLED',
    snapshot: 'credit-1105',
    commit: 'lending-k5a',
    branch: 'feature/open-banking',
    trigger: 'manual',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'binary'],
      ['num_leaves', '63'],
      ['learning_rate', '0.03'],
      ['n_estimators', '1200'],
      ['feature_set', 'open-banking-wide'],
    ],
    primary: 0.8,
    loggedSteps: 5,
    note: 'Stopped by hand: 120 open-banking features, most of them unavailable at decision time.',
  },
  {
    key: 'credit-v5',
    model: 'credit-approval-scorer',
    name: 'mono-gbm-open-banking',
    user: 'jonah.lindqvist',
    start: '2026-11-10T10:20',
    minutes: 66,
    snapshot: 'credit-1105',
    commit: 'lending-k5',
    trigger: 'manual',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'binary'],
      ['num_leaves', '31'],
      ['learning_rate', '0.03'],
      ['n_estimators', '900'],
      [
        'monotone_constraints',
        'bureau_score:-1,debt_to_income:+1,credit_utilization:+1,months_since_delinquency:-1,ob_net_monthly_inflow:-1',
      ],
      ['calibration', 'isotonic'],
      ['feature_set', 'bureau-v3-open-banking'],
    ],
    primary: 0.7968,
    note: 'Adds two consented open-banking cash-flow features (net monthly inflow, income volatility).',
  },
  // application-volume-forecast — Lending, low risk
  {
    key: 'volume-v1',
    model: 'application-volume-forecast',
    name: 'prophet-weekly-seasonality',
    user: 'marcus.chen',
    start: '2026-09-10T12:00',
    minutes: 6,
    snapshot: 'volume-0909',
    commit: 'lending-f1',
    trigger: 'manual',
    framework: 'prophet',
    params: [
      ['model_type', 'prophet'],
      ['seasonality_mode', 'multiplicative'],
      ['changepoint_prior_scale', '0.05'],
      ['holidays', 'EU-public'],
      ['horizon_days', '28'],
    ],
    primary: 0.142,
    note: 'Prophet with weekly seasonality and public holidays.',
  },
  {
    key: 'volume-v2',
    model: 'application-volume-forecast',
    name: 'lgbm-lag-features',
    user: 'marcus.chen',
    start: '2026-10-05T09:10',
    minutes: 8,
    snapshot: 'volume-1004',
    commit: 'lending-f2',
    trigger: 'manual',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'regression_l1'],
      ['num_leaves', '15'],
      ['learning_rate', '0.05'],
      ['n_estimators', '400'],
      ['lags', '7,28'],
      ['horizon_days', '28'],
    ],
    primary: 0.097,
    note: 'Global LightGBM with lag and rolling features.',
  },
  {
    key: 'volume-v3',
    model: 'application-volume-forecast',
    name: 'lgbm-lag-rate-changes',
    user: 'marcus.chen',
    start: '2026-11-16T08:30',
    minutes: 9,
    snapshot: 'volume-1115',
    commit: 'lending-f3',
    trigger: 'manual',
    framework: 'lightgbm',
    params: [
      ['model_type', 'lightgbm'],
      ['objective', 'regression_l1'],
      ['num_leaves', '15'],
      ['learning_rate', '0.05'],
      ['n_estimators', '450'],
      ['lags', '7,28'],
      ['horizon_days', '28'],
    ],
    primary: 0.091,
    note: 'Adds base-rate changes; registered, not requested yet.',
  },
  // doc-classifier — Lending, low risk (DVC project lending-docs)
  {
    key: 'doc-v1',
    model: 'doc-classifier',
    name: 'tfidf-logreg',
    user: 'marcus.chen',
    start: '2026-09-22T09:00',
    minutes: 22,
    snapshot: 'docs-dvc',
    commit: 'docs@a41f0c2',
    trigger: 'dvc-repro',
    framework: 'sklearn',
    params: [
      ['model', 'tfidf-logreg'],
      ['max_features', '50000'],
      ['ngram_max', '2'],
      ['C', '4.0'],
    ],
    primary: 0.884,
    note: 'TF-IDF on OCR text with logistic regression. Trained by `dvc repro` (stage train).',
  },
  {
    key: 'doc-v2',
    model: 'doc-classifier',
    name: 'tfidf-lgbm',
    user: 'marcus.chen',
    start: '2026-11-13T10:00',
    minutes: 35,
    snapshot: 'docs-dvc',
    commit: 'docs@e7b21d9',
    trigger: 'dvc-repro',
    framework: 'lightgbm',
    params: [
      ['model', 'tfidf-lgbm'],
      ['max_features', '50000'],
      ['ngram_max', '2'],
      ['num_leaves', '63'],
      ['n_estimators', '400'],
      ['learning_rate', '0.05'],
    ],
    primary: 0.912,
    note: 'Same DVC data snapshot as v1; LightGBM on the TF-IDF features.',
  },
  // churn-predictor — Growth, medium risk
  {
    key: 'churn-v1',
    model: 'churn-predictor',
    name: 'logreg-baseline',
    user: 'aisha.bello',
    start: '2026-09-05T10:30',
    minutes: 7,
    snapshot: 'churn-0904',
    commit: 'growth-h1',
    trigger: 'manual',
    framework: 'sklearn',
    params: [
      ['model_type', 'LogisticRegression'],
      ['C', '1.0'],
      ['class_weight', 'balanced'],
      ['feature_set', 'v1'],
    ],
    primary: 0.7421,
    note: 'Interpretable baseline for the Q4 retention campaign.',
  },
  {
    key: 'churn-v2',
    model: 'churn-predictor',
    name: 'rf-usage-features',
    user: 'aisha.bello',
    start: '2026-09-26T13:15',
    minutes: 28,
    snapshot: 'churn-0925',
    commit: 'growth-h2',
    trigger: 'manual',
    framework: 'sklearn',
    params: [
      ['model_type', 'RandomForestClassifier'],
      ['n_estimators', '500'],
      ['max_depth', '12'],
      ['min_samples_leaf', '50'],
      ['feature_set', 'v2'],
    ],
    primary: 0.7698,
    note: 'Adds app logins, card spend and support tickets.',
  },
  {
    key: 'churn-v3',
    model: 'churn-predictor',
    name: 'catboost-demographics',
    user: 'aisha.bello',
    start: '2026-10-20T09:50',
    minutes: 47,
    snapshot: 'churn-1019',
    commit: 'growth-h3',
    trigger: 'manual',
    framework: 'catboost',
    params: [
      ['model_type', 'catboost'],
      ['depth', '6'],
      ['iterations', '1500'],
      ['learning_rate', '0.04'],
      ['feature_set', 'v3-demographics'],
    ],
    primary: 0.7912,
    note: 'CatBoost with usage features and age_band.',
  },
  {
    key: 'churn-sweep',
    model: 'churn-predictor',
    name: 'catboost-no-age-band',
    user: 'aisha.bello',
    start: '2026-10-29T11:20',
    minutes: 45,
    snapshot: 'churn-1019',
    commit: 'growth-h3b',
    trigger: 'manual',
    framework: 'catboost',
    params: [
      ['model_type', 'catboost'],
      ['depth', '6'],
      ['iterations', '1500'],
      ['learning_rate', '0.04'],
      ['feature_set', 'v3-without-age-band'],
    ],
    primary: 0.7836,
    note: 'v3 without age_band, after the rejection: −0.8 AUC points. Not registered.',
  },
  {
    key: 'churn-v4',
    model: 'churn-predictor',
    name: 'catboost-fairness-reviewed',
    user: 'aisha.bello',
    start: '2026-11-06T09:15',
    minutes: 49,
    snapshot: 'churn-1105',
    commit: 'growth-h4',
    trigger: 'manual',
    framework: 'catboost',
    params: [
      ['model_type', 'catboost'],
      ['depth', '6'],
      ['iterations', '1600'],
      ['learning_rate', '0.04'],
      ['feature_set', 'v4-no-demographics'],
    ],
    primary: 0.7865,
    note: 'age_band removed after the model-risk rejection of v3; fairness review FR-031 attached.',
  },
  // offer-pricing — Growth, medium risk
  {
    key: 'offer-v1',
    model: 'offer-pricing',
    name: 'tlearner-lgbm-baseline',
    user: 'aisha.bello',
    start: '2026-09-09T15:00',
    minutes: 19,
    snapshot: 'offer-0908',
    commit: 'growth-o1',
    trigger: 'manual',
    framework: 'econml',
    params: [
      ['meta_learner', 'TLearner'],
      ['base_learner', 'lightgbm'],
      ['n_estimators', '300'],
      ['treatment', 'offered_discount_bp'],
      ['discount_grid_bp', '0,25,50,100,150'],
    ],
    primary: 0.041,
    note: 'T-learner baseline on the randomised offer experiments.',
  },
  {
    key: 'offer-v2',
    model: 'offer-pricing',
    name: 'xlearner-rate-gap',
    user: 'aisha.bello',
    start: '2026-10-02T10:45',
    minutes: 27,
    snapshot: 'offer-1001',
    commit: 'growth-o2',
    trigger: 'manual',
    framework: 'econml',
    params: [
      ['meta_learner', 'XLearner'],
      ['base_learner', 'lightgbm'],
      ['n_estimators', '400'],
      ['treatment', 'offered_discount_bp'],
      ['discount_grid_bp', '0,25,50,100,150'],
    ],
    primary: 0.058,
    note: 'X-learner with the competitor rate gap.',
  },
  {
    key: 'offer-sweep',
    model: 'offer-pricing',
    name: 'xlearner-rate-gap-deeper',
    user: 'aisha.bello',
    start: '2026-10-02T14:30',
    minutes: 31,
    snapshot: 'offer-1001',
    commit: 'growth-o2',
    trigger: 'manual',
    framework: 'econml',
    params: [
      ['meta_learner', 'XLearner'],
      ['base_learner', 'lightgbm'],
      ['n_estimators', '800'],
      ['treatment', 'offered_discount_bp'],
      ['discount_grid_bp', '0,25,50,100,150'],
    ],
    primary: 0.054,
    note: 'Sweep: more trees, no gain. Not registered.',
  },
  {
    key: 'offer-v3',
    model: 'offer-pricing',
    name: 'xlearner-segment-calibrated',
    user: 'aisha.bello',
    start: '2026-10-16T09:05',
    minutes: 29,
    snapshot: 'offer-1015',
    commit: 'growth-o3',
    trigger: 'manual',
    framework: 'econml',
    params: [
      ['meta_learner', 'XLearner'],
      ['base_learner', 'lightgbm'],
      ['n_estimators', '400'],
      ['treatment', 'offered_discount_bp'],
      ['discount_grid_bp', '0,25,50,100,150'],
      ['calibration', 'per-segment'],
    ],
    primary: 0.066,
    note: 'Per-segment calibration of the uplift estimates.',
  },
  {
    key: 'offer-v4',
    model: 'offer-pricing',
    name: 'xlearner-holiday-push',
    user: 'aisha.bello',
    start: '2026-11-09T16:10',
    minutes: 33,
    snapshot: 'offer-1108',
    commit: 'growth-o4',
    branch: 'experiment/holiday-push',
    trigger: 'manual',
    framework: 'econml',
    params: [
      ['meta_learner', 'XLearner'],
      ['base_learner', 'lightgbm'],
      ['n_estimators', '400'],
      ['treatment', 'offered_discount_bp'],
      ['discount_grid_bp', '0,25,50,100,150,200'],
      ['calibration', 'per-segment'],
    ],
    primary: 0.071,
    note: 'Wider discount range (up to 200 bp) for the holiday campaign.',
  },
  // support-ticket-router — Growth, low risk
  {
    key: 'router-v1',
    model: 'support-ticket-router',
    name: 'tfidf-linear-svm',
    user: 'aisha.bello',
    start: '2026-09-15T08:40',
    minutes: 16,
    snapshot: 'router-0914',
    commit: 'growth-r1',
    trigger: 'manual',
    framework: 'sklearn',
    params: [
      ['model_type', 'LinearSVC'],
      ['C', '0.8'],
      ['max_features', '80000'],
      ['ngram_max', '2'],
    ],
    primary: 0.861,
    note: 'Linear SVM on TF-IDF of subject and body.',
  },
  {
    key: 'router-v2',
    model: 'support-ticket-router',
    name: 'distilbert-finetune',
    user: 'aisha.bello',
    start: '2026-10-13T07:30',
    minutes: 118,
    snapshot: 'router-1012',
    commit: 'growth-r2',
    trigger: 'manual',
    framework: 'transformers',
    params: [
      ['base_model', 'distilbert-base-multilingual-cased'],
      ['epochs', '4'],
      ['learning_rate', '3e-05'],
      ['batch_size', '32'],
      ['max_seq_length', '256'],
    ],
    primary: 0.903,
    note: 'Fine-tuned multilingual DistilBERT; CPU inference p95 85 ms.',
  },
];

const runSpec = (key: string): RunSpec =>
  must(
    RUNS.find((r) => r.key === key),
    `run ${key}`,
  );

const PRIMARY_METRIC: Record<ModelType, string> = {
  'binary-classifier': 'val_auc',
  'multiclass-classifier': 'val_macro_f1',
  forecaster: 'val_mape',
  'uplift-model': 'val_qini',
};

const CURVE_STEPS: Record<Framework, number> = {
  lightgbm: 20,
  xgboost: 20,
  catboost: 20,
  sklearn: 1,
  prophet: 1,
  transformers: 8,
  econml: 1,
};

const FLAVORS: Record<Framework, { loader: string; flavor: Record<string, unknown> }> = {
  lightgbm: {
    loader: 'mlflow.lightgbm',
    flavor: { lightgbm: { lgb_version: '4.5.0', data: 'model.lgb', model_class: 'lightgbm.sklearn.LGBMClassifier', code: null } },
  },
  xgboost: {
    loader: 'mlflow.xgboost',
    flavor: {
      xgboost: { xgb_version: '2.1.1', data: 'model.xgb', model_class: 'xgboost.sklearn.XGBClassifier', model_format: 'xgb', code: null },
    },
  },
  catboost: {
    loader: 'mlflow.catboost',
    flavor: { catboost: { catboost_version: '1.2.7', data: 'model.cb', model_type: 'CatBoostClassifier', save_format: 'cbm', code: null } },
  },
  sklearn: {
    loader: 'mlflow.sklearn',
    flavor: { sklearn: { pickled_model: 'model.pkl', sklearn_version: '1.5.2', serialization_format: 'cloudpickle', code: null } },
  },
  prophet: {
    loader: 'mlflow.prophet',
    flavor: { prophet: { prophet_version: '1.1.6', model_type: 'Prophet', code: null } },
  },
  transformers: {
    loader: 'mlflow.transformers',
    flavor: { transformers: { transformers_version: '4.46.2', task: 'text-classification', framework: 'pt', code: null } },
  },
  econml: {
    loader: 'mlflow.pyfunc.model',
    flavor: {},
  },
};

interface KV {
  key: string;
  value: string;
}
interface MetricOut {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}
interface DatasetInputOut {
  tags: KV[];
  dataset: { name: string; digest: string; source_type: string; source: string; schema: string; profile?: string };
}
interface RunOut {
  info: {
    run_uuid: string;
    experiment_id: string;
    run_name: string;
    user_id: string;
    status: RunStatus;
    start_time: number;
    end_time: number;
    artifact_uri: string;
    lifecycle_stage: 'active';
    run_id: string;
  };
  data: { metrics: MetricOut[]; params: KV[]; tags: KV[] };
  inputs: { dataset_inputs: DatasetInputOut[] };
}

interface BuiltRun {
  spec: RunSpec;
  runId: string;
  commit: string;
  out: RunOut;
  histories: { run_id: string; metric_key: string; metrics: MetricOut[] }[];
}

function commitSha(label: string): string {
  const [, short] = label.split('@');
  const rng = new Rng(`commit:${label}`);
  return short ? `${short}${rng.hex(40 - short.length)}` : rng.hex(40);
}

const kv = (pairs: [string, string][]): KV[] => pairs.map(([key, value]) => ({ key, value }));

function finalMetrics(spec: RunSpec, value: number, rng: Rng): [string, number][] {
  const type = modelSpec(spec.model).modelType;
  const jitter = (size: number): number => rng.uniform(-size, size);
  switch (type) {
    case 'binary-classifier': {
      const auc = value - rng.uniform(0.0005, 0.003);
      const shape: Record<string, { p: number; r: number; loss: number }> = {
        'card-fraud-blocker': { p: 0.62 + 2.6 * (auc - 0.9), r: 0.55 + 4.2 * (auc - 0.9), loss: 0.0121 - 0.03 * (auc - 0.9) },
        'application-fraud-detector': { p: 0.48 + 2.1 * (auc - 0.85), r: 0.52 + 2.9 * (auc - 0.85), loss: 0.091 - 0.2 * (auc - 0.85) },
        'merchant-risk-score': { p: 0.41 + 1.8 * (auc - 0.8), r: 0.49 + 2.2 * (auc - 0.8), loss: 0.162 - 0.3 * (auc - 0.8) },
        'credit-approval-scorer': { p: 0.24 + 1.1 * (auc - 0.74), r: 0.51 + 1.6 * (auc - 0.74), loss: 0.224 - 0.4 * (auc - 0.74) },
        'churn-predictor': { p: 0.29 + 1.2 * (auc - 0.74), r: 0.47 + 1.5 * (auc - 0.74), loss: 0.318 - 0.5 * (auc - 0.74) },
      };
      const s = must(shape[spec.model], `metric shape of ${spec.model}`);
      const precision = s.p + jitter(0.004);
      const recall = s.r + jitter(0.004);
      const out: [string, number][] = [
        ['auc', auc],
        ['precision', precision],
        ['recall', recall],
        ['f1', (2 * precision * recall) / (precision + recall)],
        ['log_loss', s.loss + jitter(0.001)],
      ];
      if (spec.model === 'card-fraud-blocker') out.push(['recall_at_1pct_fpr', 0.38 + 5.4 * (auc - 0.9) + jitter(0.003)]);
      if (spec.model === 'credit-approval-scorer') {
        const gini = 2 * auc - 1;
        out.push(
          ['gini', gini],
          ['ks_statistic', 0.77 * gini + jitter(0.005)],
          ['brier_score', 0.061 - 0.05 * (auc - 0.74) + jitter(0.0008)],
        );
      }
      if (spec.model === 'churn-predictor') out.push(['lift_at_10pct', 1 + 7.2 * (auc - 0.5) + jitter(0.03)]);
      return out;
    }
    case 'multiclass-classifier':
      return [
        ['accuracy', value + 0.024 + jitter(0.003)],
        ['macro_f1', value - 0.002 + jitter(0.001)],
        ['weighted_f1', value + 0.017 + jitter(0.003)],
      ];
    case 'forecaster':
      return [
        ['mape', value + 0.004 + jitter(0.002)],
        ['rmse', 41.5 * (value / 0.1) + jitter(1.5)],
        ['mae', 29.8 * (value / 0.1) + jitter(1.2)],
        ['bias', jitter(6)],
      ];
    case 'uplift-model':
      return [
        ['qini', value - 0.002 + jitter(0.001)],
        ['auuc', 0.512 + 1.8 * value + jitter(0.004)],
        ['uplift_at_20pct', 0.9 * value + jitter(0.002)],
      ];
  }
}

function buildRun(spec: RunSpec, snapshots: Map<string, Snapshot>): BuiltRun {
  const model = modelSpec(spec.model);
  const rng = new Rng(`run:${spec.key}`);
  const runId = new Rng(`run-id:${spec.key}`).hex(32);
  const commit = commitSha(spec.commit);
  const status: RunStatus = spec.status ?? 'FINISHED';
  const start = ms(spec.start, `start:${spec.key}`);
  const end = start + spec.minutes * MINUTE + rng.int(0, 59_999);
  const snapshot = must(snapshots.get(spec.snapshot), `snapshot ${spec.snapshot}`);
  check(snapshot.model === spec.model, `${spec.key} trains ${spec.model} on a snapshot of ${snapshot.model}`);
  check(start > Date.parse(`${snapshot.date}T06:00:00Z`), `${spec.key} starts before its data snapshot exists`);

  // Curves: the primary validation metric and the training loss, one point per step.
  const primaryKey = PRIMARY_METRIC[model.modelType];
  const lowerIsBetter = model.modelType === 'forecaster';
  const totalSteps = CURVE_STEPS[spec.framework];
  const steps = status === 'FINISHED' ? totalSteps : Math.min(totalSteps, must(spec.loggedSteps, `loggedSteps of ${spec.key}`));
  const span = (end - start) * 0.85;
  const gap = lowerIsBetter ? 0.09 : model.modelType === 'uplift-model' ? 0.035 : 0.11;
  const startValue = lowerIsBetter ? spec.primary + gap : spec.primary - gap;
  const lossEnd = rng.uniform(0.08, 0.3);
  const lossStart = lossEnd + rng.uniform(0.35, 0.5);
  const curve = (i: number, from: number, to: number, noise: number): number => {
    if (totalSteps === 1) return to;
    const t = i / (totalSteps - 1);
    const base = to + (from - to) * Math.exp(-4 * t) - (from - to) * Math.exp(-4) * t;
    return i === totalSteps - 1 ? to : base + rng.uniform(-noise, noise);
  };
  const primaryCurve: MetricOut[] = [];
  const lossCurve: MetricOut[] = [];
  for (let i = 0; i < steps; i++) {
    const timestamp = start + Math.round(((i + 1) * span) / totalSteps);
    primaryCurve.push({ key: primaryKey, value: round(curve(i, startValue, spec.primary, 0.0015)), timestamp, step: i });
    lossCurve.push({ key: 'train_loss', value: round(curve(i, lossStart, lossEnd, 0.004)), timestamp, step: i });
  }
  const metrics: MetricOut[] = [must(primaryCurve[primaryCurve.length - 1], 'curve'), must(lossCurve[lossCurve.length - 1], 'curve')];
  if (status === 'FINISHED') {
    const finalAt = end - 30_000 - rng.int(0, 9_999);
    for (const [key, value] of finalMetrics(spec, spec.primary, rng))
      metrics.push({ key, value: round(value), timestamp: finalAt, step: 0 });
  }

  const schema = JSON.stringify({ mlflow_colspec: snapshot.columns.map((c) => ({ type: c.type, name: c.name, required: true })) });
  const dataset = (context: 'training' | 'evaluation'): DatasetInputOut => {
    const training = context === 'training';
    const rows = training ? snapshot.trainRows : snapshot.holdoutRows;
    const uri = training ? snapshot.trainUri : snapshot.holdoutUri;
    const base = {
      name: training ? snapshot.trainDataset : snapshot.holdoutDataset,
      digest: training ? snapshot.trainDigest : snapshot.holdoutDigest,
      source_type: snapshot.sourceType,
      source: snapshot.pipeline === 'dvc' ? JSON.stringify({ uri }) : JSON.stringify({ url: uri, uri }),
      schema,
    };
    return {
      tags: [{ key: 'mlflow.data.context', value: context }],
      // Datasets logged through mlflow.data.meta_dataset (the DVC project) carry no profile.
      dataset:
        snapshot.pipeline === 'dvc'
          ? base
          : {
              ...base,
              profile: JSON.stringify({ num_rows: rows, num_elements: rows * snapshot.columns.length, snapshot_date: snapshot.date }),
            },
    };
  };

  const sourceType = spec.sourceType ?? (spec.trigger === 'manual' ? 'LOCAL' : 'JOB');
  const tags: [string, string][] = [
    ['mlflow.user', spec.user],
    ['mlflow.runName', spec.name],
    ['mlflow.source.name', model.entryPoint],
    ['mlflow.source.type', sourceType],
    ['mlflow.source.git.commit', commit],
    ['mlflow.source.git.branch', spec.branch ?? 'main'],
    ['mlflow.source.git.repoURL', model.repo],
    ['mlflow.note.content', spec.note],
    ['framework', spec.framework],
    ['trigger', spec.trigger],
  ];
  if (status === 'FINISHED') {
    const created = isoZ(end - 60_000)
      .replace('T', ' ')
      .replace('Z', '000');
    const flavor = FLAVORS[spec.framework];
    const flavors =
      spec.framework === 'econml'
        ? {
            python_function: {
              loader_module: flavor.loader,
              python_model: 'python_model.pkl',
              python_version: '3.11.9',
              env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
            },
          }
        : {
            python_function: {
              loader_module: flavor.loader,
              python_version: '3.11.9',
              env: { conda: 'conda.yaml', virtualenv: 'python_env.yaml' },
            },
            ...flavor.flavor,
          };
    tags.push([
      'mlflow.log-model.history',
      JSON.stringify([
        {
          run_id: runId,
          artifact_path: 'model',
          utc_time_created: created,
          flavors,
          model_uuid: new Rng(`model-uuid:${spec.key}`).hex(32),
        },
      ]),
    ]);
  }

  const out: RunOut = {
    info: {
      run_uuid: runId,
      experiment_id: model.experimentId,
      run_name: spec.name,
      user_id: spec.user,
      status,
      start_time: start,
      end_time: end,
      artifact_uri: `mlflow-artifacts:/${model.experimentId}/${runId}/artifacts`,
      lifecycle_stage: 'active',
      run_id: runId,
    },
    data: { metrics, params: kv(spec.params), tags: kv(tags) },
    inputs: { dataset_inputs: [dataset('training'), dataset('evaluation')] },
  };
  return {
    spec,
    runId,
    commit,
    out,
    histories: [
      { run_id: runId, metric_key: primaryKey, metrics: primaryCurve },
      { run_id: runId, metric_key: 'train_loss', metrics: lossCurve },
    ],
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Registry: model versions, and every change a real registry went through, replayed in time
// ─────────────────────────────────────────────────────────────────────────────────────────────

interface VersionSpec {
  model: string;
  version: number;
  run: string;
  created: string;
  description: string;
  /** 'none': registered without tags (the version then has no `tags` key at all, as MLflow sends it). */
  tags: 'none' | { status: string; card: boolean; omitCard?: string[] };
}

const MODEL_CARD_TEXT: Record<string, { intended_use: string; limitations?: string }> = {
  'card-fraud-blocker': {
    intended_use: 'Real-time decline / 3-D Secure step-up decisions on card authorizations.',
    limitations: 'Not validated for commercial cards; merchants onboarded less than 30 days ago have no chargeback history.',
  },
  'application-fraud-detector': {
    intended_use: 'Hold suspicious loan and card applications for a manual identity check.',
    limitations: 'Not validated on broker-channel applications; identity-graph features need 24 h of history.',
  },
  'credit-approval-scorer': {
    intended_use: 'Approve / refer / decline unsecured personal loans up to EUR 50,000.',
    limitations: 'Thin-file applicants (fewer than 2 trades) are referred, not scored. Not for secured or SME lending.',
  },
  'merchant-risk-score': { intended_use: 'Set merchant monitoring levels (daily batch).' },
  'churn-predictor': { intended_use: 'Rank current-account customers for retention calls. Not for pricing or credit decisions.' },
  'offer-pricing': { intended_use: 'Choose the promotional discount on savings and balance-transfer offers in the app.' },
};

const VERSIONS: VersionSpec[] = [
  {
    model: 'card-fraud-blocker',
    version: 1,
    run: 'card-v1',
    created: '2026-09-02T15:10',
    description: 'LightGBM baseline (authorization, merchant category, tenure). Benchmark only.',
    tags: { status: 'benchmark', card: false },
  },
  {
    model: 'card-fraud-blocker',
    version: 2,
    run: 'card-v2',
    created: '2026-09-08T10:40',
    description: 'Adds 1-hour velocity and device age. Replaces the static card-not-present rules.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'card-fraud-blocker',
    version: 3,
    run: 'card-v3',
    created: '2026-09-17T16:02',
    description: 'Merchant chargeback rate and distance from home; challenger in shadow.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'card-fraud-blocker',
    version: 4,
    run: 'card-v4',
    created: '2026-09-24T10:50',
    description: 'Card–merchant pair history (first-seen pairs are the strongest new signal).',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'card-fraud-blocker',
    version: 5,
    run: 'card-v5',
    created: '2026-11-12T08:30',
    description: 'Retrained on the last 6 weeks after the BNPL launch shifted the merchant mix. AUC below the v4 level.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'application-fraud-detector',
    version: 1,
    run: 'app-v1',
    created: '2026-09-08T11:02',
    description: 'XGBoost baseline on application fields.',
    tags: { status: 'benchmark', card: false },
  },
  {
    model: 'application-fraud-detector',
    version: 2,
    run: 'app-v2',
    created: '2026-09-25T10:31',
    description: 'Adds device fingerprint sharing and proxy signals.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'application-fraud-detector',
    version: 3,
    run: 'app-v3',
    created: '2026-10-27T14:40',
    description: 'Identity-graph features against the synthetic-identity ring (INC-4471).',
    tags: { status: 'pending', card: true, omitCard: ['limitations'] },
  },
  {
    model: 'merchant-risk-score',
    version: 1,
    run: 'merchant-v1',
    created: '2026-09-03T11:20',
    description: 'Baseline merchant risk model.',
    tags: { status: 'benchmark', card: false },
  },
  {
    model: 'merchant-risk-score',
    version: 2,
    run: 'merchant-v2',
    created: '2026-09-17T11:05',
    description: '90-day chargeback and refund rates.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'credit-approval-scorer',
    version: 1,
    run: 'credit-v1',
    created: '2026-09-04T09:30',
    description: 'Logistic WOE scorecard: the regulatory benchmark, not for release.',
    tags: { status: 'benchmark', card: false },
  },
  {
    model: 'credit-approval-scorer',
    version: 2,
    run: 'credit-v2',
    created: '2026-09-09T10:05',
    description: 'Monotonic GBM on bureau features; SHAP reason codes.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'credit-approval-scorer',
    version: 3,
    run: 'credit-v3',
    created: '2026-09-21T11:20',
    description: 'Adds the prior-Northwind-loan flag.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'credit-approval-scorer',
    version: 4,
    run: 'credit-v4',
    created: '2026-09-28T10:45',
    description: 'v3 recalibrated on Q3 2025 vintages.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'credit-approval-scorer',
    version: 5,
    run: 'credit-v5',
    created: '2026-11-10T11:40',
    description: 'Adds consented open-banking cash-flow features (net monthly inflow, income volatility).',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'application-volume-forecast',
    version: 1,
    run: 'volume-v1',
    created: '2026-09-10T12:20',
    description: 'Prophet baseline with weekly seasonality.',
    tags: { status: 'benchmark', card: false },
  },
  {
    model: 'application-volume-forecast',
    version: 2,
    run: 'volume-v2',
    created: '2026-10-05T09:25',
    description: 'LightGBM with lag features: MAPE 14% → 10%.',
    tags: { status: 'pending', card: false },
  },
  {
    model: 'application-volume-forecast',
    version: 3,
    run: 'volume-v3',
    created: '2026-11-16T09:12',
    description: 'Adds base-rate changes.',
    tags: { status: 'pending', card: false },
  },
  {
    model: 'doc-classifier',
    version: 1,
    run: 'doc-v1',
    created: '2026-09-22T09:30',
    description: 'TF-IDF + logistic regression (DVC lending-docs @ a41f0c2).',
    tags: { status: 'pending', card: false },
  },
  {
    model: 'doc-classifier',
    version: 2,
    run: 'doc-v2',
    created: '2026-11-13T10:45',
    description: 'TF-IDF + LightGBM on the same data (DVC lending-docs @ e7b21d9).',
    tags: { status: 'pending', card: false },
  },
  {
    model: 'churn-predictor',
    version: 1,
    run: 'churn-v1',
    created: '2026-09-05T10:45',
    description: 'Interpretable logistic baseline.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'churn-predictor',
    version: 2,
    run: 'churn-v2',
    created: '2026-09-26T13:50',
    description: 'Random forest with usage features.',
    tags: { status: 'superseded', card: true },
  },
  {
    model: 'churn-predictor',
    version: 3,
    run: 'churn-v3',
    created: '2026-10-20T10:45',
    description: 'CatBoost with usage features and age band.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'churn-predictor',
    version: 4,
    run: 'churn-v4',
    created: '2026-11-06T10:10',
    description: 'CatBoost without age band; fairness review FR-031.',
    tags: { status: 'pending', card: true },
  },
  {
    model: 'offer-pricing',
    version: 1,
    run: 'offer-v1',
    created: '2026-09-09T15:25',
    description: 'T-learner baseline.',
    tags: { status: 'benchmark', card: false },
  },
  {
    model: 'offer-pricing',
    version: 2,
    run: 'offer-v2',
    created: '2026-10-02T11:20',
    description: 'X-learner with the competitor rate gap.',
    tags: { status: 'superseded', card: true },
  },
  {
    model: 'offer-pricing',
    version: 3,
    run: 'offer-v3',
    created: '2026-10-16T09:40',
    description: 'Per-segment calibrated X-learner.',
    tags: { status: 'pending', card: true },
  },
  // Registered in a hurry from a notebook: no tags at all, and nobody asked for a release.
  {
    model: 'offer-pricing',
    version: 4,
    run: 'offer-v4',
    created: '2026-11-09T17:05',
    description: 'Holiday push: discounts up to 200 bp.',
    tags: 'none',
  },
  // Registered with an empty description and no tags.
  { model: 'support-ticket-router', version: 1, run: 'router-v1', created: '2026-09-15T09:00', description: '', tags: 'none' },
  {
    model: 'support-ticket-router',
    version: 2,
    run: 'router-v2',
    created: '2026-10-13T09:40',
    description: 'Fine-tuned multilingual DistilBERT.',
    tags: { status: 'pending', card: false },
  },
];

const versionSpec = (model: string, version: number): VersionSpec =>
  must(
    VERSIONS.find((v) => v.model === model && v.version === version),
    `${model} v${version}`,
  );

// ── Governance: release requests and their decisions (story.json and registry ops come from here) ──

interface Decision {
  by: PersonId;
  role: Role;
  at: string;
  verdict: 'approve' | 'reject';
  comment: string;
  conditions?: string[];
}
interface WaiverSpec {
  by: PersonId;
  role: Role;
  at: string;
  check: string;
  missing: string[];
  justification: string;
  expires: string;
}
type Outcome = 'released' | 'released-with-waiver' | 'rejected' | 'waiting-for-last-sign-off' | 'blocked-by-evidence' | 'requested';
interface ReleaseSpec {
  model: string;
  version: number;
  by: PersonId;
  at: string;
  note: string;
  decisions: Decision[];
  waiver?: WaiverSpec;
  releasedAt?: string;
  outcome: Outcome;
}

const approve = (by: PersonId, role: Role, at: string, comment: string, conditions?: string[]): Decision => ({
  by,
  role,
  at,
  verdict: 'approve',
  comment,
  ...(conditions ? { conditions } : {}),
});

const RELEASES: ReleaseSpec[] = [
  {
    model: 'churn-predictor',
    version: 1,
    by: 'aisha.bello',
    at: '2026-09-08T10:05',
    note: 'Baseline churn model for the Q4 retention campaign. Logistic regression, fully interpretable.',
    decisions: [
      approve(
        'marcus.chen',
        'ml-engineering',
        '2026-09-09T14:30',
        'Reproduced from the run’s commit and data snapshot; weekly batch job ready.',
      ),
      approve('helen.fischer', 'compliance', '2026-09-10T09:12', 'Features reviewed: no protected characteristics; retention calls only.'),
    ],
    releasedAt: '2026-09-11T08:00',
    outcome: 'released',
  },
  {
    model: 'card-fraud-blocker',
    version: 2,
    by: 'priya.raman',
    at: '2026-09-09T10:00',
    note: 'First ML version to replace the static card-not-present rules. Shadow results attached.',
    decisions: [
      approve(
        'marcus.chen',
        'ml-engineering',
        '2026-09-10T11:20',
        'Lineage complete from snapshot to version. p99 latency 31 ms in shadow.',
      ),
      approve('dana.okafor', 'ops', '2026-09-11T15:40', 'Runbook RB-071 updated; alert on decline rate in place.', [
        'The rules engine stays as fallback for 30 days.',
      ]),
      approve('helen.fischer', 'compliance', '2026-09-14T09:30', 'Validation report MRV-2026-014 complete; no finding above low.'),
    ],
    releasedAt: '2026-09-15T13:00',
    outcome: 'released',
  },
  {
    model: 'credit-approval-scorer',
    version: 2,
    by: 'jonah.lindqvist',
    at: '2026-09-10T09:00',
    note: 'Monotonic GBM replacing the WOE scorecard (v1 stays as benchmark). SHAP reason codes reviewed with Legal.',
    decisions: [
      approve(
        'marcus.chen',
        'ml-engineering',
        '2026-09-11T10:10',
        'Monotone constraints verified in the logged params; reason-code service tested.',
      ),
      approve('dana.okafor', 'ops', '2026-09-14T16:00', 'Canary plan agreed.', ['Canary at 10% of applications for 7 days.']),
      approve(
        'helen.fischer',
        'compliance',
        '2026-09-16T11:45',
        'Independent validation MRV-2026-015: discrimination and calibration acceptable; gap to the benchmark documented.',
        ['Quarterly back-testing report to Model Risk.'],
      ),
    ],
    releasedAt: '2026-09-17T08:30',
    outcome: 'released',
  },
  {
    model: 'merchant-risk-score',
    version: 2,
    by: 'priya.raman',
    at: '2026-09-18T14:00',
    note: 'Adds 90-day refund behaviour; batch only.',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-09-19T10:00', 'Batch job reproducible from the snapshot.'),
      approve('helen.fischer', 'compliance', '2026-09-22T15:20', 'Medium tier; monitoring levels only. Fine.'),
    ],
    releasedAt: '2026-09-23T09:00',
    outcome: 'released',
  },
  {
    model: 'doc-classifier',
    version: 1,
    by: 'marcus.chen',
    at: '2026-09-23T09:30',
    note: 'Routes uploaded documents to underwriting queues; underwriters still open every document.',
    decisions: [approve('dana.okafor', 'ops', '2026-09-24T10:45', 'Internal endpoint; rollback is a feature flag.')],
    releasedAt: '2026-09-25T08:15',
    outcome: 'released',
  },
  {
    model: 'application-fraud-detector',
    version: 2,
    by: 'priya.raman',
    at: '2026-09-26T11:00',
    note: 'Device signals cut false positives by a fifth at the same recall.',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-09-29T09:40', 'Device features available at decision time; verified in lineage.'),
      approve('dana.okafor', 'ops', '2026-09-29T14:05', 'Manual-review queue sized for the new flag rate.'),
      approve('helen.fischer', 'compliance', '2026-09-30T16:30', 'Validation MRV-2026-017 complete.'),
    ],
    releasedAt: '2026-10-01T08:00',
    outcome: 'released',
  },
  {
    model: 'application-volume-forecast',
    version: 2,
    by: 'marcus.chen',
    at: '2026-10-06T10:00',
    note: 'LightGBM with lags: MAPE 14% → 10% on the last quarter.',
    decisions: [approve('dana.okafor', 'ops', '2026-10-07T09:00', 'Daily batch; planners keep the manual override.')],
    releasedAt: '2026-10-08T07:30',
    outcome: 'released',
  },
  {
    model: 'credit-approval-scorer',
    version: 4,
    by: 'jonah.lindqvist',
    at: '2026-09-29T09:15',
    note: 'Recalibration on Q3 2025 vintages; same features as v3 (which never shipped). v2’s calibration had drifted.',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-09-30T13:00', 'Same feature pipeline as v3; recalibration step reproducible.'),
      approve('dana.okafor', 'ops', '2026-10-01T10:30', 'Same serving path as v2; swap is a config change.'),
      approve('helen.fischer', 'compliance', '2026-10-02T15:10', 'Recalibration within the approved methodology (MRV-2026-015 addendum).'),
    ],
    releasedAt: '2026-10-03T08:00',
    outcome: 'released',
  },
  {
    model: 'support-ticket-router',
    version: 2,
    by: 'aisha.bello',
    at: '2026-10-13T15:00',
    note: 'DistilBERT: macro-F1 0.86 → 0.90. Agents can still re-route.',
    decisions: [approve('dana.okafor', 'ops', '2026-10-14T11:00', 'No GPU needed: CPU p95 85 ms; agents can re-route.')],
    releasedAt: '2026-10-15T08:00',
    outcome: 'released',
  },
  {
    model: 'card-fraud-blocker',
    version: 4,
    by: 'priya.raman',
    at: '2026-09-25T09:00',
    note: 'Card–merchant pair history: +0.9 AUC points over v2 and a fifth fewer false declines at the same recall.',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-09-28T10:20', 'Pair-history feature served from the online store; parity checked.'),
      approve('dana.okafor', 'ops', '2026-09-29T14:45', 'Shadow for 2 days showed no latency change.'),
      approve('helen.fischer', 'compliance', '2026-10-01T11:00', 'Validation MRV-2026-021 complete; limitations section reviewed.'),
    ],
    releasedAt: '2026-10-02T08:00',
    outcome: 'released',
  },
  {
    model: 'offer-pricing',
    version: 3,
    by: 'aisha.bello',
    at: '2026-10-19T10:00',
    note: 'Per-segment calibrated uplift; discount range unchanged (0–150 bp).',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-10-20T14:00', 'Reproducible; offer service reads the champion alias.'),
      approve('helen.fischer', 'compliance', '2026-10-21T09:30', 'Discount range unchanged; consumer-protection review still holds.', [
        'Discounts stay within 0–150 bp.',
      ]),
    ],
    releasedAt: '2026-10-22T08:00',
    outcome: 'released',
  },
  {
    model: 'churn-predictor',
    version: 3,
    by: 'aisha.bello',
    at: '2026-10-22T10:30',
    note: 'CatBoost with usage and demographic features: +4.9 AUC points over v1.',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-10-23T09:45', 'Reproducible; batch job unchanged.'),
      {
        by: 'helen.fischer',
        role: 'compliance',
        at: '2026-10-27T16:20',
        verdict: 'reject',
        comment:
          'age_band is a protected characteristic used directly as a feature. Remove it, or attach a fairness review ' +
          'showing no adverse impact by age. Better AUC alone does not justify it.',
      },
    ],
    outcome: 'rejected',
  },
  {
    model: 'application-fraud-detector',
    version: 3,
    by: 'priya.raman',
    at: '2026-10-30T09:00',
    note:
      'Closes the synthetic-identity pattern behind INC-4471 (EUR 310k exposure so far). The model card’s limitations ' +
      'section needs the post-incident analysis, due end of November.',
    decisions: [
      approve(
        'marcus.chen',
        'ml-engineering',
        '2026-11-03T10:15',
        'Identity-graph features are available at decision time; verified in lineage.',
      ),
      approve('dana.okafor', 'ops', '2026-11-04T13:30', 'Manual-review queue can absorb +15% flags.'),
      approve('helen.fischer', 'compliance', '2026-11-07T10:05', 'Approved under waiver W-2026-003 (model card limitations).', [
        'Model card limitations completed by 2026-12-01.',
        'Weekly false-positive review with Fraud Ops until then.',
      ]),
    ],
    waiver: {
      by: 'helen.fischer',
      role: 'compliance',
      at: '2026-11-07T10:00',
      check: 'model-card:model_card.limitations',
      missing: ['limitations'],
      justification:
        'An active fraud ring (INC-4471) exploits the gap v3 closes; waiting a month for the post-incident analysis ' +
        'costs more than releasing with an incomplete model card. The limitations section is due 2026-12-01 and the ' +
        'waiver lapses then.',
      expires: '2026-12-01T00:00',
    },
    releasedAt: '2026-11-10T08:00',
    outcome: 'released-with-waiver',
  },
  {
    model: 'churn-predictor',
    version: 4,
    by: 'aisha.bello',
    at: '2026-11-06T15:30',
    note: 'v3 without age_band. Fairness review FR-031 attached: no adverse impact by age band at the chosen cut-off.',
    decisions: [
      approve('marcus.chen', 'ml-engineering', '2026-11-09T10:00', 'Same pipeline as v3 minus one feature; reproducible.'),
      approve('helen.fischer', 'compliance', '2026-11-10T14:00', 'FR-031 reviewed; acceptable.'),
    ],
    releasedAt: '2026-11-11T08:00',
    outcome: 'released',
  },
  {
    model: 'credit-approval-scorer',
    version: 5,
    by: 'jonah.lindqvist',
    at: '2026-11-11T10:00',
    note: 'Two consented open-banking cash-flow features: +0.75 AUC points and fewer thin-file referrals.',
    decisions: [
      approve(
        'marcus.chen',
        'ml-engineering',
        '2026-11-12T11:30',
        'Feature pipeline and consent flag verified in lineage (snapshot 2026-11-05).',
      ),
      approve('dana.okafor', 'ops', '2026-11-13T16:10', 'Fallback to v4 tested in staging.', [
        'Canary at 10% of applications for 7 days.',
        'If the open-banking API is down, score with v4.',
      ]),
    ],
    outcome: 'waiting-for-last-sign-off',
  },
  {
    model: 'card-fraud-blocker',
    version: 5,
    by: 'priya.raman',
    at: '2026-11-13T09:30',
    note:
      'v4 has been drifting since the BNPL partner launch on 2026-10-28. v5 is retrained on the last 6 weeks only; its ' +
      'val_auc (0.919) is under the 0.93 bar. Asking whether an interim release beats a drifting v4.',
    decisions: [
      approve(
        'marcus.chen',
        'ml-engineering',
        '2026-11-14T10:00',
        'Reproducible from the snapshot and commit. The AUC shortfall is a model-risk decision, not an engineering one.',
      ),
      approve('dana.okafor', 'ops', '2026-11-14T15:30', 'Operable.', ['Shadow for 48 h before any traffic.']),
    ],
    outcome: 'blocked-by-evidence',
  },
  {
    model: 'doc-classifier',
    version: 2,
    by: 'marcus.chen',
    at: '2026-11-14T11:00',
    note: 'Same DVC data snapshot as v1, LightGBM on TF-IDF: macro-F1 0.884 → 0.912.',
    decisions: [],
    outcome: 'requested',
  },
];

/** Registry changes that are not releases: housekeeping, retirements, monitoring tags, and the alias nobody approved. */
type RegistryOp =
  | { at: string; kind: 'stage'; model: string; version: number; stage: string; archiveExisting?: boolean }
  | { at: string; kind: 'alias'; model: string; alias: string; version: number }
  | { at: string; kind: 'unalias'; model: string; alias: string }
  | { at: string; kind: 'vtag'; model: string; version: number; key: string; value: string }
  | { at: string; kind: 'mtag'; model: string; key: string; value: string }
  | { at: string; kind: 'mdesc'; model: string; description: string };

const MANUAL_OPS: RegistryOp[] = [
  { at: '2026-09-15T13:05', kind: 'stage', model: 'card-fraud-blocker', version: 1, stage: 'Archived' },
  { at: '2026-09-18T10:00', kind: 'stage', model: 'card-fraud-blocker', version: 3, stage: 'Staging' },
  { at: '2026-09-18T10:00', kind: 'alias', model: 'card-fraud-blocker', alias: 'challenger', version: 3 },
  { at: '2026-09-18T10:01', kind: 'vtag', model: 'card-fraud-blocker', version: 3, key: 'deployment', value: 'shadow' },
  { at: '2026-10-02T08:05', kind: 'stage', model: 'card-fraud-blocker', version: 3, stage: 'Archived' },
  { at: '2026-10-02T08:05', kind: 'vtag', model: 'card-fraud-blocker', version: 3, key: 'deployment', value: 'retired' },
  // Ops flags the drifting champion (between the two looks).
  { at: '2026-11-10T07:45', kind: 'vtag', model: 'card-fraud-blocker', version: 4, key: 'monitoring', value: 'drift-alert' },
  { at: '2026-11-10T07:46', kind: 'vtag', model: 'card-fraud-blocker', version: 4, key: 'incident', value: 'OPS-2291' },
  { at: '2026-10-01T08:05', kind: 'stage', model: 'application-fraud-detector', version: 1, stage: 'Archived' },
  { at: '2026-09-23T09:05', kind: 'stage', model: 'merchant-risk-score', version: 1, stage: 'Archived' },
  // merchant-risk-score is retired between the two looks.
  { at: '2026-11-05T10:00', kind: 'stage', model: 'merchant-risk-score', version: 2, stage: 'Archived' },
  { at: '2026-11-05T10:00', kind: 'unalias', model: 'merchant-risk-score', alias: 'champion' },
  { at: '2026-11-05T10:01', kind: 'vtag', model: 'merchant-risk-score', version: 2, key: 'deployment', value: 'retired' },
  { at: '2026-11-05T10:01', kind: 'mtag', model: 'merchant-risk-score', key: 'lifecycle', value: 'retired' },
  {
    at: '2026-11-05T10:02',
    kind: 'mdesc',
    model: 'merchant-risk-score',
    description:
      '**Retired 2026-11-05.** Merchant risk is now computed inside card-fraud-blocker (merchant aggregates since ' +
      'v3). Kept for audit.\n\nDaily risk score per merchant (chargeback and refund behaviour), used to set merchant ' +
      'monitoring levels.',
  },
  { at: '2026-09-17T08:35', kind: 'stage', model: 'credit-approval-scorer', version: 1, stage: 'Archived' },
  { at: '2026-10-03T08:05', kind: 'stage', model: 'credit-approval-scorer', version: 3, stage: 'Archived' },
  { at: '2026-10-08T07:35', kind: 'stage', model: 'application-volume-forecast', version: 1, stage: 'Archived' },
  { at: '2026-10-28T09:00', kind: 'stage', model: 'churn-predictor', version: 3, stage: 'Archived' },
  { at: '2026-10-28T09:00', kind: 'vtag', model: 'churn-predictor', version: 3, key: 'validation_status', value: 'rejected' },
  { at: '2026-10-22T08:05', kind: 'stage', model: 'offer-pricing', version: 1, stage: 'Archived' },
  { at: '2026-10-22T08:05', kind: 'stage', model: 'offer-pricing', version: 2, stage: 'Archived' },
  // The alias moved outside Quorum: straight in the MLflow UI, for the holiday campaign. No request, no sign-off.
  { at: '2026-11-14T16:47', kind: 'alias', model: 'offer-pricing', alias: 'champion', version: 4 },
  { at: '2026-10-15T08:05', kind: 'stage', model: 'support-ticket-router', version: 1, stage: 'Archived' },
];

/** The two recorded looks at the registry (registry/01-before, registry/02-now). */
const LOOKS = [
  { dir: '01-before', at: ms('2026-11-03T18:00') },
  { dir: '02-now', at: ms('2026-11-17T18:00') },
];
const NOW = ms('2026-11-17T18:00');

interface SimVersion {
  name: string;
  version: number;
  created: number;
  updated: number;
  stage: string;
  description: string;
  runId: string;
  tags: KV[];
}
interface SimModel {
  name: string;
  created: number;
  updated: number;
  description: string;
  tags: KV[];
  aliases: Map<string, number>;
  versions: SimVersion[];
}

type TimedOp =
  | { at: number; seq: number; kind: 'create-model'; model: ModelSpec }
  | { at: number; seq: number; kind: 'create-version'; spec: VersionSpec }
  | (RegistryOp & { atMs: number; seq: number });

function allRegistryOps(): TimedOp[] {
  const ops: TimedOp[] = [];
  let seq = 0;
  for (const m of MODELS) ops.push({ at: ms(m.created), seq: seq++, kind: 'create-model', model: m });
  for (const v of VERSIONS) ops.push({ at: ms(v.created, `version:${v.model}:${v.version}`), seq: seq++, kind: 'create-version', spec: v });
  const plain: RegistryOp[] = [...MANUAL_OPS];
  for (const r of RELEASES) {
    const model = modelSpec(r.model);
    plain.push({ at: r.at, kind: 'stage', model: r.model, version: r.version, stage: 'Staging' });
    if (model.tier === 'high') plain.push({ at: r.at, kind: 'alias', model: r.model, alias: 'challenger', version: r.version });
    if (model.tier === 'high')
      plain.push({ at: r.at, kind: 'vtag', model: r.model, version: r.version, key: 'deployment', value: 'shadow' });
    if (!r.releasedAt) continue;
    const previous = RELEASES.filter((p) => p.model === r.model && p.releasedAt && p.releasedAt < must(r.releasedAt, 'release time')).pop();
    plain.push(
      { at: r.releasedAt, kind: 'stage', model: r.model, version: r.version, stage: 'Production', archiveExisting: true },
      { at: r.releasedAt, kind: 'alias', model: r.model, alias: 'champion', version: r.version },
      {
        at: r.releasedAt,
        kind: 'vtag',
        model: r.model,
        version: r.version,
        key: 'validation_status',
        value: r.waiver ? 'passed-with-waiver' : 'passed',
      },
      { at: r.releasedAt, kind: 'vtag', model: r.model, version: r.version, key: 'deployment', value: model.deployment },
    );
    if (model.tier === 'high') plain.push({ at: r.releasedAt, kind: 'unalias', model: r.model, alias: 'challenger' });
    if (r.model === 'card-fraud-blocker')
      plain.push({ at: r.releasedAt, kind: 'vtag', model: r.model, version: r.version, key: 'monitoring', value: 'ok' });
    if (previous)
      plain.push({ at: r.releasedAt, kind: 'vtag', model: r.model, version: previous.version, key: 'deployment', value: 'retired' });
  }
  for (const op of plain) ops.push({ ...op, atMs: ms(op.at, `op:${op.kind}:${op.model}:${seq}`), seq: seq++ });
  const when = (op: TimedOp): number => ('atMs' in op ? op.atMs : op.at);
  return ops.sort((a, b) => when(a) - when(b) || a.seq - b.seq);
}

function simulateRegistry(until: number, runIds: Map<string, string>): Map<string, SimModel> {
  const models = new Map<string, SimModel>();
  const modelOf = (name: string): SimModel => must(models.get(name), `model ${name} (not created yet)`);
  const versionOf = (name: string, version: number): SimVersion =>
    must(
      modelOf(name).versions.find((v) => v.version === version),
      `${name} v${version} (not registered yet)`,
    );
  const setTag = (tags: KV[], key: string, value: string): void => {
    const existing = tags.find((t) => t.key === key);
    if (existing) existing.value = value;
    else tags.push({ key, value });
  };
  for (const op of allRegistryOps()) {
    const at = 'atMs' in op ? op.atMs : op.at;
    if (at > until) break;
    switch (op.kind) {
      case 'create-model': {
        const m = op.model;
        const tags: KV[] = kv([
          ['owner_team', m.team],
          ['risk_tier', m.tier],
          ['owner', m.owner],
          ['model_type', m.modelType],
          ...m.extraTags,
        ]);
        models.set(m.name, { name: m.name, created: at, updated: at, description: m.description, tags, aliases: new Map(), versions: [] });
        break;
      }
      case 'create-version': {
        const s = op.spec;
        const model = modelOf(s.model);
        check(model.versions.length + 1 === s.version, `${s.model} v${s.version} registered out of order`);
        const run = runSpec(s.run);
        check(run.model === s.model, `${s.model} v${s.version} points at a run of ${run.model}`);
        check(ms(run.start) + run.minutes * MINUTE + MINUTE < at, `${s.model} v${s.version} is registered before its run ends`);
        const tags: KV[] = [];
        if (s.tags !== 'none') {
          tags.push({ key: 'validation_status', value: s.tags.status }, { key: 'deployment', value: 'none' });
          const card = MODEL_CARD_TEXT[s.model];
          if (s.tags.card && card) {
            const fields = POLICY[modelSpec(s.model).tier].modelCard
              .filter((f) => f.startsWith('model_card.'))
              .map((f) => f.slice('model_card.'.length));
            const snapshot = must(
              SNAPSHOTS.find((x) => x.key === run.snapshot),
              'snapshot',
            );
            const values: Record<string, string | undefined> = {
              intended_use: card.intended_use,
              limitations: card.limitations,
              training_data: `${
                must(
                  PIPELINES.find((p) => p.model === s.model),
                  'pipeline',
                ).trainName
              }, snapshot ${snapshot.date}, ${String(snapshot.trainRows).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} rows`,
            };
            for (const field of fields) {
              const value = values[field];
              if (value && !(s.tags.omitCard ?? []).includes(field)) tags.push({ key: `model_card.${field}`, value });
            }
          }
        }
        model.versions.push({
          name: s.model,
          version: s.version,
          created: at,
          updated: at,
          stage: 'None',
          description: s.description,
          runId: must(runIds.get(s.run), `run id of ${s.run}`),
          tags,
        });
        model.updated = at;
        break;
      }
      case 'stage': {
        const model = modelOf(op.model);
        const version = versionOf(op.model, op.version);
        if (op.archiveExisting) {
          for (const other of model.versions) {
            if (other !== version && other.stage === op.stage) {
              other.stage = 'Archived';
              other.updated = at;
            }
          }
        }
        version.stage = op.stage;
        version.updated = at;
        model.updated = at;
        break;
      }
      case 'alias':
        versionOf(op.model, op.version);
        modelOf(op.model).aliases.set(op.alias, op.version);
        break;
      case 'unalias':
        modelOf(op.model).aliases.delete(op.alias);
        break;
      case 'vtag':
        setTag(versionOf(op.model, op.version).tags, op.key, op.value);
        break;
      case 'mtag':
        setTag(modelOf(op.model).tags, op.key, op.value);
        break;
      case 'mdesc': {
        const model = modelOf(op.model);
        model.description = op.description;
        model.updated = at;
        break;
      }
    }
  }
  return models;
}

interface VersionOut {
  name: string;
  version: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  current_stage: string;
  description: string;
  source: string;
  run_id: string;
  status: 'READY';
  tags?: KV[];
  run_link: '';
}

function versionOut(v: SimVersion): VersionOut {
  return {
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.created,
    last_updated_timestamp: v.updated,
    current_stage: v.stage,
    description: v.description,
    source: `runs:/${v.runId}/model`,
    run_id: v.runId,
    status: 'READY',
    ...(v.tags.length > 0 ? { tags: v.tags.map((t) => ({ ...t })) } : {}),
    run_link: '',
  };
}

function registryLook(
  at: number,
  runs: BuiltRun[],
  runIds: Map<string, string>,
): { experiments: unknown; runs: unknown; models: unknown; versions: unknown; sim: Map<string, SimModel> } {
  const sim = simulateRegistry(at, runIds);
  const experiments = [
    ...[...MODELS].map((m) => {
      const created = ms('2026-09-01T08:10', `experiment:${m.experimentId}`) + Number(m.experimentId) * MINUTE;
      return {
        experiment_id: m.experimentId,
        name: m.experimentName,
        artifact_location: `mlflow-artifacts:/${m.experimentId}`,
        lifecycle_stage: 'active',
        last_update_time: created,
        creation_time: created,
        tags: kv([
          ['team', m.team],
          ['project', m.project],
          ['cost_center', m.costCenter],
          ['mlflow.note.content', m.experimentNote],
        ]),
      };
    }),
    {
      experiment_id: '0',
      name: 'Default',
      artifact_location: 'mlflow-artifacts:/0',
      lifecycle_stage: 'active',
      last_update_time: ms('2026-09-01T07:55:31', 'default-experiment'),
      creation_time: ms('2026-09-01T07:55:31', 'default-experiment'),
    },
  ].sort((a, b) => Number(b.experiment_id) - Number(a.experiment_id));

  const visibleRuns = runs.filter((r) => r.out.info.start_time <= at);
  for (const r of visibleRuns) check(r.out.info.end_time <= at, `run ${r.spec.key} is still running at a look`);
  const runsOut = visibleRuns.map((r) => r.out).sort((a, b) => b.info.start_time - a.info.start_time);

  const models = [...sim.values()].sort((a, b) => a.name.localeCompare(b.name));
  const modelsOut = models.map((m) => {
    const latest = new Map<string, SimVersion>();
    for (const v of m.versions) {
      const seen = latest.get(v.stage);
      if (!seen || seen.version < v.version) latest.set(v.stage, v);
    }
    const aliases = [...m.aliases.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([alias, version]) => ({ alias, version: String(version) }));
    return {
      name: m.name,
      creation_timestamp: m.created,
      last_updated_timestamp: m.updated,
      description: m.description,
      latest_versions: [...latest.values()].sort((a, b) => a.version - b.version).map(versionOut),
      tags: m.tags.map((t) => ({ ...t })),
      ...(aliases.length > 0 ? { aliases } : {}),
    };
  });
  const versionsOut = models
    .flatMap((m) => m.versions)
    .sort((a, b) => b.updated - a.updated || a.name.localeCompare(b.name) || b.version - a.version)
    .map(versionOut);
  return {
    experiments: { experiments },
    runs: { runs: runsOut },
    models: { registered_models: modelsOut },
    versions: { model_versions: versionsOut },
    sim,
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Lineage: OpenLineage RunEvents from Airflow (one JSON per line, as the file transport writes them)
// ─────────────────────────────────────────────────────────────────────────────────────────────

const OL_PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/1.14.0';
const OL_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const OL_NAMESPACE = 'airflow-prod';
const FACET_SCHEMAS = {
  schema: ['SchemaDatasetFacet', '1-2-0'],
  dataSource: ['DatasourceDatasetFacet', '1-0-1'],
  version: ['DatasetVersionDatasetFacet', '1-0-1'],
  columnLineage: ['ColumnLineageDatasetFacet', '1-2-0'],
  outputStatistics: ['OutputStatisticsOutputDatasetFacet', '1-0-2'],
  parent: ['ParentRunFacet', '1-2-0'],
  errorMessage: ['ErrorMessageRunFacet', '1-0-1'],
  nominalTime: ['NominalTimeRunFacet', '1-0-1'],
  processing_engine: ['ProcessingEngineRunFacet', '1-1-1'],
  jobType: ['JobTypeJobFacet', '2-0-4'],
  documentation: ['DocumentationJobFacet', '1-1-0'],
  ownership: ['OwnershipJobFacet', '1-0-1'],
  sql: ['SQLJobFacet', '1-1-0'],
} as const;

function facet<B extends object>(kind: keyof typeof FACET_SCHEMAS, body: B): { _producer: string; _schemaURL: string } & B {
  const [name, version] = FACET_SCHEMAS[kind];
  return { _producer: OL_PRODUCER, _schemaURL: `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`, ...body };
}

const PG_TYPES: Record<ColType, string> = {
  double: 'double precision',
  long: 'bigint',
  string: 'text',
  boolean: 'boolean',
  datetime: 'timestamp',
};
const PARQUET_TYPES: Record<ColType, string> = {
  double: 'double',
  long: 'long',
  string: 'string',
  boolean: 'boolean',
  datetime: 'timestamp',
};

interface OlDataset {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
}
interface OlEvent {
  eventType: 'START' | 'COMPLETE' | 'FAIL';
  eventTime: string;
  run: { runId: string; facets: Record<string, unknown> };
  job: { namespace: string; name: string; facets: Record<string, unknown> };
  inputs: OlDataset[];
  outputs: OlDataset[];
  producer: string;
  schemaURL: string;
}

type LineageRef = [field: string, type: 'DIRECT' | 'INDIRECT', subtype: string, description?: string];
/** Column-level lineage of the build task's train output, from the raw extract (card and credit pipelines). */
const COLUMN_LINEAGE: Record<string, { fields: Record<string, LineageRef[]>; dataset: LineageRef[] }> = {
  'card-fraud-blocker': {
    fields: {
      amount: [['amount', 'DIRECT', 'IDENTITY']],
      merchant_category: [['mcc', 'DIRECT', 'TRANSFORMATION', 'MCC code mapped to one of 10 categories']],
      channel: [['entry_mode', 'DIRECT', 'TRANSFORMATION', 'POS entry mode mapped to chip / contactless / ecommerce / moto']],
      hour_of_day: [['auth_ts', 'DIRECT', 'TRANSFORMATION', 'hour in Europe/Amsterdam']],
      account_tenure_months: [
        ['account_opened_at', 'DIRECT', 'TRANSFORMATION'],
        ['auth_ts', 'DIRECT', 'TRANSFORMATION'],
      ],
      txn_velocity_1h: [
        ['card_id', 'DIRECT', 'AGGREGATION', 'count per card over the preceding hour'],
        ['auth_ts', 'DIRECT', 'AGGREGATION'],
      ],
      device_age_days: [
        ['device_first_seen_ts', 'DIRECT', 'TRANSFORMATION'],
        ['auth_ts', 'DIRECT', 'TRANSFORMATION'],
      ],
      distance_from_home_km: [['distance_from_home_km', 'DIRECT', 'IDENTITY']],
      merchant_chargeback_rate_90d: [
        ['merchant_chargebacks_90d', 'DIRECT', 'TRANSFORMATION', 'chargebacks / transactions'],
        ['merchant_txns_90d', 'DIRECT', 'TRANSFORMATION'],
      ],
      card_merchant_pair_count_30d: [
        ['card_id', 'DIRECT', 'AGGREGATION', 'authorizations of this card at this merchant, 30 days'],
        ['merchant_id', 'DIRECT', 'AGGREGATION'],
      ],
      is_fraud: [['chargeback_reason_code', 'DIRECT', 'TRANSFORMATION', 'fraud reason codes 10.x / 4837 → 1']],
    },
    dataset: [['auth_ts', 'INDIRECT', 'FILTER', 'training window']],
  },
  'credit-approval-scorer': {
    fields: {
      bureau_score: [['bureau_score', 'DIRECT', 'IDENTITY']],
      annual_income: [['annual_income', 'DIRECT', 'IDENTITY']],
      debt_to_income: [
        ['total_debt_monthly', 'DIRECT', 'TRANSFORMATION', '12 × monthly debt / annual income'],
        ['annual_income', 'DIRECT', 'TRANSFORMATION'],
      ],
      credit_utilization: [
        ['revolving_balance', 'DIRECT', 'TRANSFORMATION', 'balance / limit'],
        ['revolving_limit', 'DIRECT', 'TRANSFORMATION'],
      ],
      num_open_trades: [['open_trades', 'DIRECT', 'IDENTITY']],
      months_since_delinquency: [
        ['last_delinquency_at', 'DIRECT', 'TRANSFORMATION'],
        ['submitted_at', 'DIRECT', 'TRANSFORMATION'],
      ],
      loan_amount: [['loan_amount', 'DIRECT', 'IDENTITY']],
      loan_term_months: [['loan_term_months', 'DIRECT', 'IDENTITY']],
      employment_type: [['employment_type', 'DIRECT', 'IDENTITY']],
      home_ownership: [['home_ownership', 'DIRECT', 'IDENTITY']],
      has_prior_northwind_loan: [['prior_loans', 'DIRECT', 'TRANSFORMATION', 'prior_loans > 0']],
      ob_net_monthly_inflow: [
        ['ob_net_monthly_inflow', 'DIRECT', 'IDENTITY'],
        ['ob_consent_given', 'INDIRECT', 'CONDITIONAL', 'null without consent'],
      ],
      ob_income_volatility: [
        ['ob_income_volatility', 'DIRECT', 'IDENTITY'],
        ['ob_consent_given', 'INDIRECT', 'CONDITIONAL', 'null without consent'],
      ],
      default_12m: [
        ['days_past_due_max_12m', 'DIRECT', 'TRANSFORMATION', '90+ days past due or charged off within 12 months'],
        ['charged_off', 'DIRECT', 'TRANSFORMATION'],
      ],
    },
    dataset: [['submitted_at', 'INDIRECT', 'FILTER', 'vintages with 12 months of performance']],
  },
};

/** The card pipeline's extract failed once (replica failover) on 2026-11-10 and succeeded on retry. */
const FAILED_EXTRACT_SNAPSHOT = 'card-1110';

function lineageEvents(snapshots: Map<string, Snapshot>): OlEvent[] {
  const events: OlEvent[] = [];
  const airflowSnapshots = [...snapshots.values()]
    .filter((s) => s.pipeline === 'airflow')
    .sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
  for (const s of airflowSnapshots) {
    const p = must(
      PIPELINES.find((x) => x.model === s.model),
      `pipeline of ${s.model}`,
    );
    const model = modelSpec(s.model);
    const rng = new Rng(`lineage:${s.key}`);
    const nominalStart = `${s.date}T${String(p.scheduleHour).padStart(2, '0')}:00:00.000Z`;
    const nominalEnd = isoZ(Date.parse(nominalStart) + DAY);
    const dagStart = Date.parse(nominalStart) + rng.int(2_000, 20_000);
    const dagRunId = uuidv7(dagStart, rng);
    const engine = facet('processing_engine', { version: '2.10.4', name: 'Airflow', openlineageAdapterVersion: '1.14.0' });
    const nominal = facet('nominalTime', { nominalStartTime: nominalStart, nominalEndTime: nominalEnd });
    const parent = facet('parent', {
      run: { runId: dagRunId },
      job: { namespace: OL_NAMESPACE, name: p.dag },
      root: { run: { runId: dagRunId }, job: { namespace: OL_NAMESPACE, name: p.dag } },
    });
    const event = (
      eventType: OlEvent['eventType'],
      time: number,
      runId: string,
      job: string,
      jobFacets: Record<string, unknown>,
      runFacets: Record<string, unknown>,
      inputs: OlDataset[] = [],
      outputs: OlDataset[] = [],
    ): OlEvent => ({
      eventType,
      eventTime: isoZ(time),
      run: { runId, facets: runFacets },
      job: { namespace: OL_NAMESPACE, name: job, facets: jobFacets },
      inputs,
      outputs,
      producer: OL_PRODUCER,
      schemaURL: OL_EVENT_SCHEMA,
    });
    const dagJobFacets = {
      jobType: facet('jobType', { processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'DAG' }),
      documentation: facet('documentation', { description: p.description }),
      ownership: facet('ownership', { owners: [{ name: `team:${model.team}`, type: 'MAINTAINER' }] }),
    };
    const taskJobFacets = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      jobType: facet('jobType', { processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' }),
      ...extra,
    });
    const taskRunFacets = { parent, nominalTime: nominal, processing_engine: engine };

    const pgDataset = (t: SourceTable, full: boolean): OlDataset => ({
      namespace: t.namespace,
      name: t.name,
      ...(full
        ? {
            facets: {
              schema: facet('schema', { fields: t.fields.map((f) => ({ name: f.name, type: PG_TYPES[f.type] })) }),
              dataSource: facet('dataSource', { name: t.namespace, uri: t.namespace }),
            },
          }
        : {}),
    });
    const rawVersion = sha256(`${p.raw.name}@${s.date}`).slice(0, 16);
    const rawRows = Math.round((s.trainRows + s.holdoutRows) * rng.uniform(1.02, 1.08));
    const rawDataset = (full: boolean, asOutput: boolean): OlDataset => ({
      namespace: S3,
      name: p.raw.name,
      ...(full
        ? {
            facets: {
              schema: facet('schema', { fields: p.raw.fields.map((f) => ({ name: f.name, type: PARQUET_TYPES[f.type] })) }),
              dataSource: facet('dataSource', { name: S3, uri: S3 }),
              version: facet('version', { datasetVersion: rawVersion }),
            },
            ...(asOutput
              ? { outputFacets: { outputStatistics: facet('outputStatistics', { rowCount: rawRows, size: rawRows * 212, fileCount: 24 }) } }
              : {}),
          }
        : {}),
    });
    const lineage = COLUMN_LINEAGE[s.model];
    const ref = ([field, type, subtype, description]: LineageRef): Record<string, unknown> => ({
      namespace: S3,
      name: p.raw.name,
      field,
      transformations: [{ type, subtype, ...(description ? { description } : {}) }],
    });
    const split = (which: 'train' | 'holdout', full: boolean): OlDataset => {
      const rows = which === 'train' ? s.trainRows : s.holdoutRows;
      const facets: Record<string, unknown> = {
        schema: facet('schema', { fields: s.columns.map((c) => ({ name: c.name, type: PARQUET_TYPES[c.type] })) }),
        dataSource: facet('dataSource', { name: S3, uri: S3 }),
        version: facet('version', { datasetVersion: which === 'train' ? s.trainDigest : s.holdoutDigest }),
      };
      if (lineage && which === 'train') {
        const fields: Record<string, unknown> = {};
        for (const c of s.columns) {
          const refs = lineage.fields[c.name];
          if (refs) fields[c.name] = { inputFields: refs.map(ref) };
        }
        facets.columnLineage = facet('columnLineage', { fields, dataset: lineage.dataset.map(ref) });
      }
      return {
        namespace: S3,
        name: `${p.datasetPrefix}/${which}`,
        ...(full
          ? {
              facets,
              outputFacets: {
                outputStatistics: facet('outputStatistics', {
                  rowCount: rows,
                  size: rows * 14 * s.columns.length,
                  fileCount: which === 'train' ? 16 : 4,
                }),
              },
            }
          : {}),
      };
    };

    events.push(event('START', dagStart, dagRunId, p.dag, dagJobFacets, { nominalTime: nominal, processing_engine: engine }));
    let t = dagStart + rng.int(4_000, 12_000);
    const extractJob = `${p.dag}.${p.extractTask}`;
    const sqlFacet = {
      sql: facet('sql', {
        query: `SELECT … FROM ${p.sources.map((x) => x.name).join(' JOIN ')} WHERE … <= '${s.date}'`,
        dialect: 'postgres',
      }),
    };
    if (s.key === FAILED_EXTRACT_SNAPSHOT) {
      const failedRunId = uuidv7(t, rng);
      const failedAt = t + rng.int(240_000, 300_000);
      events.push(
        event(
          'START',
          t,
          failedRunId,
          extractJob,
          taskJobFacets(sqlFacet),
          taskRunFacets,
          p.sources.map((x) => pgDataset(x, false)),
        ),
      );
      events.push(
        event(
          'FAIL',
          failedAt,
          failedRunId,
          extractJob,
          taskJobFacets(sqlFacet),
          {
            ...taskRunFacets,
            errorMessage: facet('errorMessage', {
              message: 'psycopg2.OperationalError: could not receive data from server: Connection timed out',
              programmingLanguage: 'python',
              stackTrace:
                'Traceback (most recent call last):\n' +
                '  File "/opt/airflow/dags/fraud/card_training_set.py", line 88, in extract_authorizations\n' +
                '    cursor.copy_expert(COPY_SQL, buffer)\n' +
                'psycopg2.OperationalError: could not receive data from server: Connection timed out\n' +
                '(corebanking-replica failover in progress; task will be retried in 5 minutes)',
            }),
          },
          p.sources.map((x) => pgDataset(x, true)),
        ),
      );
      t = failedAt + 300_000 + rng.int(1_000, 9_000);
    }
    const extractRunId = uuidv7(t, rng);
    const extractEnd = t + rng.int(4, 11) * MINUTE + rng.int(0, 59_999);
    events.push(
      event(
        'START',
        t,
        extractRunId,
        extractJob,
        taskJobFacets(sqlFacet),
        taskRunFacets,
        p.sources.map((x) => pgDataset(x, false)),
        [rawDataset(false, true)],
      ),
    );
    events.push(
      event(
        'COMPLETE',
        extractEnd,
        extractRunId,
        extractJob,
        taskJobFacets(sqlFacet),
        taskRunFacets,
        p.sources.map((x) => pgDataset(x, true)),
        [rawDataset(true, true)],
      ),
    );
    const buildStart = extractEnd + rng.int(2_000, 9_000);
    const buildRunId = uuidv7(buildStart, rng);
    const buildEnd = buildStart + rng.int(8, 25) * MINUTE + rng.int(0, 59_999);
    const buildJob = `${p.dag}.build_training_set`;
    const buildFacets = taskJobFacets({
      documentation: facet('documentation', {
        description: `Feature engineering, label join and time-based train/holdout split${s.note ? ` (${s.note})` : ''}.`,
      }),
    });
    events.push(
      event(
        'START',
        buildStart,
        buildRunId,
        buildJob,
        buildFacets,
        taskRunFacets,
        [rawDataset(false, false)],
        [split('train', false), split('holdout', false)],
      ),
    );
    events.push(
      event(
        'COMPLETE',
        buildEnd,
        buildRunId,
        buildJob,
        buildFacets,
        taskRunFacets,
        [rawDataset(true, false)],
        [split('train', true), split('holdout', true)],
      ),
    );
    events.push(
      event('COMPLETE', buildEnd + rng.int(2_000, 8_000), dagRunId, p.dag, dagJobFacets, {
        nominalTime: nominal,
        processing_engine: engine,
      }),
    );
  }
  return events.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// DVC project lending-docs (doc-classifier): dvc.yaml, dvc.lock, params.yaml
// ─────────────────────────────────────────────────────────────────────────────────────────────

function dvcFiles(): { yaml: string; lock: string; params: string } {
  const f = DVC_FILES;
  const yaml = `# DVC project "lending-docs" (${GIT}/lending/lending-docs): the doc-classifier pipeline.
# dvc.lock records the content hash of every dependency and output; the md5 of
# data/prepared/train.parquet and holdout.parquet are the dataset digests that the
# doc-classifier training runs log to MLflow.
stages:
  extract:
    cmd: python src/extract_documents.py --since \${extract.since} --until \${extract.until} --out data/raw/documents.parquet
    deps:
      - src/extract_documents.py
    params:
      - extract.since
      - extract.until
    outs:
      - data/raw/documents.parquet
  prepare:
    cmd: python src/prepare.py data/raw/documents.parquet data/prepared
    deps:
      - data/raw/documents.parquet
      - src/prepare.py
    params:
      - prepare.holdout_fraction
      - prepare.min_ocr_confidence
      - prepare.seed
    outs:
      - data/prepared/train.parquet
      - data/prepared/holdout.parquet
  train:
    cmd: python src/train.py --train data/prepared/train.parquet --holdout data/prepared/holdout.parquet --out models/doc_classifier
    deps:
      - data/prepared/holdout.parquet
      - data/prepared/train.parquet
      - src/train.py
    params:
      - train
    outs:
      - models/doc_classifier
    metrics:
      - metrics.json:
          cache: false
`;
  const params = `extract:
  since: '2026-03-01'
  until: '2026-09-15'
prepare:
  holdout_fraction: 0.15
  min_ocr_confidence: 0.6
  seed: 20260915
train:
  model: tfidf-lgbm
  max_features: 50000
  ngram_max: 2
  num_leaves: 63
  n_estimators: 400
  learning_rate: 0.05
`;
  const entry = (e: { path: string; md5: string; size: number; nfiles?: number }): string =>
    `    - path: ${e.path}\n      hash: md5\n      md5: ${e.md5}\n      size: ${e.size}\n${e.nfiles ? `      nfiles: ${e.nfiles}\n` : ''}`;
  // DVC (ruamel.yaml) writes lists unindented under their key, sorts deps and outs by path, and folds
  // plain scalars past column 80.
  const lock = `schema: '2.0'
stages:
  extract:
    cmd: python src/extract_documents.py --since 2026-03-01 --until 2026-09-15 --out
      data/raw/documents.parquet
    deps:
${entry(f.extractScript)}    params:
      params.yaml:
        extract.since: '2026-03-01'
        extract.until: '2026-09-15'
    outs:
${entry(f.raw)}  prepare:
    cmd: python src/prepare.py data/raw/documents.parquet data/prepared
    deps:
${entry(f.raw)}${entry(f.prepareScript)}    params:
      params.yaml:
        prepare.holdout_fraction: 0.15
        prepare.min_ocr_confidence: 0.6
        prepare.seed: 20260915
    outs:
${entry(f.holdout)}${entry(f.train)}  train:
    cmd: python src/train.py --train data/prepared/train.parquet --holdout data/prepared/holdout.parquet
      --out models/doc_classifier
    deps:
${entry(f.holdout)}${entry(f.train)}${entry(f.trainScript)}    params:
      params.yaml:
        train:
          learning_rate: 0.05
          max_features: 50000
          model: tfidf-lgbm
          n_estimators: 400
          ngram_max: 2
          num_leaves: 63
    outs:
${entry(f.metrics)}${entry(f.model)}`;
  return { yaml, lock, params };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Drift: reference and current samples for the two deployed high-risk models, and daily history
// computed with Evidently's default test choice
// ─────────────────────────────────────────────────────────────────────────────────────────────

type Value = number | string;
type Row = Record<string, Value>;
interface FeatureDef {
  name: string;
  kind: 'num' | 'cat';
  format: (value: Value) => string;
}
const asText = (v: Value): string => String(v);
const fixed = (digits: number) => (v: Value) => (typeof v === 'number' ? v.toFixed(digits) : v);

const CARD_MERCHANT_MIX = {
  grocery: 0.21,
  restaurants: 0.13,
  fuel: 0.09,
  online_retail: 0.17,
  travel: 0.06,
  electronics: 0.07,
  digital_goods: 0.08,
  utilities: 0.08,
  cash_advance: 0.03,
  bnpl: 0.02,
} as const;
type MerchantCategory = keyof typeof CARD_MERCHANT_MIX;
/** How the mix moves at full drift: the BNPL partner launch and the holiday e-commerce season. */
const CARD_MERCHANT_SHIFT: Record<MerchantCategory, number> = {
  grocery: -0.08,
  restaurants: -0.03,
  fuel: -0.04,
  online_retail: 0.05,
  travel: -0.01,
  electronics: 0.02,
  digital_goods: -0.01,
  utilities: -0.03,
  cash_advance: 0,
  bnpl: 0.13,
};
const CARD_AMOUNT_MU: Record<MerchantCategory, number> = {
  grocery: 3.5,
  restaurants: 3.3,
  fuel: 3.9,
  online_retail: 3.9,
  travel: 5.3,
  electronics: 5.0,
  digital_goods: 2.7,
  utilities: 4.3,
  cash_advance: 4.7,
  bnpl: 5.2,
};
const HOUR_WEIGHTS = [
  0.6, 0.4, 0.3, 0.25, 0.25, 0.4, 1.0, 2.2, 3.6, 4.4, 5.0, 5.6, 6.4, 6.2, 5.6, 5.4, 5.7, 6.3, 6.6, 6.0, 5.0, 3.8, 2.4, 1.3,
];
const hourWeights = Object.fromEntries(HOUR_WEIGHTS.map((w, h) => [String(h), w])) as Record<string, number>;

const CARD_FEATURES: FeatureDef[] = [
  { name: 'amount', kind: 'num', format: fixed(2) },
  { name: 'merchant_category', kind: 'cat', format: asText },
  { name: 'channel', kind: 'cat', format: asText },
  { name: 'device_age_days', kind: 'num', format: asText },
  { name: 'txn_velocity_1h', kind: 'num', format: fixed(2) },
  { name: 'distance_from_home_km', kind: 'num', format: fixed(1) },
  { name: 'hour_of_day', kind: 'num', format: asText },
  { name: 'account_tenure_months', kind: 'num', format: asText },
  { name: 'merchant_chargeback_rate_90d', kind: 'num', format: fixed(5) },
  { name: 'card_merchant_pair_count_30d', kind: 'num', format: asText },
];

/** One card authorization; `s` in [0, 1] is how far the BNPL / holiday shift has gone. */
function cardRow(rng: Rng, s: number): Row {
  const mix = Object.fromEntries(
    (Object.keys(CARD_MERCHANT_MIX) as MerchantCategory[]).map((k) => [
      k,
      Math.max(0.001, CARD_MERCHANT_MIX[k] + s * CARD_MERCHANT_SHIFT[k]),
    ]),
  ) as Record<MerchantCategory, number>;
  const category = rng.weighted(mix);
  const channel = rng.weighted({ chip: 0.36 - 0.13 * s, contactless: 0.24 - 0.09 * s, ecommerce: 0.34 + 0.22 * s, moto: 0.06 });
  return {
    amount: round(rng.logNormal(CARD_AMOUNT_MU[category] + 0.18 * s, 0.85), 2),
    merchant_category: category,
    channel,
    device_age_days: Math.floor(rng.gamma(1.1, 240)),
    txn_velocity_1h: round(rng.gamma(1.4, 0.7 * (1 + 0.35 * s)), 2),
    distance_from_home_km: round(rng.logNormal(1.7 + 0.15 * s + (category === 'travel' ? 2.5 : 0), 1.1), 1),
    hour_of_day: Number(rng.weighted(hourWeights)),
    account_tenure_months: Math.floor(rng.gamma(2.2, 22)),
    merchant_chargeback_rate_90d: round(rng.gamma(2, category === 'bnpl' ? 0.0045 : 0.0016), 5),
    card_merchant_pair_count_30d: category === 'bnpl' ? rng.poisson(0.4) : rng.poisson(3.1 * (1 - 0.25 * s)),
  };
}

const CREDIT_FEATURES: FeatureDef[] = [
  { name: 'bureau_score', kind: 'num', format: asText },
  { name: 'annual_income', kind: 'num', format: asText },
  { name: 'debt_to_income', kind: 'num', format: fixed(3) },
  { name: 'credit_utilization', kind: 'num', format: fixed(3) },
  { name: 'num_open_trades', kind: 'num', format: asText },
  { name: 'months_since_delinquency', kind: 'num', format: asText },
  { name: 'loan_amount', kind: 'num', format: asText },
  { name: 'loan_term_months', kind: 'num', format: asText },
  { name: 'employment_type', kind: 'cat', format: asText },
  { name: 'home_ownership', kind: 'cat', format: asText },
  { name: 'has_prior_northwind_loan', kind: 'num', format: asText },
];

const CREDIT_EMPLOYMENT = { salaried: 0.68, self_employed: 0.14, contractor: 0.11, retired: 0.07 };
const CREDIT_HOME = { rent: 0.41, mortgage: 0.44, own: 0.15 };
const CREDIT_TERM = { '12': 0.1, '24': 0.22, '36': 0.33, '48': 0.15, '60': 0.2 };
const CREDIT_PRIOR_LOAN = { '1': 0.23, '0': 0.77 };
type Strata = Partial<Record<'employment_type' | 'home_ownership' | 'loan_term_months' | 'has_prior_northwind_loan', string>>;

/** One personal-loan application. The applicant population is stable over the window. */
function creditRow(rng: Rng, strata: Strata = {}): Row {
  const employment = strata.employment_type ?? rng.weighted(CREDIT_EMPLOYMENT);
  return {
    bureau_score: Math.min(850, Math.max(300, Math.round(rng.normal(688, 58)))),
    annual_income: Math.round(rng.logNormal(10.75 + (employment === 'self_employed' ? 0.1 : 0), 0.42) / 100) * 100,
    debt_to_income: round(Math.min(0.95, Math.max(0.01, rng.beta(2.2, 6))), 3),
    credit_utilization: round(rng.beta(1.6, 2.8), 3),
    num_open_trades: rng.poisson(5.5),
    months_since_delinquency: rng.bernoulli(0.55) ? 120 : Math.min(119, Math.floor(rng.gamma(1.4, 20))),
    loan_amount: Math.min(50_000, Math.max(1_000, Math.round(rng.logNormal(9.35, 0.6) / 500) * 500)),
    loan_term_months: Number(strata.loan_term_months ?? rng.weighted(CREDIT_TERM)),
    employment_type: employment,
    home_ownership: strata.home_ownership ?? rng.weighted(CREDIT_HOME),
    has_prior_northwind_loan: Number(strata.has_prior_northwind_loan ?? rng.weighted(CREDIT_PRIOR_LOAN)),
  };
}

/** Exact shares of each category, shuffled: how a stratified sample of the holdout set looks. */
function stratum(rng: Rng, shares: Record<string, number>, n: number): string[] {
  const out: string[] = [];
  for (const [key, share] of Object.entries(shares)) for (let i = 0; i < Math.round(share * n); i++) out.push(key);
  while (out.length < n) out.push(must(Object.keys(shares)[0], 'stratum'));
  out.length = n;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [must(out[j], 'j'), must(out[i], 'i')];
  }
  return out;
}

function creditReference(rng: Rng, n: number): Row[] {
  const employment = stratum(rng, CREDIT_EMPLOYMENT, n);
  const home = stratum(rng, CREDIT_HOME, n);
  const term = stratum(rng, CREDIT_TERM, n);
  const prior = stratum(rng, CREDIT_PRIOR_LOAN, n);
  return Array.from({ length: n }, (_, i) =>
    creditRow(rng, {
      employment_type: employment[i],
      home_ownership: home[i],
      loan_term_months: term[i],
      has_prior_northwind_loan: prior[i],
    }),
  );
}

// ── Statistics, as Evidently computes them (scipy equivalents written out) ──

function lnGamma(x: number): number {
  const g = [76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179, -0.000005395239384953];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const c of g) ser += c / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

/** Regularized upper incomplete gamma Q(a, x) (Numerical Recipes gammq). */
function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    let ap = a;
    for (let n = 0; n < 500; n++) {
      del *= x / ++ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
  }
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
}

/** Complementary error function (Numerical Recipes erfcc, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** 1 − P(paths stay strictly inside the band), scipy's _compute_outer_prob_inside_method (Hodges 1958). */
function ksOuterProbInside(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 >= n0 ? [m0, n0] : [n0, m0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Array<number>(Math.min(2 * maxj + 2, n + 1)).fill(1);
  for (let j = minj; j < maxj; j++) a[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (must(a[jj + minj - lastminj], 'A') * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    for (let k = curlen; k < curlen + Math.max(0, lastlen - curlen); k++) a[k] = 1;
  }
  return must(a[maxj - minj - 1], 'A');
}

/** scipy's _compute_prob_outside_square, for equal sample sizes. */
function ksProbOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * Two-sample Kolmogorov–Smirnov test as scipy.stats.ks_2samp (two-sided, mode 'auto') computes it: the exact
 * p-value for samples up to 10,000 rows, else the asymptotic Kolmogorov distribution.
 */
function ks2(a: number[], b: number[]): { statistic: number; pValue: number } {
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(must(x[i], 'x'), must(y[j], 'y'));
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  const n1 = x.length;
  const n2 = y.length;
  if (Math.max(n1, n2) <= 10_000) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = Math.round(d * lcm);
    if (h === 0) return { statistic: 0, pValue: 1 };
    const p = n1 === n2 ? ksProbOutsideSquare(n1, h) : ksOuterProbInside(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic: h / lcm, pValue: p };
  }
  const en = Math.sqrt((n1 * n2) / (n1 + n2));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  let p = 0;
  for (let k = 1; k <= 100; k++) {
    const term = 2 * (k % 2 === 1 ? 1 : -1) * Math.exp(-2 * k * k * lambda * lambda);
    p += term;
    if (Math.abs(term) < 1e-12) break;
  }
  return { statistic: d, pValue: Math.min(1, Math.max(0, lambda < 0.2 ? 1 : p)) };
}

function counts(values: Value[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(String(v), (out.get(String(v)) ?? 0) + 1);
  return out;
}

/** Evidently's chi-square test: current counts against reference proportions scaled to the current size. */
function chiSquare(ref: Value[], cur: Value[]): { statistic: number; pValue: number } {
  const r = counts(ref);
  const c = counts(cur);
  const keys = [...new Set([...r.keys(), ...c.keys()])].sort();
  const k = cur.length / ref.length;
  let stat = 0;
  for (const key of keys) {
    const expected = (r.get(key) ?? 0) * k;
    const observed = c.get(key) ?? 0;
    stat += expected === 0 ? (observed === 0 ? 0 : Infinity) : (observed - expected) ** 2 / expected;
  }
  return { statistic: stat, pValue: Number.isFinite(stat) ? gammaQ((keys.length - 1) / 2, stat / 2) : 0 };
}

/** Evidently's Z-test for a binary feature: difference of proportions, two-sided. */
function zTest(ref: Value[], cur: Value[]): { statistic: number; pValue: number } {
  const key = String(ref[0]);
  const p1 = ref.filter((v) => String(v) === key).length / ref.length;
  const p2 = cur.filter((v) => String(v) === key).length / cur.length;
  const pooled = (p1 * ref.length + p2 * cur.length) / (ref.length + cur.length);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / ref.length + 1 / cur.length));
  return { statistic: Math.abs(z), pValue: erfc(Math.abs(z) / Math.SQRT2) };
}

/** scipy.stats.wasserstein_distance divided by the reference's standard deviation (Evidently's "normed" variant). */
function wassersteinNormed(ref: number[], cur: number[]): number {
  const u = [...ref].sort((p, q) => p - q);
  const v = [...cur].sort((p, q) => p - q);
  const all = [...u, ...v].sort((p, q) => p - q);
  let iu = 0;
  let iv = 0;
  let w = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const at = must(all[k], 'value');
    while (iu < u.length && must(u[iu], 'u') <= at) iu++;
    while (iv < v.length && must(v[iv], 'v') <= at) iv++;
    w += Math.abs(iu / u.length - iv / v.length) * (must(all[k + 1], 'value') - at);
  }
  const mean = ref.reduce((s, x) => s + x, 0) / ref.length;
  const std = Math.sqrt(ref.reduce((s, x) => s + (x - mean) ** 2, 0) / ref.length);
  return w / Math.max(std, 0.001);
}

/** Evidently's get_binned_data: category shares, or Sturges histogram bins for numeric columns with > 20 values; zeros filled. */
function binned(ref: Value[], cur: Value[], kind: 'num' | 'cat'): { ref: number[]; cur: number[] } {
  let r: number[];
  let c: number[];
  if (kind === 'num' && counts(ref).size > 20) {
    const all = [...ref, ...cur].map(Number);
    const min = Math.min(...all);
    const max = Math.max(...all);
    const bins = Math.ceil(Math.log2(all.length)) + 1;
    const hist = (xs: Value[]): number[] => {
      const h = new Array<number>(bins).fill(0);
      for (const x of xs) {
        const idx = max === min ? 0 : Math.min(bins - 1, Math.floor(((Number(x) - min) / (max - min)) * bins));
        h[idx] = (h[idx] ?? 0) + 1;
      }
      return h.map((n) => n / xs.length);
    };
    r = hist(ref);
    c = hist(cur);
  } else {
    const rc = counts(ref);
    const cc = counts(cur);
    const keys = [...new Set([...rc.keys(), ...cc.keys()])].sort();
    r = keys.map((k) => (rc.get(k) ?? 0) / ref.length);
    c = keys.map((k) => (cc.get(k) ?? 0) / cur.length);
  }
  const fill = (xs: number[]): number[] => {
    const nonZero = xs.filter((x) => x > 0);
    const smallest = Math.min(...nonZero);
    const filler = smallest <= 0.0001 ? smallest / 1e6 : 0.0001;
    return xs.map((x) => (x === 0 ? filler : x));
  };
  return { ref: fill(r), cur: fill(c) };
}

/** scipy.spatial.distance.jensenshannon (natural log) over the binned shares. */
function jensenShannon(p: number[], q: number[]): number {
  const sp = p.reduce((s, x) => s + x, 0);
  const sq = q.reduce((s, x) => s + x, 0);
  let js = 0;
  p.forEach((pi, i) => {
    const a = pi / sp;
    const b = must(q[i], 'q') / sq;
    const m = (a + b) / 2;
    js += (a > 0 ? a * Math.log(a / m) : 0) + (b > 0 ? b * Math.log(b / m) : 0);
  });
  return Math.sqrt(Math.max(0, js / 2));
}

function psi(p: number[], q: number[]): number {
  return p.reduce((s, pi, i) => s + (pi - must(q[i], 'q')) * Math.log(pi / must(q[i], 'q')), 0);
}

type DriftMethod = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon';
interface FeatureDrift {
  name: string;
  type: 'num' | 'cat';
  method: DriftMethod;
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  psi: number;
}

/** Evidently's default stat test: ≤ 1000 reference rows → KS / chi-square / Z; more → normed Wasserstein / Jensen–Shannon. */
function featureDrift(def: FeatureDef, ref: Value[], cur: Value[]): FeatureDrift {
  const nValues = counts([...ref, ...cur]).size;
  const bins = binned(ref, cur, def.kind);
  const base = { name: def.name, type: def.kind, psi: round(psi(bins.ref, bins.cur), 4) };
  if (ref.length <= 1000) {
    const result =
      def.kind === 'num' && nValues > 5
        ? { method: 'ks' as const, ...ks2(ref.map(Number), cur.map(Number)) }
        : nValues > 2
          ? { method: 'chisquare' as const, ...chiSquare(ref, cur) }
          : { method: 'z' as const, ...zTest(ref, cur) };
    return {
      ...base,
      method: result.method,
      statistic: round(result.statistic, 4),
      pValue: sig(result.pValue, 4),
      threshold: 0.05,
      drifted: result.pValue < 0.05,
    };
  }
  if (def.kind === 'num' && nValues > 5) {
    const w = wassersteinNormed(ref.map(Number), cur.map(Number));
    return { ...base, method: 'wasserstein', statistic: round(w, 4), pValue: null, threshold: 0.1, drifted: w >= 0.1 };
  }
  const js = jensenShannon(bins.ref, bins.cur);
  return { ...base, method: 'jensenshannon', statistic: round(js, 4), pValue: null, threshold: 0.1, drifted: js >= 0.1 };
}

/**
 * Reference-vs-current counts for the charts, binned by the engine's own rule (its code, so the
 * recorded days draw like the computed latest window). Histogram edges keep 6 significant
 * digits: they are for display, and full doubles would make history.json a third larger.
 */
function demoDistribution(def: FeatureDef, ref: Value[], cur: Value[]): FeatureDistribution {
  if (def.kind === 'num') {
    const d = numericDistribution(Float64Array.from(ref, Number).sort(), Float64Array.from(cur, Number).sort());
    return d.binning === 'histogram' ? { ...d, edges: d.edges.map((e) => sig(e, 6)) } : d;
  }
  const labels = [...new Set([...ref, ...cur].map(String))];
  const index = new Map(labels.map((label, i) => [label, i]));
  const tally = (values: Value[]): Float64Array => {
    const out = new Float64Array(labels.length);
    for (const v of values) {
      const i = must(index.get(String(v)), 'category');
      out[i] = (out[i] ?? 0) + 1;
    }
    return out;
  };
  return categoricalDistribution(labels, tally(ref), tally(cur));
}

const DRIFT_SHARE = 0.5;
const HISTORY_DAYS = 45;
const BNPL_LAUNCH = ms('2026-10-28T00:00');

interface DriftModel {
  model: string;
  version: number;
  features: FeatureDef[];
  referenceRows: number;
  dailyRows: number;
  currentRows: number;
  sample: (rng: Rng, dayStart: number) => Row;
  reference: (rng: Rng, n: number) => Row[];
  referenceSnapshot: string;
  referenceKind: string;
  story: string;
}

const DRIFT_MODELS: DriftModel[] = [
  {
    model: 'card-fraud-blocker',
    version: 4,
    features: CARD_FEATURES,
    referenceRows: 3000,
    dailyRows: 2000,
    currentRows: 1500,
    sample: (rng, dayStart) => cardRow(rng, Math.min(1, Math.max(0, (dayStart - BNPL_LAUNCH) / (20 * DAY)))),
    reference: (rng, n) => Array.from({ length: n }, () => cardRow(rng, 0)),
    referenceSnapshot: 'card-0923',
    referenceKind: 'Random sample',
    story:
      'Drifting. The BNPL partner launch on 2026-10-28 and the holiday e-commerce season shift the merchant mix, channel, ' +
      'amounts, velocity and card–merchant pair history; the dataset drifts from early November.',
  },
  {
    model: 'credit-approval-scorer',
    version: 4,
    features: CREDIT_FEATURES,
    referenceRows: 1000,
    dailyRows: 180,
    currentRows: 900,
    sample: (rng) => creditRow(rng),
    reference: (rng, n) => creditReference(rng, n),
    referenceSnapshot: 'credit-0927',
    referenceKind: 'Sample, stratified by the categorical features,',
    story:
      'Stable. The applicant population does not move. Single features cross p < 0.05 now and then, as tests at that ' +
      'level do by chance, but the dataset never drifts.',
  },
];

function toCsv(features: FeatureDef[], rows: Row[]): string {
  const lines = [features.map((f) => f.name).join(',')];
  for (const row of rows) lines.push(features.map((f) => f.format(must(row[f.name], f.name))).join(','));
  return `${lines.join('\n')}\n`;
}

interface DriftOutput {
  files: { path: string; content: string }[];
  history: unknown;
}

function driftData(snapshots: Map<string, Snapshot>): DriftOutput {
  const files: { path: string; content: string }[] = [];
  const lastDay = ms('2026-11-17T00:00');
  const models = DRIFT_MODELS.map((dm) => {
    const snapshot = must(snapshots.get(dm.referenceSnapshot), dm.referenceSnapshot);
    const trainCols = new Set(snapshot.columns.map((c) => c.name));
    for (const f of dm.features) check(trainCols.has(f.name), `${dm.model} drift feature ${f.name} is not in its training schema`);
    const refRng = new Rng(`drift-reference:${dm.model}`);
    const reference = dm.reference(refRng, dm.referenceRows);
    const days = Array.from({ length: HISTORY_DAYS }, (_, i) => lastDay - (HISTORY_DAYS - 1 - i) * DAY);
    const current: Row[] = [];
    const perDayInCurrent = Math.ceil(dm.currentRows / 7);
    const history = days.map((dayStart, i) => {
      const rng = new Rng(`drift-day:${dm.model}:${day(dayStart)}`);
      const rows = Array.from({ length: dm.dailyRows }, () => dm.sample(rng, dayStart));
      if (i >= HISTORY_DAYS - 7) current.push(...rows.slice(0, perDayInCurrent));
      const features = dm.features.map((f) => {
        const refValues = reference.map((r) => must(r[f.name], f.name));
        const dayValues = rows.map((r) => must(r[f.name], f.name));
        return { ...featureDrift(f, refValues, dayValues), distribution: demoDistribution(f, refValues, dayValues) };
      });
      const drifted = features.filter((f) => f.drifted).length;
      const share = drifted / features.length;
      return {
        date: day(dayStart),
        window: { from: isoZ(dayStart), to: isoZ(dayStart + DAY) },
        currentRows: rows.length,
        driftedFeatures: drifted,
        driftShare: round(share, 4),
        datasetDrift: share >= DRIFT_SHARE,
        features,
      };
    });
    const currentRows = current.slice(0, dm.currentRows);
    const compare = (rows: Row[]): FeatureDrift[] =>
      dm.features.map((f) =>
        featureDrift(
          f,
          reference.map((r) => must(r[f.name], f.name)),
          rows.map((r) => must(r[f.name], f.name)),
        ),
      );
    const fileFeatures = compare(currentRows);
    const fileDrifted = fileFeatures.filter((f) => f.drifted).length;
    files.push({ path: `drift/${dm.model}/reference.csv`, content: toCsv(dm.features, reference) });
    files.push({ path: `drift/${dm.model}/current.csv`, content: toCsv(dm.features, currentRows) });
    return {
      model: dm.model,
      version: dm.version,
      alias: 'champion',
      story: dm.story,
      reference: {
        file: `${dm.model}/reference.csv`,
        rows: reference.length,
        description: `${dm.referenceKind} of the holdout set the version was validated on (${snapshot.holdoutDataset} @ ${snapshot.holdoutDigest}, snapshot ${snapshot.date}).`,
      },
      current: {
        file: `${dm.model}/current.csv`,
        rows: currentRows.length,
        description: `Sample of scored production traffic over the last 7 days (${day(must(days[HISTORY_DAYS - 7], 'day'))} to ${day(lastDay)}).`,
      },
      currentVsReference: {
        description: 'current.csv against reference.csv, exactly as `quorum drift --reference … --current …` should report it.',
        referenceRows: reference.length,
        currentRows: currentRows.length,
        driftedFeatures: fileDrifted,
        driftShare: round(fileDrifted / dm.features.length, 4),
        datasetDrift: fileDrifted / dm.features.length >= DRIFT_SHARE,
        features: fileFeatures,
      },
      methods:
        dm.referenceRows <= 1000
          ? 'Reference ≤ 1000 rows: KS for numeric features with > 5 values (drift if p < 0.05), chi-square for other features with > 2 values, Z-test for binary ones.'
          : 'Reference > 1000 rows: normed Wasserstein distance for numeric features with > 5 values, Jensen–Shannon distance for the others (drift if ≥ 0.1).',
      days: history,
    };
  });
  return {
    files,
    history: {
      format: 'quorum-demo-drift-history/1',
      description:
        'Daily drift results per deployed model and feature, computed by scripts/generate-demo.ts with Evidently’s default ' +
        'test choice (see README.md). Each day compares that day’s scored traffic with the reference sample.',
      datasetDriftShare: DRIFT_SHARE,
      models,
    },
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Governance story (story.json), and a gate evaluator with the policy's rules that checks the story
// says what we mean (who may sign, what passes, what is blocked and why)
// ─────────────────────────────────────────────────────────────────────────────────────────────

interface GateCheck {
  check: string;
  detail: string;
  actual?: number;
  threshold?: string;
}
interface GateResult {
  signedRoles: Role[];
  missingRoles: Role[];
  rejected: boolean;
  failingChecks: GateCheck[];
  waivedChecks: GateCheck[];
}

function metricRules(model: ModelSpec): MetricRule[] {
  const own = MODEL_RULES[model.name]?.metrics ?? [];
  return [...POLICY[model.tier].metrics.filter((r) => !own.some((o) => o.key === r.key)), ...own];
}

function evaluateGate(r: ReleaseSpec, at: number, built: Map<string, BuiltRun>, runIds: Map<string, string>): GateResult {
  const model = modelSpec(r.model);
  const tier = POLICY[model.tier];
  const run = must(built.get(versionSpec(r.model, r.version).run), 'run');
  const author = run.spec.user;
  const decisions = r.decisions.filter((d) => ms(d.at) <= at);
  const signed = new Map<Role, PersonId>();
  for (const d of decisions) {
    const person = must(
      PEOPLE.find((p) => p.id === d.by),
      d.by,
    );
    check(person.roles.includes(d.role), `${d.by} signs ${r.model} v${r.version} as ${d.role} without holding that role`);
    check(d.by !== author, `${d.by} signs ${r.model} v${r.version}, which they authored (independence)`);
    check(tier.signoffs.includes(d.role), `${d.role} is not a sign-off role for tier ${model.tier}`);
    check(ms(d.at) >= ms(r.at), `${d.by} decides on ${r.model} v${r.version} before it was requested`);
    check(at - ms(d.at) <= tier.approvalValidityDays * DAY, `${d.by}'s decision on ${r.model} v${r.version} has expired`);
    if (d.verdict === 'approve') {
      check(![...signed.values()].includes(d.by), `${d.by} fills two roles on ${r.model} v${r.version}`);
      signed.set(d.role, d.by);
    }
  }
  const waived = (id: string): boolean =>
    !!r.waiver && r.waiver.check === id && ms(r.waiver.at) <= at && at <= ms(r.waiver.at) + tier.approvalValidityDays * DAY;
  const failing: GateCheck[] = [];
  const waivedChecks: GateCheck[] = [];
  const record = (entry: GateCheck): void => {
    if (waived(entry.check)) waivedChecks.push(entry);
    else failing.push(entry);
  };
  check(run.out.info.status === 'FINISHED', `${r.model} v${r.version}'s run did not finish`);
  const finals = new Map<string, number>();
  for (const m of run.out.data.metrics) finals.set(m.key, m.value);
  for (const rule of metricRules(model)) {
    const value = must(finals.get(rule.key), `${rule.key} on ${run.spec.key}`);
    const ok = (rule.min === undefined || value >= rule.min) && (rule.max === undefined || value <= rule.max);
    const threshold = rule.min !== undefined ? `≥ ${rule.min}` : `≤ ${must(rule.max, 'max')}`;
    if (!ok) record({ check: `metric:${rule.key}`, detail: `${rule.key} ${value} does not meet ${threshold}`, actual: value, threshold });
  }
  const sim = must(simulateRegistry(at, runIds).get(r.model), 'model');
  const version = must(
    sim.versions.find((v) => v.version === r.version),
    'version',
  );
  for (const field of tier.modelCard) {
    const value =
      field === 'description'
        ? version.description.trim() || sim.description.trim()
        : (version.tags.find((t) => t.key === field)?.value ?? sim.tags.find((t) => t.key === field)?.value ?? '').trim();
    if (!value) record({ check: `model-card:${field}`, detail: `${field} is missing from the version and the model` });
  }
  return {
    signedRoles: [...signed.keys()],
    missingRoles: tier.signoffs.filter((role) => !signed.has(role)),
    rejected: decisions.some((d) => d.verdict === 'reject'),
    failingChecks: failing,
    waivedChecks,
  };
}

const SUMMARIES: Record<string, string> = {
  'credit-approval-scorer@5':
    'High-risk version waiting for its last sign-off: ML engineering and ops approved (ops with conditions); ' +
    'compliance has not signed yet. Every evidence check passes.',
  'card-fraud-blocker@5':
    'Blocked by a failing evidence check: val_auc 0.9187 is below the 0.93 the policy requires for this model. ' +
    'ML engineering and ops approved; compliance has not signed, and signing would not unblock it.',
  'application-fraud-detector@3':
    'Released with a waiver: the model card has no limitations section; compliance waived that check (due ' +
    '2026-12-01) with a written justification, then approved with conditions.',
  'churn-predictor@3': 'Rejected by compliance: age_band used directly as a feature.',
  'churn-predictor@4': 'Released after the rejection of v3, without age_band.',
  'doc-classifier@2': 'Requested, no decision yet: low risk needs one ops sign-off (Dana). Marcus, the author, may not sign.',
};

const CONNECTION = 'northwind-mlflow';

function governanceStory(built: Map<string, BuiltRun>, runIds: Map<string, string>, policyText: string): unknown {
  interface Act {
    at: number;
    order: number;
    key: string;
    body: Record<string, unknown>;
  }
  const acts: Act[] = [];
  let order = 0;
  const add = (at: string, body: Record<string, unknown>, key = ''): void => {
    acts.push({ at: ms(at, `act:${order}`), order: order++, key, body });
  };
  const person = (id: PersonId): Person =>
    must(
      PEOPLE.find((p) => p.id === id),
      id,
    );
  const identity = (id: PersonId) => ({ name: person(id).name, email: emailOf(id), handles: [id] });

  add('2026-09-01T08:02', {
    kind: 'workspace.created',
    actor: 'sam.whitfield',
    creator: identity('sam.whitfield'),
    note: 'Sam founds the workspace; the founder is its first admin.',
  });
  add('2026-09-01T08:20', {
    kind: 'policy.set',
    actor: 'sam.whitfield',
    file: 'policy.yaml',
    hash: sha256(policyText),
    message: 'Release policy agreed with Model Risk Management (owner: Helen Fischer).',
  });
  const onboarding: [PersonId, string][] = [
    ['helen.fischer', '09:10'],
    ['marcus.chen', '09:25'],
    ['dana.okafor', '09:40'],
    ['priya.raman', '10:05'],
    ['jonah.lindqvist', '10:20'],
    ['aisha.bello', '10:35'],
  ];
  for (const [id, time] of onboarding) add(`2026-09-01T${time}`, { kind: 'identity.created', actor: id, ...identity(id) });
  onboarding.forEach(([id], i) => {
    for (const role of person(id).roles) {
      add(`2026-09-01T11:${String(i * 2).padStart(2, '0')}`, { kind: 'role.granted', actor: 'sam.whitfield', subject: id, role });
    }
  });

  const expected: Record<string, unknown>[] = [];
  for (const r of RELEASES) {
    const subject = { connection: CONNECTION, model: r.model, version: r.version, stage: GOVERNED_STAGE };
    const requestKey = `request:${r.model}@${r.version}`;
    add(r.at, { kind: 'release.requested', actor: r.by, subject, note: r.note }, requestKey);
    const decisionActs = [
      ...r.decisions.map((d) => ({
        at: d.at,
        body:
          d.verdict === 'approve'
            ? {
                kind: 'signoff.approved',
                actor: d.by,
                request: requestKey,
                subject,
                role: d.role,
                comment: d.comment,
                conditions: d.conditions ?? [],
              }
            : { kind: 'signoff.rejected', actor: d.by, request: requestKey, subject, role: d.role, comment: d.comment },
      })),
      ...(r.waiver
        ? [
            {
              at: r.waiver.at,
              body: {
                kind: 'waiver.granted',
                actor: r.waiver.by,
                request: requestKey,
                subject,
                role: r.waiver.role,
                check: r.waiver.check,
                justification: r.waiver.justification,
                dueBy: r.waiver.expires.slice(0, 10),
              },
            },
          ]
        : []),
    ];
    for (const d of decisionActs) add(d.at, d.body);

    const evaluatedAt = r.releasedAt ? ms(r.releasedAt) : NOW;
    const gate = evaluateGate(r, evaluatedAt, built, runIds);
    const passes = gate.missingRoles.length === 0 && gate.failingChecks.length === 0 && !gate.rejected;
    const label = `${r.model} v${r.version}`;
    switch (r.outcome) {
      case 'released':
        check(passes && gate.waivedChecks.length === 0, `${label} is released but its gate does not pass`);
        break;
      case 'released-with-waiver':
        check(passes && gate.waivedChecks.length > 0, `${label} should pass only thanks to a waiver`);
        break;
      case 'rejected':
        check(gate.rejected, `${label} should be rejected`);
        break;
      case 'waiting-for-last-sign-off':
        check(gate.failingChecks.length === 0 && !gate.rejected && gate.missingRoles.length === 1, `${label} should wait for one sign-off`);
        break;
      case 'blocked-by-evidence':
        check(gate.failingChecks.length > 0 && !gate.rejected, `${label} should be blocked by evidence`);
        break;
      case 'requested':
        check(gate.signedRoles.length === 0 && gate.failingChecks.length === 0, `${label} should be a bare request`);
        break;
    }
    if (r.releasedAt) {
      const previous = RELEASES.filter((p) => p.model === r.model && p.releasedAt && p.releasedAt < must(r.releasedAt, 'release')).pop();
      add(r.releasedAt, {
        kind: 'writeback.performed',
        actor: r.by,
        request: requestKey,
        subject,
        alias: 'champion',
        registryStage: 'Production',
        previousVersion: previous?.version ?? null,
        tags: [
          { key: 'validation_status', value: r.waiver ? 'passed-with-waiver' : 'passed' },
          { key: 'deployment', value: modelSpec(r.model).deployment },
        ],
        note: 'Gate passed; Quorum moved the champion alias and the stage in MLflow.',
      });
    }
    const key = `${r.model}@${r.version}`;
    expected.push({
      model: r.model,
      version: r.version,
      stage: GOVERNED_STAGE,
      outcome: r.outcome,
      evaluatedAt: isoZ(evaluatedAt),
      gate: passes ? 'pass' : 'blocked',
      signedRoles: gate.signedRoles,
      missingRoles: gate.missingRoles,
      failingChecks: gate.failingChecks,
      waivedChecks: gate.waivedChecks,
      ...(SUMMARIES[key] ? { summary: SUMMARIES[key] } : {}),
    });
  }

  // The alias moved outside Quorum: no act at all, and the version would not pass its gate either.
  const outsideGate = evaluateGate(
    { model: 'offer-pricing', version: 4, by: 'aisha.bello', at: '2026-11-14T16:47', note: '', decisions: [], outcome: 'requested' },
    NOW,
    built,
    runIds,
  );
  expected.push({
    model: 'offer-pricing',
    version: 4,
    stage: GOVERNED_STAGE,
    outcome: 'alias-moved-outside-quorum',
    evaluatedAt: isoZ(NOW),
    gate: 'blocked',
    alias: 'champion',
    from: 3,
    to: 4,
    movedAt: isoZ(ms('2026-11-14T16:47')),
    signedRoles: [],
    missingRoles: outsideGate.missingRoles,
    failingChecks: outsideGate.failingChecks,
    waivedChecks: [],
    summary:
      'champion was moved from v3 to v4 directly in MLflow on 2026-11-14 for the holiday campaign: no release request, ' +
      'no sign-off, and v4 has no model card. The registry diff between the two looks records it as alias-moved.',
  });

  const sorted = acts.sort((a, b) => a.at - b.at || a.order - b.order);
  const ids = new Map<string, string>();
  sorted.forEach((a, i) => {
    if (a.key) ids.set(a.key, `act-${String(i + 1).padStart(3, '0')}`);
  });
  return {
    format: 'quorum-demo-governance-story/1',
    description:
      'Governance acts of the Northwind Financial demo, oldest first. Replaying them means signing each act as the ledger ' +
      'event of the same kind, by its actor, at its time. The registry side of each release (alias and stage) is ' +
      'already in registry/.',
    organisation: ORGANISATION.name,
    connection: CONNECTION,
    policy: { file: 'policy.yaml', name: POLICY_NAME, sha256: sha256(policyText) },
    now: isoZ(NOW),
    acts: sorted.map((a, i) => {
      const body = { ...a.body };
      if (typeof body.request === 'string') body.request = must(ids.get(body.request), body.request);
      return { id: `act-${String(i + 1).padStart(3, '0')}`, at: isoZ(a.at), ...body };
    }),
    expected,
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Main
// ─────────────────────────────────────────────────────────────────────────────────────────────

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/**
 * As `json`, but an array of plain values (the drift history's bin counts and edges) stays on
 * one line: one number per line would more than double the file for nothing a reader gains.
 */
function compactJson(value: unknown): string {
  const write = (v: unknown, indent: string): string => {
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      return `[\n${v.map((x) => `${inner}${write(x, inner)}`).join(',\n')}\n${indent}]`;
    }
    if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return '{}';
      return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
    }
    return JSON.stringify(v);
  };
  return `${write(value, '')}\n`;
}

/** Writes the whole demo under outDir (the generated parts only; README.md is hand-written). */
export function generateDemo(outDir: string): { files: string[] } {
  const written: string[] = [];
  const write = (path: string, content: string): void => {
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    written.push(path);
  };
  for (const part of ['registry', 'lineage', 'dvc', 'governance', 'drift', 'workspace.json'])
    rmSync(join(outDir, part), { recursive: true, force: true });

  // Consistency of the hand-written tables.
  for (const p of PEOPLE)
    check(
      TEAMS.some((t) => t.id === p.team),
      `${p.id}'s team`,
    );
  for (const m of MODELS) {
    check(
      TEAMS.some((t) => t.id === m.team && t.ownsModels),
      `${m.name}'s team`,
    );
    check(
      PEOPLE.some((p) => p.id === m.owner),
      `${m.name}'s owner`,
    );
    check(
      ms(m.created) <
        ms(
          must(
            VERSIONS.find((v) => v.model === m.name),
            `v1 of ${m.name}`,
          ).created,
        ),
      `${m.name} created after its v1`,
    );
  }
  for (const r of RUNS)
    check(
      PEOPLE.some((p) => p.id === r.user && p.team !== 'model-risk'),
      `${r.key}'s user`,
    );

  const snapshots = buildSnapshots();
  const built = new Map(RUNS.map((spec) => [spec.key, buildRun(spec, snapshots)]));
  const runIds = new Map([...built].map(([key, b]) => [key, b.runId]));
  const runs = [...built.values()];
  const registered = new Set(VERSIONS.map((v) => v.run));
  for (const r of runs)
    if (r.out.info.status !== 'FINISHED') check(!registered.has(r.spec.key), `unfinished run ${r.spec.key} is registered`);

  // 1. Registry looks
  for (const look of LOOKS) {
    const l = registryLook(look.at, runs, runIds);
    write(`registry/${look.dir}/experiments.json`, json(l.experiments));
    write(`registry/${look.dir}/runs.json`, json(l.runs));
    write(`registry/${look.dir}/registered-models.json`, json(l.models));
    write(`registry/${look.dir}/model-versions.json`, json(l.versions));
  }
  const histories = runs
    .filter((r) => r.out.info.start_time <= must(LOOKS[LOOKS.length - 1], 'look').at)
    .sort((a, b) => b.out.info.start_time - a.out.info.start_time)
    .flatMap((r) => r.histories);
  write(`registry/${must(LOOKS[LOOKS.length - 1], 'look').dir}/metric-history.json`, json({ histories }));

  // 2. People and teams
  write(
    'workspace.json',
    json({
      format: 'quorum-demo-workspace/1',
      organisation: ORGANISATION,
      teams: TEAMS,
      people: PEOPLE.map((p) => ({
        id: p.id,
        name: p.name,
        email: emailOf(p.id),
        team: p.team,
        title: p.title,
        roles: p.roles,
        persona: p.persona,
      })),
      mlflow: { connection: 'northwind-mlflow', trackingUri: 'https://mlflow.northwind.example' },
    }),
  );

  // 3. Lineage
  const events = lineageEvents(snapshots);
  write('lineage/events.jsonl', events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const dvc = dvcFiles();
  write('dvc/dvc.yaml', dvc.yaml);
  write('dvc/dvc.lock', dvc.lock);
  write('dvc/params.yaml', dvc.params);
  const known = new Set<string>([DVC_FILES.train.md5, DVC_FILES.holdout.md5]);
  for (const e of events)
    for (const o of e.outputs) {
      const version = (o.facets?.version as { datasetVersion?: string } | undefined)?.datasetVersion;
      if (version) known.add(version);
    }
  for (const r of runs)
    for (const i of r.out.inputs.dataset_inputs)
      check(known.has(i.dataset.digest), `${r.spec.key} input ${i.dataset.digest} has no lineage`);

  // 4. Governance
  const policyText = renderPolicy();
  write('governance/policy.yaml', policyText);
  write('governance/story.json', json(governanceStory(built, runIds, policyText)));

  // 5. Drift
  const drift = driftData(snapshots);
  for (const f of drift.files) write(f.path, f.content);
  write('drift/history.json', compactJson(drift.history));

  return { files: written };
}

function main(): void {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const outDir =
    outIndex >= 0 ? resolve(must(args[outIndex + 1], '--out DIR')) : fileURLToPath(new URL('../resources/demo/', import.meta.url));
  const { files } = generateDemo(outDir);
  process.stdout.write(`generate-demo: wrote ${files.length} files under ${outDir}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
