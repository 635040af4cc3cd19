import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './api';

// The page gets window.quorum and nothing else; `process` here is the sandbox's small polyfill.
contextBridge.exposeInMainWorld('quorum', createPreloadApi(ipcRenderer, { shell: 'desktop', os: process.platform }));
