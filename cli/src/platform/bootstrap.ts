// First run: the master account (superduper_admin) and its admin user.
import { randomBytes } from 'node:crypto';
import { bootstrapMaster } from '@tollgate/accounts';
import type { ServiceDeps } from '@tollgate/service-kit';

export interface MasterCredentials {
  accountName: string;
  username: string;
  password: string;
}

export function generatedPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function bootstrapMasterAccount(deps: ServiceDeps, creds: MasterCredentials): Promise<{ accountId: string; created: boolean }> {
  return bootstrapMaster(deps, creds);
}
