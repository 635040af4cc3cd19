import { describe, expect, it } from 'vitest';
import type { QuorumApi } from '@shared/contract';
import { createCall, isQuorumCallError, QuorumCallError } from './call';

function apiAnswering(invoke: (operation: string) => Promise<unknown>): QuorumApi {
  return { invoke: invoke as QuorumApi['invoke'], on: () => () => undefined, platform: { shell: 'browser', os: 'test' } };
}

describe('call', () => {
  it('returns the data of a successful envelope', async () => {
    const call = createCall(apiAnswering(async () => ({ ok: true, data: { empty: true } })));
    expect(await call('system.info', {})).toEqual({ empty: true });
  });

  it('throws the core’s error as a QuorumCallError', async () => {
    const call = createCall(
      apiAnswering(async () => ({ ok: false, error: { code: 'not_found', message: 'No such model.', details: { name: 'x' } } })),
    );
    const error = await call('models.get', { connection: 'c', name: 'x' }).catch((caught: unknown) => caught);
    expect(isQuorumCallError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'not_found', message: 'No such model.', details: { name: 'x' }, operation: 'models.get' });
  });

  it('reports a transport that throws as unavailable', async () => {
    const call = createCall(
      apiAnswering(async () => {
        throw new Error('channel closed');
      }),
    );
    await expect(call('system.info', {})).rejects.toBeInstanceOf(QuorumCallError);
    await expect(call('system.info', {})).rejects.toMatchObject({ code: 'unavailable' });
  });
});
