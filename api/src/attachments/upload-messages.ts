import { MESSAGES, type Locale, type MessageKey } from '@ducha/shared';

/*
 * Messages of the upload endpoints that the shared catalogue does not hold (yet). They travel as
 * `messageKey` + localized `message`, exactly like tRPC errors, so a device can show either.
 */
const UPLOAD_MESSAGES = {
  'upload.too_large': {
    'zh-CN': '文件过大，单个文件不能超过 {maxMiB} MB',
    en: 'The file is too large: at most {maxMiB} MB per file',
  },
  'upload.unsupported_type': {
    'zh-CN': '不支持该文件类型，仅支持 JPEG、PNG、WebP、HEIC 图片和 PDF 文档',
    en: 'Unsupported file type: only JPEG, PNG, WebP, HEIC images and PDF documents are accepted',
  },
  'upload.type_mismatch': {
    'zh-CN': '文件内容与声明的类型不符，已拒收',
    en: 'The file content does not match its declared type and was refused',
  },
  'upload.hash_mismatch': {
    'zh-CN': '文件校验失败（SHA-256 不一致），已丢弃已上传部分，请重新上传',
    en: 'File verification failed (SHA-256 mismatch); the partial upload was discarded. Please upload again',
  },
  'upload.offset_mismatch': {
    'zh-CN': '上传位置不一致，请从服务器记录的位置继续上传',
    en: 'Upload offset mismatch: resume from the offset the server reports',
  },
  'upload.chunk_too_large': {
    'zh-CN': '单次上传的数据块过大（不超过 1 MB）',
    en: 'The chunk is too large (at most 1 MB per request)',
  },
  'upload.exceeds_declared_size': {
    'zh-CN': '上传的数据超出了声明的文件大小',
    en: 'The uploaded bytes exceed the declared file size',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type UploadMessageKey = keyof typeof UPLOAD_MESSAGES;
export type AnyMessageKey = UploadMessageKey | MessageKey;

export function translateUpload(
  key: AnyMessageKey,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const entry: Record<Locale, string> =
    key in UPLOAD_MESSAGES ? UPLOAD_MESSAGES[key as UploadMessageKey] : MESSAGES[key as MessageKey];
  return entry[locale].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export const UPLOAD_MESSAGE_KEYS = Object.keys(UPLOAD_MESSAGES) as UploadMessageKey[];
export { UPLOAD_MESSAGES };
