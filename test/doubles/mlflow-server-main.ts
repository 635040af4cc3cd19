import { RECORDINGS, type RecordingName } from './mlflow/recordings';
import { startMlflowDouble } from './mlflow-server';

/**
 * The MLflow double as its own process, for benchmarks (so the process under measurement
 * holds only what it measures):
 *
 *   node --import tsx test/doubles/mlflow-server-main.ts [--recording 2.17.2] [--scale MODELS,VERSIONS_PER_MODEL,RUNS]
 *
 * Prints `ready <url>` once listening; stops on SIGTERM.
 */
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const recording = (option('--recording') ?? '2.17.2') as RecordingName;
if (!RECORDINGS.includes(recording)) throw new Error(`unknown recording ${recording}`);
const scaleArg = option('--scale');
const [models, versionsPerModel, runs] = (scaleArg ?? '').split(',').map(Number);
const double = await startMlflowDouble({
  recording,
  log: false,
  ...(scaleArg ? { scale: { models: models ?? 0, versionsPerModel: versionsPerModel ?? 0, runs: runs ?? 0 } } : {}),
});
process.stdout.write(`ready ${double.url}\n`);
process.on('SIGTERM', () => {
  void double.close().then(() => process.exit(0));
});
