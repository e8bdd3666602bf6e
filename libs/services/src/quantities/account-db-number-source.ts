// A NumberSource reading what Kazoo 4.3 keeps in the account db (one `number` doc per assigned
// number) and system_config number_manager. It stands in until @tollgate/numbers exports its own
// listing, classifier and billable rules; those replace it in services-sync and crossbar wiring.
import type { SystemConfig } from '@tollgate/config';
import { accountDbName, type Couch } from '@tollgate/kazoo-db';
import { scanAccountDocs } from './scan-account-docs';
import type { AccountNumber, NumberSource } from './number-source';

/** Kazoo's default classifiers, in the order they are tried. */
export const DEFAULT_CLASSIFIERS: [string, string][] = [
  ['tollfree_us', '^\\+1((?:800|888|877|866|855|844|833)\\d{7})$'],
  ['toll_us', '^\\+1(900\\d{7})$'],
  ['emergency', '^(911)$'],
  ['caribbean', '^\\+?1((?:684|264|268|242|246|441|284|345|767|809|829|849|473|671|876|664|670|787|939|869|758|784|721|868|649|340)\\d{7})$'],
  ['did_us', '^\\+?1?([2-9][0-9]{2}[2-9][0-9]{6})$'],
  ['international', '^(011\\d*)$|^(00\\d*)$'],
  ['unknown', '^(.*)$'],
];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function accountDbNumberSource(couch: Couch, config: SystemConfig): NumberSource {
  return {
    async listAccountNumbers(accountId) {
      const out: AccountNumber[] = [];
      await scanAccountDocs(couch, accountDbName(accountId), (doc) => {
        if (doc.pvt_type !== 'number' || doc.pvt_deleted === true) return;
        const features = doc.features ?? doc.pvt_features;
        out.push({
          number: String(doc._id),
          state: str(doc.pvt_state) ?? str(doc.state) ?? 'in_service',
          carrier: str(doc.pvt_module_name) ?? str(doc.module_name),
          features: Array.isArray(features) ? features.filter((f): f is string => typeof f === 'string') : [],
        });
      });
      return out;
    },
    async classify(number) {
      const configured = (await config.get('number_manager', 'classifiers')) as Record<string, { regex?: unknown }> | undefined;
      const list: [string, string][] =
        configured && typeof configured === 'object'
          ? Object.entries(configured).flatMap(([name, c]) => (typeof c?.regex === 'string' ? [[name, c.regex] as [string, string]] : []))
          : DEFAULT_CLASSIFIERS;
      for (const [name, regex] of list) {
        try {
          if (new RegExp(regex).test(number)) return name;
        } catch {
          // a classifier with a broken regex is skipped, as a non-match
        }
      }
      return 'unknown';
    },
    async isBillable(carrier) {
      const name = (carrier ?? '').replace(/^(knm_|wnm_)/, '');
      const setting = await config.get('number_manager', ['billable_carriers', name]);
      if (typeof setting === 'boolean') return setting;
      return name !== 'local';
    },
  };
}
