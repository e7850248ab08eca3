import { connectivity, locale, session } from '$lib/app-context';
import { createApiClient } from '$lib/api/trpc-client';
import { LedgerItemManager } from '$lib/ledger/ledger-item.svelte';
import { LedgerListManager } from '$lib/ledger/ledger-list.svelte';
import { SpotCheckManager } from '$lib/ledger/spot-check.svelte';
import { createLedgerService } from '$lib/services/ledger.service';
import { createPlanningService } from '$lib/services/planning.service';
import { createTemplateService } from '$lib/services/template.service';
import { createAttachmentUploader, sha256OfBlob } from '$lib/sync/attachment-uploader';

/*
 * The wiring of the console's 整改台账 screens, imported by those routes only (like
 * planning-context.ts): the one place their managers are made.
 */
const api = createApiClient({ getLocale: () => locale.current });
const currentLocale = () => locale.current;
const ledgerService = createLedgerService(api);
const uploader = createAttachmentUploader({ locale: currentLocale });

export const ledgerList = new LedgerListManager({
  ledger: ledgerService,
  connectivity,
  locale: currentLocale,
});

export const ledgerItem = new LedgerItemManager({
  ledger: ledgerService,
  connectivity,
  locale: currentLocale,
  role: () => session.role,
  upload: async (file) => {
    const sha256 = await sha256OfBlob(file);
    const out = await uploader.upload({ blob: file, sha256, mime: file.type });
    return out.sha256;
  },
});

export const spotChecks = new SpotCheckManager({
  ledger: ledgerService,
  planning: createPlanningService(api),
  templates: createTemplateService(api),
  connectivity,
  locale: currentLocale,
});
