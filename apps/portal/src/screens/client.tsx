// A client's own screens: dashboard (welcome text, balance, recent calls), calls, payments, numbers.
import { Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiErrorBox, BrandButton, type Column, DataTable, Loading, Panel } from '../components';
import { call, downloadCsv, type Loose } from '../lib/api';
import { toGregorian } from '../lib/format';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';
import { DevicesPanel } from './devices';
import { UsersPanel } from './users';

function useCdrColumns(): Column<Loose>[] {
  const { money, date } = usePortal();
  return [
    { key: 'datetime', label: 'Date', render: (r) => date(r.timestamp) },
    { key: 'direction', label: 'Direction' },
    { key: 'callee_id_number', label: 'Number', render: (r) => (r.direction === 'inbound' ? r.caller_id_number : (r.callee_id_number ?? r.to)) },
    { key: 'billing_seconds', label: 'Seconds', align: 'right' },
    { key: 'charge', label: 'Charge', align: 'right', render: (r) => money(r.charge) },
  ];
}

export function ClientDashboard() {
  const { session, branding, money } = usePortal();
  const id = session!.accountId;
  const balance = useApi(() => call<{ amount: number }>('GET', `/v2/accounts/${id}/ledgers/total`), [id]);
  const recent = useApi(() => call<Loose[]>('GET', `/v2/accounts/${id}/cdrs?descending=true&page_size=10`), [id]);
  const columns = useCdrColumns();
  return (
    <Stack>
      <Title order={2}>Dashboard</Title>
      {branding.welcomeText && (
        <Panel>
          <Text data-testid="welcome-text" style={{ whiteSpace: 'pre-wrap' }}>
            {branding.welcomeText}
          </Text>
        </Panel>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Panel title="Balance">{balance.loading ? <Loading /> : balance.error ? <ApiErrorBox error={balance.error} /> : <Text size="xl" fw={700} data-testid="balance">{money(balance.data?.amount)}</Text>}</Panel>
      </SimpleGrid>
      <Panel title="Recent calls">
        <ApiErrorBox error={recent.error} />
        {recent.loading ? <Loading /> : <DataTable testId="recent-calls" rows={recent.data ?? []} columns={columns} empty="No calls yet" />}
      </Panel>
    </Stack>
  );
}

const day = 86400;

export function ClientCdrs() {
  const { session } = usePortal();
  const id = session!.accountId;
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 30 * day * 1000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(monthAgo);
  const [to, setTo] = useState(today);
  const range = `created_from=${toGregorian(new Date(`${from}T00:00:00Z`))}&created_to=${toGregorian(new Date(`${to}T23:59:59Z`))}`;
  const cdrs = useApi(() => call<Loose[]>('GET', `/v2/accounts/${id}/cdrs?${range}&descending=true&paginate=false`), [id, range]);
  const columns = useCdrColumns();
  return (
    <Stack>
      <Title order={2}>Calls</Title>
      <Group align="end">
        <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value || monthAgo)} />
        <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value || today)} />
        <BrandButton onClick={() => downloadCsv(`/v2/accounts/${id}/cdrs?${range}`, `calls-${from}-${to}.csv`)}>Download CSV</BrandButton>
      </Group>
      <ApiErrorBox error={cdrs.error} />
      <Panel title="Call detail records">{cdrs.loading ? <Loading /> : <DataTable testId="cdrs-table" rows={cdrs.data ?? []} columns={columns} empty="No calls in this period" />}</Panel>
    </Stack>
  );
}

export function ClientPayments() {
  const { session, money, date } = usePortal();
  const id = session!.accountId;
  const history = useApi(() => call<Loose[]>('GET', `/v2/accounts/${id}/ledgers/payments?descending=true`), [id]);
  return (
    <Stack>
      <Title order={2}>Payments</Title>
      <ApiErrorBox error={history.error} />
      <Panel title="Payments and charges">
        {history.loading ? (
          <Loading />
        ) : (
          <DataTable
            testId="client-payments"
            rows={history.data ?? []}
            empty="No payments yet"
            columns={[
              { key: 'date', label: 'Date', render: (r) => date(r.period?.start ?? r.created) },
              { key: 'description', label: 'Description' },
              { key: 'amount', label: 'Amount', align: 'right', render: (r) => money(r.amount) },
            ]}
          />
        )}
      </Panel>
    </Stack>
  );
}

export function ClientNumbers() {
  const { session } = usePortal();
  const id = session!.accountId;
  const numbers = useApi(() => call<Loose>('GET', `/v2/accounts/${id}/phone_numbers`), [id]);
  const rows = Object.entries(numbers.data?.numbers ?? {}).map(([number, n]) => ({ number, ...(n as Loose) }));
  return (
    <Stack>
      <Title order={2}>Numbers</Title>
      <ApiErrorBox error={numbers.error} />
      <Panel title="Your phone numbers">
        <DataTable
          rows={rows}
          empty="No numbers"
          columns={[
            { key: 'number', label: 'Number' },
            { key: 'state', label: 'State' },
          ]}
        />
      </Panel>
    </Stack>
  );
}

/** The client's users, when its reseller lets its clients manage `users` (whitelabel `client_services`). */
export function ClientUsers() {
  const { session, branding } = usePortal();
  const allowed = branding.clientServices === undefined || branding.clientServices.includes('users');
  return (
    <Stack>
      <Title order={2}>Users</Title>
      {allowed ? <UsersPanel accountId={session!.accountId} title="Users of your account" /> : <Text>Your provider does not offer managing users here.</Text>}
    </Stack>
  );
}

/** The client's devices, when its reseller lets its clients manage `devices` (whitelabel `client_services`). */
export function ClientDevices() {
  const { session, branding } = usePortal();
  const allowed = branding.clientServices === undefined || branding.clientServices.includes('devices');
  return (
    <Stack>
      <Title order={2}>Devices</Title>
      {allowed ? <DevicesPanel accountId={session!.accountId} title="Devices of your account" /> : <Text>Your provider does not offer managing devices here.</Text>}
    </Stack>
  );
}
