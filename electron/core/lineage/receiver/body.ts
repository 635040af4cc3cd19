import type { IncomingMessage } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

export type BodyResult =
  | { kind: 'ok'; body: Buffer }
  | { kind: 'too-large' }
  | { kind: 'bad-encoding'; message: string }
  | { kind: 'unsupported-encoding'; encoding: string };

/** Beyond the cap, an over-long body is still read (and thrown away) up to this much, so the client gets its 413. */
const DISCARD_LIMIT = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes after decompression. The OpenLineage clients can
 * gzip their events (`compression: gzip`); the cap applies to what the body inflates to, so a
 * small compressed bomb is refused like a big plain body.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  const encoding = String(request.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (!Number.isNaN(declared) && declared > limit && encoding === 'identity') {
    discard(request);
    return Promise.resolve({ kind: 'too-large' });
  }
  let stream: Readable = request;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = request.pipe(createGunzip());
  else if (encoding === 'deflate') stream = request.pipe(createInflate());
  else if (encoding === 'br') stream = request.pipe(createBrotliDecompress());
  else if (encoding !== 'identity' && encoding !== '') {
    discard(request);
    return Promise.resolve({ kind: 'unsupported-encoding', encoding });
  }

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        if (stream !== request) stream.destroy();
        discard(request);
        settle({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    stream.on('end', () => settle({ kind: 'ok', body: Buffer.concat(chunks) }));
    stream.on('error', (error: Error) => {
      if (stream !== request) request.resume();
      settle({ kind: 'bad-encoding', message: error.message });
    });
    request.on('aborted', () => settle({ kind: 'bad-encoding', message: 'the client closed the connection before the body ended' }));
  });
}

/** Reads and drops the rest of a body, so the answer reaches the client; gives up on endless ones. */
export function discard(request: IncomingMessage): void {
  let dropped = 0;
  request.removeAllListeners('data');
  request.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT) request.destroy();
  });
  request.resume();
}
