/**
 * Where attachment bytes live. The filesystem implementation (fs-file-store.ts) is the default;
 * an object store implements the same contract (a multipart upload per `uploadId`, a copy to the
 * content address on `finalize`). The database, not the store, says how many bytes of an upload
 * were accepted, so a store may hold stale bytes past that offset.
 */
export interface FileStore {
  /** Writes `bytes` of unfinished upload `uploadId` at `offset`, creating the upload if needed. */
  writeChunk(uploadId: string, offset: number, bytes: Uint8Array): Promise<void>;
  /** The first `length` bytes of an unfinished upload, in order. */
  readUpload(uploadId: string, length: number): AsyncIterable<Uint8Array>;
  /** Forgets an unfinished upload (nothing happens when it does not exist). */
  discardUpload(uploadId: string): Promise<void>;
  /**
   * Moves the first `length` bytes of a verified upload to the address `sha256`. When that
   * address already holds the file (a concurrent duplicate), the upload is simply discarded.
   */
  finalize(uploadId: string, sha256: string, length: number): Promise<void>;
  /** Size of a stored file, or null. */
  stat(sha256: string): Promise<{ size: number } | null>;
  /** The bytes of a stored file. */
  read(sha256: string): ReadableStream<Uint8Array>;
  /** Removes a stored file (nothing happens when it does not exist). */
  delete(sha256: string): Promise<void>;
}
