// Clients: the list with status (WAIT signups to activate), and the seed's "create a new client account".
import { Badge, Grid, Group, NumberInput, PasswordInput, SegmentedControl, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiErrorBox, BrandButton, DataTable, Loading, Panel } from '../components';
import { ApiError, call, type Loose } from '../lib/api';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';

interface ClientRow extends Record<string, unknown> {
  id: string;
  name: string;
  status: 'active' | 'wait' | 'disabled';
  email?: string;
  phone?: string;
}

async function loadClients(resellerId: string): Promise<ClientRow[]> {
  const [children, waiting] = await Promise.all([call<Loose[]>('GET', `/v2/accounts/${resellerId}/children?paginate=false`), call<Loose[]>('GET', `/v2/accounts/${resellerId}/signups`)]);
  const wait = new Set(waiting.map((w) => w.id));
  const docs = await Promise.all(children.map((c) => call<Loose>('GET', `/v2/accounts/${c.id}`).catch(() => c)));
  return docs.map((d) => ({
    id: d.id,
    name: d.name,
    status: wait.has(d.id) ? 'wait' : d.enabled === false ? 'disabled' : 'active',
    email: d.contact?.billing?.email ?? d.tollgate_client?.email,
    phone: d.contact?.billing?.number ?? d.tollgate_client?.phone,
  }));
}

/**
 * The POST service_plans body that gives a package: with the setup fee charged off, the package's
 * `activation_charge` (its setup fee, on its derived ratedeck item) is overridden to 0 for this
 * client in the same request — one write, so no sync in between can bill the fee.
 */
export function givePackageBody(pkg: Loose | undefined, packageId: string, setupFeeCharged: boolean, remove: string[] = []): Loose {
  const body: Loose = { add: [packageId], ...(remove.length ? { delete: remove } : {}) };
  if (!setupFeeCharged && pkg?.ratedeck_id) body.overrides = { [packageId]: { ratedeck: { [pkg.ratedeck_id]: { activation_charge: 0 } } } };
  return body;
}

/** The "Setup fee charged" switch (on by default) next to a package choice. */
export function SetupFeeSwitch({ checked, onChange }: { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Switch
      mt="xs"
      label="Setup fee charged"
      name="setup_fee_charged"
      data-testid="setup-fee-charged"
      checked={checked}
      onChange={(e) => onChange(e.currentTarget.checked)}
      description={checked ? "The package's setup fee is billed when it is given" : 'No setup fee for this client'}
    />
  );
}

export function statusBadge(status: string) {
  const color = status === 'active' ? 'green' : status === 'wait' ? 'yellow' : 'gray';
  return (
    <Badge color={color} data-testid="client-status">
      {status.toUpperCase()}
    </Badge>
  );
}

export function ClientsPage() {
  const { session } = usePortal();
  const list = useApi(() => loadClients(session!.accountId), [session!.accountId]);
  const [actionError, setActionError] = useState<ApiError>();
  const activate = async (id: string) => {
    try {
      await call('PUT', `/v2/accounts/${id}/signup/activate`, {});
      list.reload();
    } catch (err) {
      setActionError(err as ApiError);
    }
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Clients</Title>
        <BrandButton to="/clients/new" kind="success">
          Create a new client account
        </BrandButton>
      </Group>
      <ApiErrorBox error={list.error ?? actionError} />
      <Panel title="Client accounts">
        {list.loading && !list.data ? (
          <Loading />
        ) : (
          <DataTable
            testId="clients-table"
            rows={list.data ?? []}
            empty="No clients yet"
            columns={[
              { key: 'name', label: 'Client', render: (r) => <Link to={`/clients/${r.id}`}>{r.name}</Link> },
              { key: 'email', label: 'E-mail / username' },
              { key: 'phone', label: 'Phone' },
              { key: 'status', label: 'Status', render: (r) => statusBadge(r.status) },
              {
                key: 'actions',
                label: '',
                render: (r) =>
                  r.status === 'wait' ? (
                    <BrandButton size="xs" kind="success" onClick={() => activate(r.id)} aria-label={`Activate ${r.name}`}>
                      Activate client
                    </BrandButton>
                  ) : (
                    <BrandButton size="xs" to={`/clients/${r.id}`}>
                      Manage
                    </BrandButton>
                  ),
              },
            ]}
          />
        )}
      </Panel>
    </Stack>
  );
}

const TEXT_FIELDS: Array<[string, string, boolean]> = [
  ['first_name', 'First name', true],
  ['last_name', 'Last name', false],
  ['company', 'Company', false],
  ['address', 'Address', false],
  ['city', 'City', false],
  ['state', 'State', false],
  ['country', 'Country', false],
  ['zip', 'Zip', false],
  ['phone', 'Phone number', false],
];

/** The seed's client form: the account (named after the company, else the person), its admin user (e-mail as username), its balance management. */
export function NewClientPage() {
  const { session } = usePortal();
  const navigate = useNavigate();
  const packages = useApi(() => call<Loose[]>('GET', `/v2/accounts/${session!.accountId}/packages`), [session!.accountId]);
  const [v, setV] = useState<Record<string, string>>({ balance_management: 'soft' });
  const [threshold, setThreshold] = useState<number | string>('');
  const [setupFeeCharged, setSetupFeeCharged] = useState(true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const set = (k: string) => (e: { currentTarget: { value: string } }) => setV({ ...v, [k]: e.currentTarget.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setBusy(true);
    const person = [v.first_name, v.last_name].filter(Boolean).join(' ');
    const name = v.company?.trim() || person;
    try {
      const client = { first_name: v.first_name, last_name: v.last_name, company: v.company, address: v.address, city: v.city, state: v.state, country: v.country, zip: v.zip, email: v.email, phone: v.phone, next_billing_date: v.next_billing_date };
      let account: Loose;
      try {
        account = await call('PUT', `/v2/accounts/${session!.accountId}`, {
          name,
          contact: { billing: { name: person, email: v.email, number: v.phone } },
          tollgate_client: client,
        });
      } catch (err) {
        if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, m]) => [k === 'name' ? (v.company ? 'company' : 'first_name') : k, m])));
        throw err;
      }
      const id = account.id;
      try {
        await call('PUT', `/v2/accounts/${id}/users`, { username: v.email, email: v.email, password: v.password, first_name: v.first_name, last_name: v.last_name || v.first_name, priv_level: 'admin' });
      } catch (err) {
        if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, m]) => [k === 'username' ? 'email' : k, m])));
        await call('DELETE', `/v2/accounts/${id}`).catch(() => undefined);
        throw err;
      }
      await call('POST', `/v2/accounts/${id}/limits`, { balance_management: v.balance_management });
      if (v.package) await call('POST', `/v2/accounts/${id}/service_plans`, givePackageBody(packages.data?.find((p) => p.id === v.package), v.package, setupFeeCharged));
      if (threshold !== '') await call('POST', `/v2/accounts/${id}/notifications/low_balance`, { threshold: Number(threshold), ...(v.low_balance_email ? { to: { type: 'specified', email_addresses: [v.low_balance_email] } } : {}) });
      navigate(`/clients/${id}`);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Title order={2}>Create a new client account</Title>
      <form onSubmit={submit} aria-label="New client">
        <Panel title="Client information">
          <Grid>
            {TEXT_FIELDS.map(([k, label, required]) => (
              <Grid.Col key={k} span={{ base: 12, sm: 6 }}>
                <TextInput label={label} name={k} required={required} value={v[k] ?? ''} onChange={set(k)} error={errors[k]} />
              </Grid.Col>
            ))}
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="E-mail (the client's username)" name="email" type="email" required value={v.email ?? ''} onChange={set('email')} error={errors.email} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput label="Password" name="password" required value={v.password ?? ''} onChange={set('password')} error={errors.password} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Next billing date" name="next_billing_date" type="date" value={v.next_billing_date ?? ''} onChange={set('next_billing_date')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label="Package"
                name="package"
                clearable
                data={(packages.data ?? []).map((p) => ({ value: p.id, label: p.name ?? p.id }))}
                value={v.package ?? null}
                onChange={(p) => setV({ ...v, package: p ?? '' })}
              />
              <SetupFeeSwitch checked={setupFeeCharged} onChange={setSetupFeeCharged} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Text size="sm" fw={500} id="bm-label">
                Balance management
              </Text>
              <SegmentedControl
                aria-labelledby="bm-label"
                data-testid="balance-management"
                value={v.balance_management}
                onChange={(bm) => setV({ ...v, balance_management: bm })}
                data={[
                  { value: 'soft', label: 'Soft (goes on below $0)' },
                  { value: 'hard', label: 'Hard (suspended at $0)' },
                ]}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <NumberInput label="Low balance threshold ($10–$500)" name="threshold" min={10} max={500} value={threshold} onChange={setThreshold} error={errors.threshold} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 3 }}>
              <TextInput label="Low balance e-mail" name="low_balance_email" type="email" value={v.low_balance_email ?? ''} onChange={set('low_balance_email')} />
            </Grid.Col>
          </Grid>
        </Panel>
        <Stack mt="md">
          <ApiErrorBox error={error} />
          <Group>
            <BrandButton type="submit" kind="success" loading={busy}>
              Create client
            </BrandButton>
            <BrandButton kind="exit" to="/clients">
              Cancel
            </BrandButton>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
