import type { Alias, DatasetInput, Tag } from '@shared/domain/catalog';

/**
 * What any registry connector hands the catalog: one backend's view, already in Quorum's
 * terms. MLflow maps its REST shapes into these; SageMaker, W&B or Kubeflow would too.
 */
export interface ExperimentRecord {
  experimentId: string;
  name: string;
  lifecycleStage: string;
  tags: Tag[];
  createdAt: number | null;
  lastUpdatedAt: number | null;
}

export interface MetricRecord {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

export interface RunRecord {
  runId: string;
  experimentId: string;
  runName: string | null;
  user: string | null;
  status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';
  startTime: number | null;
  endTime: number | null;
  lifecycleStage: string;
  params: Tag[];
  metrics: MetricRecord[];
  tags: Tag[];
  datasetInputs: DatasetInput[];
}

export interface RegisteredModelRecord {
  name: string;
  description: string;
  createdAt: number;
  lastUpdatedAt: number;
  tags: Tag[];
  aliases: Alias[];
}

export interface ModelVersionRecord {
  modelName: string;
  version: number;
  status: string;
  stage: string;
  source: string | null;
  runId: string | null;
  user: string | null;
  description: string;
  tags: Tag[];
  aliases: string[];
  createdAt: number;
  lastUpdatedAt: number;
}

/** One look at a registry. `complete` means it lists everything, so absence means deletion. */
export interface RegistrySnapshot {
  experiments: ExperimentRecord[];
  runs: RunRecord[];
  models: RegisteredModelRecord[];
  versions: ModelVersionRecord[];
  complete: boolean;
}
