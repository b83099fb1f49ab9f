// Hands a chunk to a writable stream and waits for 'drain' when the stream asks for it, so a
// slow consumer (a pipe, a disk) holds back the producer instead of growing our memory.

import { SinkOutputError } from './sink-errors.js';

type Writable = NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean };

export function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed || out.writableEnded) {
    return Promise.reject(new SinkOutputError('the stream is already ended or destroyed'));
  }
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      out.removeListener('drain', onDrain);
      out.removeListener('error', onError);
      out.removeListener('close', onClose);
      if (error === undefined) resolve();
      else reject(error instanceof SinkOutputError ? error : new SinkOutputError(String(error), { cause: error }));
    };
    const onDrain = (): void => finish();
    const onError = (error: unknown): void => finish(error);
    const onClose = (): void => finish(new SinkOutputError('the stream closed before it drained'));
    out.on('error', onError);
    let accepted: boolean;
    try {
      accepted = out.write(chunk, 'utf8');
    } catch (error) {
      finish(error);
      return;
    }
    if (accepted) {
      finish();
      return;
    }
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/** Ends the stream and waits until everything has been flushed ('finish'). */
export function endStream(out: Writable): Promise<void> {
  if (out.writableEnded) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const onError = (error: unknown): void => {
      out.removeListener('finish', onFinish);
      reject(new SinkOutputError(String(error), { cause: error }));
    };
    const onFinish = (): void => {
      out.removeListener('error', onError);
      resolve();
    };
    out.once('error', onError);
    out.once('finish', onFinish);
    out.end();
  });
}
