import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QuorumError } from '../../electron/core/errors';
import { removeTempDirs } from '../helpers/temp';
import { loadRecording, RECORDINGS, type Exchange } from '../doubles/mlflow/recordings';
import { SCRATCH_MODEL, type WireModel, type WireVersion } from '../doubles/mlflow/state';
import { startMlflowDouble, type LoggedRequest, type MlflowDouble } from '../doubles/mlflow-server';
import { sendRecorded } from './helpers/replay';
import { openWorkspace, type Workspace } from './helpers/workspace';

/**
 * Write-back sends exactly what MLflow expects: each call is compared with the request a
 * real MLflow client made in the recorded scratch scenario (method, path, query, JSON body,
 * content type), and answered as MLflow answered it.
 */
describe.each(RECORDINGS)('write-back against MLflow %s', (name) => {
  const recording = loadRecording(name);
  let double: MlflowDouble;
  let ws: Workspace;
  const signal = new AbortController().signal;
  beforeEach(async () => {
    double = await startMlflowDouble({ recording: name });
    // The scratch model and its two versions, as the recorded create calls returned them.
    double.state.addModel(recording.body<{ registered_model: WireModel }>('scratch-registered-models-create').registered_model);
    double.state.addVersion(recording.body<{ model_version: WireVersion }>('scratch-model-versions-create-v1').model_version);
    double.state.addVersion(recording.body<{ model_version: WireVersion }>('scratch-model-versions-create-v2').model_version);
    ws = openWorkspace();
    await ws.call('connections.add', { name: 'prod', kind: 'mlflow', url: double.url, writeBack: true, test: false });
  });
  afterEach(async () => {
    ws.close();
    await double.close();
    removeTempDirs();
  });

  const expectSameAs = (file: string, sent: LoggedRequest | undefined) => {
    const recorded: Exchange = recording.get(file);
    expect(sent).toBeDefined();
    expect({ method: sent?.method, path: sent?.path, query: sent?.query, body: sent?.body }).toEqual({
      method: recorded.request.method,
      path: recorded.request.path,
      query: recorded.request.query,
      body: recorded.request.body,
    });
    expect(sent?.headers.contentType).toBe(recorded.request.headers['content-type']);
    expect(sent?.status).toBe(recorded.response.status);
  };

  it('sets, changes and deletes version tags, and sets, moves and deletes aliases, as MLflow clients do', async () => {
    const wb = ws.core.registry.writeBack;
    const v1 = { model: SCRATCH_MODEL, version: 1 };
    const steps: [string, () => Promise<void>][] = [
      ['scratch-model-versions-set-tag', () => wb.setVersionTag('prod', v1, 'validation_status', 'passed', signal)],
      ['scratch-model-versions-set-tag-second', () => wb.setVersionTag('prod', v1, 'approval_ticket', 'MRM-0001', signal)],
      ['scratch-model-versions-delete-tag', () => wb.deleteVersionTag('prod', v1, 'approval_ticket', signal)],
      ['scratch-model-versions-delete-tag-missing', () => wb.deleteVersionTag('prod', v1, 'approval_ticket', signal)],
      ['scratch-registered-models-alias-set', () => wb.setAlias('prod', SCRATCH_MODEL, 'champion', 1, signal)],
      ['scratch-registered-models-alias-set-challenger', () => wb.setAlias('prod', SCRATCH_MODEL, 'challenger', 2, signal)],
      ['scratch-registered-models-alias-move', () => wb.setAlias('prod', SCRATCH_MODEL, 'champion', 2, signal)],
      ['scratch-registered-models-alias-delete', () => wb.deleteAlias('prod', SCRATCH_MODEL, 'champion', signal)],
      ['scratch-registered-models-alias-delete-absent', () => wb.deleteAlias('prod', SCRATCH_MODEL, 'champion', signal)],
    ];
    for (const [file, step] of steps) {
      await step();
      expectSameAs(file, double.requests.at(-1));
      if (file === 'scratch-registered-models-alias-move') {
        // The server's view matches the recorded one: version 2 now holds both aliases.
        const check = recording.get('scratch-model-versions-get-two-aliases');
        expect((await sendRecorded(double.url, check.request)).body).toEqual(check.response.body);
      }
    }
    expect(double.state.versions.get(`${SCRATCH_MODEL}\u00001`)?.tags).toEqual([{ key: 'validation_status', value: 'passed' }]);
    expect(double.state.aliasesOf(SCRATCH_MODEL)).toEqual([{ alias: 'challenger', version: '2' }]);
  });

  it('refuses when the connection does not allow write-back, before any request', async () => {
    await ws.call('connections.update', { name: 'prod', writeBack: false });
    const before = double.requests.length;
    const error = await ws.core.registry.writeBack.setAlias('prod', SCRATCH_MODEL, 'champion', 1, signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuorumError);
    expect(error).toMatchObject({ code: 'forbidden' });
    expect((error as Error).message).toBe(
      `Write-back is off for connection "prod": Quorum only reads ${double.url}. Turn it on in Settings or with \`quorum connect mlflow --write-back\` to let Quorum set tags and aliases there.`,
    );
    expect(double.requests.length).toBe(before);
  });

  it('checks MLflow naming rules before sending', async () => {
    const wb = ws.core.registry.writeBack;
    const before = double.requests.length;
    await expect(wb.setAlias('prod', SCRATCH_MODEL, 'latest', 1, signal)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(wb.setAlias('prod', SCRATCH_MODEL, 'prod ready!', 1, signal)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(wb.setVersionTag('prod', { model: SCRATCH_MODEL, version: 1 }, 'approval ticket?#', 'x', signal)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(double.requests.length).toBe(before);
  });

  it("passes the server's refusal on with MLflow's own message", async () => {
    const error = await ws.core.registry.writeBack
      .setVersionTag('prod', { model: SCRATCH_MODEL, version: 99 }, 'validation_status', 'passed', signal)
      .catch((e: unknown) => e);
    const recorded = recording.get('scratch-model-versions-set-tag-unknown-version');
    expectSameAs('scratch-model-versions-set-tag-unknown-version', double.requests.at(-1));
    expect(error).toMatchObject({ code: 'not_found', details: { connection: 'prod', problem: 'not-found' } });
    expect((error as Error).message).toContain((recorded.response.body as { message: string }).message);
  });

  it('a sync afterwards sees the promotion as an observed change', async () => {
    await ws.call('sync.start', { connection: 'prod', wait: true });
    await ws.core.registry.writeBack.setAlias('prod', 'fraud-detector', 'champion', 4, signal);
    await ws.call('sync.start', { connection: 'prod', wait: true });
    const { activity } = await ws.call('models.get', { connection: 'prod', name: 'fraud-detector' });
    expect(activity).toContainEqual(expect.objectContaining({ kind: 'alias-moved', subject: 'champion', from: '3', to: '4' }));
  });
});
