// system_config `datamgr` (kazoo_data's category): what the plumbing every module writes through
// reads, in rating's pattern — one loader, one line per key with its default (written back), kept
// live by LiveSettings. One snapshot per SystemConfig, shared by every DocWriter made on it.
import { sharedLiveSettings, type SystemConfig } from '@tollgate/config';

export const DATAMGR = 'datamgr';

/**
 * kazoo_data.hrl DEFAULT_PUBLISH_EXCLUDE_TYPES, plus `rate` (rating follows the ratedeck dbs'
 * `_changes`, and an import of a million rates would be a million events) and `task_output`.
 */
export const DEFAULT_PUBLISH_EXCLUDE_TYPES: readonly string[] = ['cdr', 'ledger', 'audit_log', 'login_attempt', 'pivot_debug', 'notify_smtp_log', 'rate', 'task_output'];

export interface DatamgrSettings {
  /** Document types whose writes publish no document event (kzs_publish). */
  changeNoticeExcludeTypes: ReadonlySet<string>;
}

export async function loadDatamgrSettings(config: SystemConfig): Promise<DatamgrSettings> {
  return {
    changeNoticeExcludeTypes: new Set(await config.getStringList(DATAMGR, 'change_notice_exclude_types', [...DEFAULT_PUBLISH_EXCLUDE_TYPES])),
  };
}

/** The live `datamgr` settings read through `config` (one snapshot per SystemConfig). */
export const datamgrSettings = sharedLiveSettings([DATAMGR], loadDatamgrSettings);
