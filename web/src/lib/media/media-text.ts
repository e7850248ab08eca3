import { isMessageKey, translate, type Locale } from '@ducha/shared';
import { m } from '$lib/paraglide/messages.js';
import type { DownloadFailure } from '$lib/sync/attachment-downloader';
import type { EvidenceRefusal } from './evidence.service';
import { MAX_ATTACHMENT_MIB } from './file-policy';

/** Why a file was not taken, in the user's language. */
export function refusalText(reason: EvidenceRefusal | string, locale: Locale): string {
  switch (reason) {
    case 'too_large':
      return m.media_refused_too_large({ maxMiB: MAX_ATTACHMENT_MIB });
    case 'unsupported_type':
      return m.media_refused_unsupported_type();
    case 'office':
      return m.media_refused_office();
    case 'empty':
      return m.media_refused_empty();
    case 'unreadable':
      return m.media_refused_unreadable();
  }
  return isMessageKey(reason)
    ? translate(reason, locale, { maxMiB: MAX_ATTACHMENT_MIB })
    : m.media_refused_unreadable();
}

export function downloadFailureText(reason: DownloadFailure): string {
  switch (reason) {
    case 'not_found':
      return m.media_download_not_found();
    case 'hash_mismatch':
      return m.media_download_hash_mismatch();
    case 'network':
      return m.media_download_network();
  }
}
