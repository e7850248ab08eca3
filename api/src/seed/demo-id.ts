import { createHash } from 'node:crypto';

/**
 * A stable uuid-shaped id derived from a name, so the demo's templates, sections and items keep
 * the same ids on every machine (and a template's second version can reuse the first's item ids).
 */
export function demoId(name: string): string {
  const h = createHash('sha256').update(`ducha-demo:${name}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
