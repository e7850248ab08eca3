import type { TemplateFile, TemplateFileFormat } from '@ducha/shared';

/** Bytes as base64 (tRPC speaks JSON), in chunks so a large file does not overflow the stack. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The format of a chosen file by its name, or null for anything else. */
export function formatOfFile(name: string): TemplateFileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Saves a file the server produced, through the browser's download. */
export function downloadFile(file: TemplateFile, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(file.base64)], { type: file.mime }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = file.filename;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
