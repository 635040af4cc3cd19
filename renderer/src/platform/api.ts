import type { QuorumApi } from '@shared/contract';
import { createCall } from './call';
import { createHttpApi } from './http-api';

/** What the Electron preload adds to the page; read through a local type so no global is declared twice. */
type WindowWithBridge = Window & { readonly quorum?: QuorumApi };

/** The desktop app's preload bridge when present, HTTP to `quorum serve` otherwise. */
export const api: QuorumApi = (window as WindowWithBridge).quorum ?? createHttpApi();

export const call = createCall(api);
