// After a test changes an accounts key in system_config: returns once this process's live settings
// hold what system_config holds now, so the test acts on the new value instead of racing `_changes`.
import type { SystemConfig } from '@tollgate/config';
import { liveAccountsSettings } from '../config';

export async function refreshAccountsSettings(config: SystemConfig): Promise<void> {
  await (await liveAccountsSettings(config)).refresh();
}
