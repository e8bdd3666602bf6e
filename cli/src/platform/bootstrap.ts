// First-run credentials: the master account and its admin user (bootstrapMaster in @tollgate/accounts creates them).
import { randomBytes } from 'node:crypto';

export interface MasterCredentials {
  accountName: string;
  username: string;
  password: string;
}

export function generatedPassword(): string {
  return randomBytes(12).toString('base64url');
}
