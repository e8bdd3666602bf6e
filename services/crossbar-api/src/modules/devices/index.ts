// cb_devices: /v2/accounts/{id}/devices[/{device_id}]. The route table; handlers beside it.
import type { CrossbarModule } from '../../core/types';
import { getDevice, listAccountDevices, patchDevice, postDevice, putDevice, removeDevice } from './handlers';

const LIST = '/v2/accounts/:account_id/devices';
const ONE = `${LIST}/:device_id`;

export const devicesModule: CrossbarModule = {
  name: 'devices',
  routes: () => [
    { method: 'GET', path: LIST, doc: { summary: "the account's devices (a plain user: the devices it owns)", response: { type: 'array' } }, handler: listAccountDevices },
    { method: 'PUT', path: LIST, doc: { summary: 'create a device', request: 'devices' }, handler: putDevice },
    { method: 'GET', path: ONE, doc: { summary: 'one device (sip.password hidden from a client when its reseller hides SIP passwords)' }, handler: getDevice },
    { method: 'POST', path: ONE, doc: { summary: 'replace a device', request: 'devices' }, handler: postDevice },
    { method: 'PATCH', path: ONE, doc: { summary: 'change some fields of a device (e.g. enabled)', request: 'devices' }, handler: patchDevice },
    { method: 'DELETE', path: ONE, doc: { summary: 'delete a device (soft delete)' }, handler: removeDevice },
  ],
};
