import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The API serves whatever is in the web build; without one every browser test would only time out.
export default function globalSetup(): void {
  const webDir = process.env.WEB_DIR
    ? resolve(process.env.WEB_DIR)
    : fileURLToPath(new URL('../../web/build', import.meta.url));
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`No web build in ${webDir}: run \`pnpm build\` at the repository root first.`);
  }
}
