import { rm } from 'node:fs/promises';

// The runner calls this before it stops the web server; the server is then killed outright, so
// removing its data directory first leaves nothing behind and cannot corrupt a later run.
export default async function globalTeardown(): Promise<void> {
  const dataDir = process.env.DUCHA_E2E_DATA_DIR;
  if (dataDir?.includes('ducha-e2e-')) await rm(dataDir, { recursive: true, force: true });
}
