// Device docs of an account db (Kazoo's `devices/crossbar_listing` view, couchdb-views/account/devices.json).
// Devices are written by src/devices (crossbar's cb_devices) or straight into the account db (Kazoo's
// shape, by hand or by a provisioning tool); either way they belong to the account, and a safe delete counts them.
import { accountDbName, type Couch, deployDesignDocs, isNotFound } from '@tollgate/kazoo-db';

export async function countDevices(couch: Couch, accountId: string): Promise<number> {
  const db = accountDbName(accountId);
  try {
    return (await couch.view(db, 'devices', 'crossbar_listing')).length;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    // An account db made before the view existed gets the account design docs now (`db refresh` does the rest).
    await deployDesignDocs(couch, db, 'account');
    return (await couch.view(db, 'devices', 'crossbar_listing')).length;
  }
}
