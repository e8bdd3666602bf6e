// An account's users: list, create, disable/enable (GET|PUT /v2/accounts/{A}/users, PATCH
// …/users/{U} `enabled`). Used by a client on its own Users screen (when its reseller's
// `client_services` allows `users`) and by the reseller on the manage-client screen. A disabled
// user cannot log in and its tokens end (the API's rule); one's own login is not disabled here.
import { Group, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiErrorBox, BrandButton, DataTable, Panel } from '../components';
import { call, type Loose } from '../lib/api';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';
import { useFormStatus } from '../lib/use-form-status';

const EMPTY = { first_name: '', last_name: '', email: '', password: '', priv_level: 'user' };

export function UsersPanel({ accountId, title = 'Users' }: { accountId: string; title?: string }) {
  const { session } = usePortal();
  const users = useApi(() => call<Loose[]>('GET', `/v2/accounts/${accountId}/users`), [accountId]);
  const [v, setV] = useState(EMPTY);
  const { errors, error, done, setDone, begin, fail } = useFormStatus();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    begin();
    try {
      await call('PUT', `/v2/accounts/${accountId}/users`, { ...v, username: v.email });
      setDone(`${v.email} created.`);
      setV(EMPTY);
      users.reload();
    } catch (err) {
      fail(err);
    }
  };
  const setEnabled = async (u: Loose, enabled: boolean) => {
    begin();
    try {
      await call('PATCH', `/v2/accounts/${accountId}/users/${u.id}`, { enabled });
      setDone(`${u.username} ${enabled ? 'enabled' : 'disabled'}.`);
      users.reload();
    } catch (err) {
      fail(err);
    }
  };
  return (
    <Panel title={title}>
      <Stack gap="xs">
        <DataTable
          testId="users-table"
          rows={users.data ?? []}
          empty="No users"
          columns={[
            { key: 'username', label: 'Username' },
            { key: 'name', label: 'Name', render: (r) => [r.first_name, r.last_name].filter(Boolean).join(' ') },
            { key: 'priv_level', label: 'Level' },
            { key: 'enabled', label: 'Status', render: (r) => (r.enabled === false ? 'disabled' : 'enabled') },
            {
              key: 'toggle',
              label: '',
              render: (r) =>
                r.id === session?.ownerId ? (
                  <Text size="xs" c="dimmed">
                    you
                  </Text>
                ) : (
                  <BrandButton size="xs" kind={r.enabled === false ? 'success' : 'delete'} onClick={() => setEnabled(r, r.enabled === false)} aria-label={`${r.enabled === false ? 'Enable' : 'Disable'} ${r.username}`}>
                    {r.enabled === false ? 'Enable' : 'Disable'}
                  </BrandButton>
                ),
            },
          ]}
        />
        <form onSubmit={create} aria-label="New user">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput label="User's first name" name="user_first_name" required value={v.first_name} error={errors.first_name} onChange={(e) => setV({ ...v, first_name: e.currentTarget.value })} />
            <TextInput label="User's last name" name="user_last_name" required value={v.last_name} error={errors.last_name} onChange={(e) => setV({ ...v, last_name: e.currentTarget.value })} />
            <TextInput label="User's e-mail (username)" name="user_email" type="email" required value={v.email} error={errors.email ?? errors.username} onChange={(e) => setV({ ...v, email: e.currentTarget.value })} />
            <PasswordInput label="User's password" name="user_password" required value={v.password} error={errors.password} onChange={(e) => setV({ ...v, password: e.currentTarget.value })} autoComplete="new-password" />
            <Select
              label="Level"
              name="user_priv_level"
              allowDeselect={false}
              data={[
                { value: 'user', label: 'User' },
                { value: 'admin', label: 'Admin' },
              ]}
              value={v.priv_level}
              onChange={(x) => setV({ ...v, priv_level: x ?? 'user' })}
            />
          </SimpleGrid>
          <Group mt="xs">
            <BrandButton type="submit" kind="success">
              Create user
            </BrandButton>
          </Group>
        </form>
        {done && <Text c="green">{done}</Text>}
        <ApiErrorBox error={users.error ?? error} fieldsShown />
      </Stack>
    </Panel>
  );
}
