// An account's devices: list, create, disable/enable (GET|PUT /v2/accounts/{A}/devices, PATCH
// …/devices/{D} `enabled`). Used by the reseller on the manage-client screen and by a client on its
// own Devices screen (when its reseller's `client_services` allows `devices`). The SIP password is
// read from the device itself (GET …/devices/{D}): the API leaves it out for a client whose reseller's
// whitelabel hides SIP passwords, so the portal shows it only when the API gives it.
import { Group, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiErrorBox, BrandButton, DataTable, Panel } from '../components';
import { call, type Loose } from '../lib/api';
import { useApi } from '../lib/use-api';
import { useFormStatus } from '../lib/use-form-status';

const EMPTY = { name: '', device_type: 'sip_device', sip_username: '', sip_password: '' };

export function DevicesPanel({ accountId, title = 'Devices' }: { accountId: string; title?: string }) {
  const devices = useApi(() => call<Loose[]>('GET', `/v2/accounts/${accountId}/devices`), [accountId]);
  const [v, setV] = useState(EMPTY);
  const { errors, error, done, setDone, begin, fail } = useFormStatus();
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const create = async (e: FormEvent) => {
    e.preventDefault();
    begin();
    try {
      const sip = { ...(v.sip_username ? { username: v.sip_username } : {}), ...(v.sip_password ? { password: v.sip_password } : {}) };
      await call('PUT', `/v2/accounts/${accountId}/devices`, { name: v.name, device_type: v.device_type || undefined, sip });
      setDone(`${v.name} created.`);
      setV(EMPTY);
      devices.reload();
    } catch (err) {
      fail(err);
    }
  };
  const setEnabled = async (d: Loose, enabled: boolean) => {
    begin();
    try {
      await call('PATCH', `/v2/accounts/${accountId}/devices/${d.id}`, { enabled });
      setDone(`${d.name} ${enabled ? 'enabled' : 'disabled'}.`);
      devices.reload();
    } catch (err) {
      fail(err);
    }
  };
  const showSecret = async (d: Loose) => {
    begin();
    try {
      const doc = await call<Loose>('GET', `/v2/accounts/${accountId}/devices/${d.id}`);
      const password = (doc.sip as Loose | undefined)?.password;
      setSecrets({ ...secrets, [String(d.id)]: typeof password === 'string' ? password : 'hidden by your provider' });
    } catch (err) {
      fail(err);
    }
  };
  return (
    <Panel title={title}>
      <Stack gap="xs">
        <DataTable
          testId="devices-table"
          rows={devices.data ?? []}
          empty="No devices"
          columns={[
            { key: 'name', label: 'Name' },
            { key: 'device_type', label: 'Type' },
            { key: 'username', label: 'SIP username' },
            {
              key: 'password',
              label: 'SIP password',
              render: (r) =>
                secrets[String(r.id)] !== undefined ? (
                  <Text size="sm" data-testid="sip-password">
                    {secrets[String(r.id)]}
                  </Text>
                ) : r.username ? (
                  <BrandButton size="xs" kind="primary" onClick={() => showSecret(r)} aria-label={`Show the SIP password of ${r.name}`}>
                    Show
                  </BrandButton>
                ) : null,
            },
            { key: 'enabled', label: 'Status', render: (r) => (r.enabled === false ? 'disabled' : 'enabled') },
            {
              key: 'toggle',
              label: '',
              render: (r) => (
                <BrandButton size="xs" kind={r.enabled === false ? 'success' : 'delete'} onClick={() => setEnabled(r, r.enabled === false)} aria-label={`${r.enabled === false ? 'Enable' : 'Disable'} ${r.name}`}>
                  {r.enabled === false ? 'Enable' : 'Disable'}
                </BrandButton>
              ),
            },
          ]}
        />
        <form onSubmit={create} aria-label="New device">
          <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
            <TextInput label="Device name" name="device_name" required value={v.name} error={errors.name} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} />
            <TextInput label="Device type" name="device_type" value={v.device_type} error={errors.device_type} onChange={(e) => setV({ ...v, device_type: e.currentTarget.value })} />
            <TextInput label="SIP username" name="device_sip_username" value={v.sip_username} error={errors['sip.username']} onChange={(e) => setV({ ...v, sip_username: e.currentTarget.value })} />
            <PasswordInput label="SIP password" name="device_sip_password" value={v.sip_password} error={errors['sip.password']} onChange={(e) => setV({ ...v, sip_password: e.currentTarget.value })} autoComplete="new-password" />
          </SimpleGrid>
          <Group mt="xs">
            <BrandButton type="submit" kind="success">
              Create device
            </BrandButton>
          </Group>
        </form>
        {done && <Text c="green">{done}</Text>}
        <ApiErrorBox error={devices.error ?? error} fieldsShown />
      </Stack>
    </Panel>
  );
}
