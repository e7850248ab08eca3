import { constants, createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { FileStore } from './file-store';

const SHA256 = /^[0-9a-f]{64}$/;
const UPLOAD_ID = /^[0-9a-f-]{36}$/;

function checked(value: string, pattern: RegExp): string {
  // Names reach the filesystem: refuse anything that is not exactly a hash or a uuid.
  if (!pattern.test(value)) throw new Error(`invalid file store name: ${value.slice(0, 80)}`);
  return value;
}

/**
 * Files under `<dataDir>/files/<first two hex digits>/<sha256>` (the fan-out keeps directories
 * small), unfinished uploads under `<dataDir>/uploads/<upload id>`. Both sit on one filesystem,
 * so finalizing is an atomic rename.
 */
export function createFsFileStore(dataDir: string): FileStore {
  const filesDir = path.join(dataDir, 'files');
  const uploadsDir = path.join(dataDir, 'uploads');
  const uploadPath = (id: string) => path.join(uploadsDir, checked(id, UPLOAD_ID));
  const filePath = (sha256: string) =>
    path.join(filesDir, checked(sha256, SHA256).slice(0, 2), sha256);

  return {
    async writeChunk(uploadId, offset, bytes) {
      const target = uploadPath(uploadId);
      await mkdir(uploadsDir, { recursive: true });
      // Positional writes: O_APPEND would ignore the offset.
      const handle = await open(target, constants.O_RDWR | constants.O_CREAT, 0o600);
      try {
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await handle.write(
            bytes,
            written,
            bytes.length - written,
            offset + written,
          );
          written += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
    },

    async *readUpload(uploadId, length) {
      if (length === 0) return;
      const stream = createReadStream(uploadPath(uploadId), { start: 0, end: length - 1 });
      for await (const chunk of stream) yield chunk as Buffer;
    },

    async discardUpload(uploadId) {
      await rm(uploadPath(uploadId), { force: true });
    },

    async finalize(uploadId, sha256, length) {
      const source = uploadPath(uploadId);
      const target = filePath(sha256);
      if (await stat(target).catch(() => null)) {
        await rm(source, { force: true });
        return;
      }
      await truncate(source, length);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(source, target);
    },

    async stat(sha256) {
      const info = await stat(filePath(sha256)).catch(() => null);
      return info?.isFile() ? { size: info.size } : null;
    },

    read(sha256) {
      return Readable.toWeb(createReadStream(filePath(sha256))) as ReadableStream<Uint8Array>;
    },

    async delete(sha256) {
      await rm(filePath(sha256), { force: true });
    },
  };
}
