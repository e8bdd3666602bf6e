// Manage one client (seed "Manage client"): balance, package, balance management, payments and
// charges with their history and delete, numbers, activation, delete, and "log in as client".
import { Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiErrorBox, BrandButton, DataTable, Loading, Panel } from '../components';
import { ApiError, call, impersonate, type Loose } from '../lib/api';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';
import { givePackageBody, SetupFeeSwitch, statusBadge } from './clients';
import { LowBalanceTemplatePanel } from './low-balance-template';
import { DevicesPanel } from './devices';
import { UsersPanel } from './users';

export function ManageClientPage() {
  const { clientId = '' } = useParams();
  const { session, money, date, setSession } = usePortal();
  const navigate = useNavigate();
  const account = useApi(() => call<Loose>('GET', `/v2/accounts/${clientId}`), [clientId]);
  const [error, setError] = useState<ApiError>();
  if (account.loading && !account.data) return <Loading />;
  if (account.error)
    return (
      <Stack>
        <Title order={2}>Client</Title>
        <ApiErrorBox error={account.error} />
      </Stack>
    );
  const doc = account.data;
  const waiting = doc.signup?.status === 'wait' || (doc.enabled === false && doc.pvt_signup_status === undefined && doc.signup_status === 'wait');
  const act = async (f: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await f();
      account.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const loginAs = () =>
    act(async () => {
      const users = await call<Loose[]>('GET', `/v2/accounts/${clientId}/users`);
      const admin = users.find((u) => u.priv_level === 'admin') ?? users[0];
      if (!admin) throw new ApiError(404, 'the client has no user to log in as', { message: 'the client has no user to log in as' });
      setSession(await impersonate(session!, clientId, admin.id));
      navigate('/');
    });
  const remove = () =>
    act(async () => {
      if (!window.confirm(`Delete ${doc.name}? This cannot be undone.`)) return;
      await call('DELETE', `/v2/accounts/${clientId}`);
      navigate('/clients');
    });
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2} data-testid="client-name">
          {doc.name}
        </Title>
        <Group>
          {statusBadge(doc.enabled === false ? (waiting ? 'wait' : 'disabled') : 'active')}
          {doc.enabled === false && (
            <BrandButton kind="success" onClick={() => act(() => call('PUT', `/v2/accounts/${clientId}/signup/activate`, {}))}>
              Activate client
            </BrandButton>
          )}
          <BrandButton onClick={loginAs} data-testid="login-as-client">
            Log in as client
          </BrandButton>
          <BrandButton kind="delete" onClick={remove}>
            Delete client
          </BrandButton>
        </Group>
      </Group>
      <ApiErrorBox error={error} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <BalancePanel clientId={clientId} money={money} />
        <PackagePanel clientId={clientId} resellerId={session!.accountId} />
        <LimitsPanel clientId={clientId} />
        <EditClientPanel doc={doc} onSaved={account.reload} />
        <LowBalancePanel clientId={clientId} />
        <DidFeesPanel accountId={clientId} />
      </SimpleGrid>
      <PaymentsPanel clientId={clientId} money={money} date={date} />
      <SubAccountsPanel clientId={clientId} />
      <UsersPanel accountId={clientId} title="The client's users" />
      <DevicesPanel accountId={clientId} title="The client's devices" />
      <LowBalanceTemplatePanel accountId={clientId} title="Low balance mail template (this client only)" />
      <NumbersPanel clientId={clientId} resellerId={session!.accountId} money={money} />
    </Stack>
  );
}

const CLIENT_FIELDS: Array<[string, string]> = [
  ['first_name', 'First name'],
  ['last_name', 'Last name'],
  ['company', 'Company'],
  ['address', 'Address'],
  ['city', 'City'],
  ['state', 'State'],
  ['country', 'Country'],
  ['zip', 'Zip'],
  ['phone', 'Phone number'],
  ['next_billing_date', 'Next billing date'],
];

/** The seed's "Edit Client": the client's information on its account doc (PATCH). */
function EditClientPanel({ doc, onSaved }: { doc: Loose; onSaved: () => void }) {
  const [v, setV] = useState<Record<string, string>>({ name: doc.name ?? '', ...(doc.tollgate_client ?? {}) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setSaved(false);
    const { name, ...client } = v;
    try {
      await call('PATCH', `/v2/accounts/${doc.id}`, { name, tollgate_client: client, contact: { billing: { name: [client.first_name, client.last_name].filter(Boolean).join(' '), email: client.email, number: client.phone } } });
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err as ApiError);
    }
  };
  return (
    <Panel title="Client information">
      <form onSubmit={submit} aria-label="Edit client">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <TextInput label="Account name" name="name" required value={v.name ?? ''} error={errors.name} onChange={(e) => setV({ ...v, name: e.currentTarget.value })} />
          <TextInput label="E-mail" name="email" type="email" value={v.email ?? ''} onChange={(e) => setV({ ...v, email: e.currentTarget.value })} />
          {CLIENT_FIELDS.map(([k, label]) => (
            <TextInput key={k} label={label} name={k} type={k === 'next_billing_date' ? 'date' : 'text'} value={v[k] ?? ''} error={errors[`tollgate_client.${k}`]} onChange={(e) => setV({ ...v, [k]: e.currentTarget.value })} />
          ))}
        </SimpleGrid>
        <Group mt="sm">
          <BrandButton type="submit">Save client</BrandButton>
          {saved && <Text c="green">Saved.</Text>}
        </Group>
        <ApiErrorBox error={error} />
      </form>
    </Panel>
  );
}

/**
 * The seed's "Low Balance Email": a threshold ($10–$500 by default) and where the mail goes. What is
 * shown as current is what is stored, re-read after each save: the account's own threshold (its doc's
 * `notifications.low_balance.threshold`), else the platform's default that applies to it; a refused
 * value stays in the field with its error and never replaces the stored one on screen.
 */
function LowBalancePanel({ clientId }: { clientId: string }) {
  const current = useApi(async () => {
    const [template, account] = await Promise.all([call<Loose>('GET', `/v2/accounts/${clientId}/notifications/low_balance`), call<Loose>('GET', `/v2/accounts/${clientId}`)]);
    return { threshold: template.threshold as number | undefined, own: account.notifications?.low_balance?.threshold !== undefined, to: template.to?.type === 'specified' && template.account_overridden ? (template.to.email_addresses?.[0] as string | undefined) : undefined };
  }, [clientId]);
  const [threshold, setThreshold] = useState<number | string>('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setSaved(false);
    try {
      await call('POST', `/v2/accounts/${clientId}/notifications/low_balance`, {
        ...(threshold !== '' ? { threshold: Number(threshold) } : {}),
        ...(email ? { to: { type: 'specified', email_addresses: [email] } } : {}),
      });
      setSaved(true);
      setThreshold('');
      setEmail('');
      current.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err as ApiError);
    }
  };
  const shown = current.data;
  return (
    <Panel title="Low balance e-mail">
      <form onSubmit={submit} aria-label="Low balance e-mail">
        <Stack gap="xs">
          <Text size="sm" data-testid="current-threshold">
            Current threshold: {shown?.threshold === undefined ? (current.loading ? '…' : 'none') : shown.own ? `$${shown.threshold}` : `$${shown.threshold} (the platform's default; none set for this client)`}
            {shown?.to ? `, mailed to ${shown.to}` : ''}
          </Text>
          <Group align="end">
            <NumberInput label="Threshold ($)" name="threshold" min={0} value={threshold} onChange={setThreshold} error={errors.threshold} />
            <TextInput label="Send to (optional)" name="low_balance_to" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.to ?? errors['to.email_addresses']} />
            <BrandButton type="submit">Save</BrandButton>
          </Group>
          {saved && <Text c="green">Saved.</Text>}
          <ApiErrorBox error={current.error ?? error} fieldsShown />
        </Stack>
      </form>
    </Panel>
  );
}

function BalancePanel({ clientId, money }: { clientId: string; money: (a: unknown) => string }) {
  const balance = useApi(() => call<{ amount: number }>('GET', `/v2/accounts/${clientId}/ledgers/total`), [clientId]);
  const { reload } = balance;
  // A payment or charge recorded on this page changes the balance shown.
  useEffect(() => {
    window.addEventListener('tollgate:balance', reload);
    return () => window.removeEventListener('tollgate:balance', reload);
  }, [reload]);
  return (
    <Panel title="Balance">
      {balance.loading ? <Loading /> : balance.error ? <ApiErrorBox error={balance.error} /> : <Text size="xl" fw={700} data-testid="client-balance">{money(balance.data?.amount)}</Text>}
    </Panel>
  );
}

function PackagePanel({ clientId, resellerId }: { clientId: string; resellerId: string }) {
  const packages = useApi(() => call<Loose[]>('GET', `/v2/accounts/${resellerId}/packages`), [resellerId]);
  const services = useApi(() => call<Loose>('GET', `/v2/accounts/${clientId}/services`), [clientId]);
  const [choice, setChoice] = useState<string | null>(null);
  const [setupFeeCharged, setSetupFeeCharged] = useState(true);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const ids = new Set((packages.data ?? []).map((p) => p.id));
  const current = Object.keys(services.data?.plans ?? {}).filter((id) => ids.has(id));
  const assign = async () => {
    setError(undefined);
    setSaved(false);
    if (!choice) return;
    try {
      const pkg = packages.data?.find((p) => p.id === choice);
      await call('POST', `/v2/accounts/${clientId}/service_plans`, givePackageBody(pkg, choice, setupFeeCharged, current.filter((c) => c !== choice)));
      setSaved(true);
      services.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const nameOf = (id: string) => packages.data?.find((p) => p.id === id)?.name ?? id;
  return (
    <Panel title="Package">
      <Stack gap="xs">
        <Text size="sm" data-testid="current-package">
          Current: {current.length ? current.map(nameOf).join(', ') : 'none'}
        </Text>
        <Group align="end">
          <Select label="Assign package" name="assign-package" data={(packages.data ?? []).map((p) => ({ value: p.id, label: p.name ?? p.id }))} value={choice} onChange={setChoice} />
          <BrandButton onClick={assign} disabled={!choice}>
            Assign
          </BrandButton>
        </Group>
        <SetupFeeSwitch checked={setupFeeCharged} onChange={setSetupFeeCharged} />
        {saved && <Text c="green">Package assigned.</Text>}
        <ApiErrorBox error={error} />
      </Stack>
    </Panel>
  );
}

function LimitsPanel({ clientId }: { clientId: string }) {
  const limits = useApi(() => call<Loose>('GET', `/v2/accounts/${clientId}/limits`), [clientId]);
  const [error, setError] = useState<ApiError>();
  const set = async (bm: string) => {
    setError(undefined);
    try {
      await call('POST', `/v2/accounts/${clientId}/limits`, { balance_management: bm });
      limits.reload();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Panel title="Balance management">
      {limits.data && (
        <SegmentedControl
          value={limits.data.balance_management ?? 'soft'}
          onChange={set}
          data={[
            { value: 'soft', label: 'Soft' },
            { value: 'hard', label: 'Hard' },
          ]}
        />
      )}
      <ApiErrorBox error={limits.error ?? error} />
    </Panel>
  );
}

function PaymentsPanel({ clientId, money, date }: { clientId: string; money: (a: unknown) => string; date: (d: unknown) => string }) {
  const history = useApi(() => call<Loose[]>('GET', `/v2/accounts/${clientId}/ledgers/payments?descending=true`), [clientId]);
  const [kind, setKind] = useState('credit');
  const [amount, setAmount] = useState<number | string>('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    try {
      await call('PUT', `/v2/accounts/${clientId}/ledgers/${kind}`, {
        amount: Number(amount),
        description: description || (kind === 'credit' ? 'Payment' : 'Charge'),
        source: { service: 'payments', id: `portal-${crypto.randomUUID()}` },
        usage: { type: kind, quantity: 0, unit: 'dollars' },
      });
      setAmount('');
      setDescription('');
      history.reload();
      window.dispatchEvent(new Event('tollgate:balance'));
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err as ApiError);
    }
  };
  const remove = async (id: string) => {
    setError(undefined);
    try {
      await call('DELETE', `/v2/accounts/${clientId}/ledgers/payments/${id}`);
      history.reload();
      window.dispatchEvent(new Event('tollgate:balance'));
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <Panel title="Payments and charges">
      <form onSubmit={submit} aria-label="Payment or charge">
        <Group align="end" wrap="wrap">
          <SegmentedControl
            value={kind}
            onChange={setKind}
            data={[
              { value: 'credit', label: 'Payment' },
              { value: 'debit', label: 'Charge' },
            ]}
          />
          <NumberInput label="Amount" name="amount" required min={0.01} decimalScale={4} value={amount} onChange={setAmount} error={errors.amount} />
          <TextInput label="Description" name="description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} error={errors.description} />
          <BrandButton type="submit" kind="success">
            Add
          </BrandButton>
        </Group>
      </form>
      <ApiErrorBox error={error ?? history.error} />
      <div style={{ marginTop: 12 }}>
        <DataTable
          testId="payments-table"
          rows={history.data ?? []}
          empty="No payments or charges yet"
          columns={[
            { key: 'date', label: 'Date', render: (r) => date(r.period?.start ?? r.created) },
            { key: 'description', label: 'Description' },
            { key: 'amount', label: 'Amount', align: 'right', render: (r) => money(r.amount) },
            {
              key: 'delete',
              label: '',
              render: (r) => (
                <BrandButton size="xs" kind="delete" onClick={() => remove(r.id)} aria-label={`Delete ${r.description}`}>
                  Delete
                </BrandButton>
              ),
            },
          ]}
        />
      </div>
    </Panel>
  );
}

/**
 * The client's DIDs: connect one of the reseller's available numbers (search by prefix, then
 * `PUT …/{C}/phone_numbers/{N}/activate`) and disconnect (`DELETE …/{C}/phone_numbers/{N}`, back to
 * the reseller's inventory). The DID fees that apply (the client's own, else the reseller's
 * `client_defaults`) are said before connecting: the setup fee is charged when the number enters
 * service, the monthly fee with the month's recurring charges.
 */
function NumbersPanel({ clientId, resellerId, money }: { clientId: string; resellerId: string; money: (a: unknown) => string }) {
  const numbers = useApi(() => call<Loose>('GET', `/v2/accounts/${clientId}/phone_numbers`), [clientId]);
  const fees = useApi(async () => {
    const [own, reseller] = await Promise.all([call<Loose>('GET', `/v2/accounts/${clientId}/did_fees`), call<Loose>('GET', `/v2/accounts/${resellerId}/did_fees`).catch(() => ({}))]);
    const pick = (k: string) => own?.[k] ?? reseller?.client_defaults?.[k];
    return { setup: pick('setup_fee'), monthly: pick('monthly_fee') };
  }, [clientId, resellerId]);
  const [prefix, setPrefix] = useState('');
  const [found, setFound] = useState<string[]>();
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  const rows = Object.entries(numbers.data?.numbers ?? {}).map(([number, n]) => ({ number, ...(n as Loose) }));
  const run = async (f: () => Promise<string>) => {
    setError(undefined);
    setDone(undefined);
    try {
      setDone(await f());
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    return run(async () => {
      const list = await call<Loose[]>('GET', `/v2/accounts/${clientId}/phone_numbers?prefix=${encodeURIComponent(prefix.trim())}&quantity=20`);
      setFound((list ?? []).map((r) => String(r.number)));
      return '';
    });
  };
  const connect = (n: string) =>
    run(async () => {
      await call('PUT', `/v2/accounts/${clientId}/phone_numbers/${encodeURIComponent(n)}/activate`, {});
      setFound((f) => f?.filter((x) => x !== n));
      numbers.reload();
      window.dispatchEvent(new Event('tollgate:balance'));
      return `${n} connected.`;
    });
  const disconnect = (n: string) =>
    run(async () => {
      if (!window.confirm(`Disconnect ${n} from this client? It goes back to your inventory.`)) return '';
      await call('DELETE', `/v2/accounts/${clientId}/phone_numbers/${encodeURIComponent(n)}`);
      numbers.reload();
      return `${n} disconnected.`;
    });
  const fee = (v: unknown) => (v === undefined || v === null || v === '' ? money(0) : money(Number(v)));
  return (
    <Panel title="Phone numbers">
      <Stack gap="xs">
        <DataTable
          testId="client-numbers"
          rows={rows}
          empty="No numbers"
          columns={[
            { key: 'number', label: 'Number' },
            { key: 'state', label: 'State' },
            {
              key: 'disconnect',
              label: '',
              render: (r) => (
                <BrandButton size="xs" kind="delete" onClick={() => disconnect(String(r.number))} aria-label={`Disconnect ${r.number}`}>
                  Disconnect
                </BrandButton>
              ),
            },
          ]}
        />
        <Text size="sm" data-testid="did-fees-charged">
          Connecting a number charges this client {fees.data ? `${fee(fees.data.setup)} once (setup) and ${fee(fees.data.monthly)} per month` : '…'} (its DID fees, else your defaults).
        </Text>
        <form onSubmit={search} aria-label="Find a number to connect">
          <Group align="end">
            <TextInput label="Your available numbers starting with" name="number_prefix" placeholder="503 or +1503" value={prefix} onChange={(e) => setPrefix(e.currentTarget.value)} />
            <BrandButton type="submit">Find numbers</BrandButton>
          </Group>
        </form>
        {found && (
          <DataTable
            testId="available-numbers"
            rows={found.map((number) => ({ number }))}
            empty="No available number with that prefix"
            columns={[
              { key: 'number', label: 'Available number' },
              {
                key: 'connect',
                label: '',
                render: (r) => (
                  <BrandButton size="xs" kind="success" onClick={() => connect(r.number)} aria-label={`Connect ${r.number}`}>
                    Connect
                  </BrandButton>
                ),
              },
            ]}
          />
        )}
        {done && <Text c="green">{done}</Text>}
        <ApiErrorBox error={numbers.error ?? fees.error ?? error} />
      </Stack>
    </Panel>
  );
}

const FEE_FIELDS: Array<[string, string]> = [
  ['setup_fee', 'Setup fee ($, once per number)'],
  ['monthly_fee', 'Monthly fee ($ per number)'],
  ['per_minute', 'Incoming per minute ($)'],
];

/**
 * DID fees (seed "DID and FAX Access"): a client's own fees over its reseller's defaults, or, with
 * `defaults`, the reseller's `client_defaults` for all its clients' numbers.
 */
export function DidFeesPanel({ accountId, defaults = false }: { accountId: string; defaults?: boolean }) {
  const fees = useApi(() => call<Loose>('GET', `/v2/accounts/${accountId}/did_fees`), [accountId]);
  const [v, setV] = useState<Record<string, number | string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const stored = (defaults ? fees.data?.client_defaults : fees.data) ?? {};
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setSaved(false);
    const body: Record<string, number> = {};
    for (const [k] of FEE_FIELDS) {
      const value = v[k] ?? stored[k];
      if (value !== undefined && value !== '') body[k] = Number(value);
    }
    try {
      await call('POST', `/v2/accounts/${accountId}/did_fees`, defaults ? { client_defaults: body } : body);
      setSaved(true);
      fees.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, m]) => [k.replace(/^client_defaults\./, ''), m])));
      setError(err as ApiError);
    }
  };
  return (
    <Panel title={defaults ? "DID fees: your clients' defaults" : 'DID fees'}>
      <form onSubmit={submit} aria-label="DID fees">
        <Stack gap="xs">
          {!defaults && <Text size="sm">Empty: the reseller's defaults apply.</Text>}
          <Group align="end">
            {FEE_FIELDS.map(([k, label]) => (
              <NumberInput key={k} label={label} name={k} min={0} decimalScale={6} w={180} value={v[k] ?? stored[k] ?? ''} onChange={(x) => setV({ ...v, [k]: x })} error={errors[k]} />
            ))}
            <BrandButton type="submit">Save</BrandButton>
          </Group>
          {saved && <Text c="green">Saved.</Text>}
          <ApiErrorBox error={fees.error ?? error} fieldsShown />
        </Stack>
      </form>
    </Panel>
  );
}

/** The seed's sub-accounts: accounts below the client (a PBX, a phone, a site), listed and created here. */
function SubAccountsPanel({ clientId }: { clientId: string }) {
  const children = useApi(() => call<Loose[]>('GET', `/v2/accounts/${clientId}/children?paginate=false`), [clientId]);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    try {
      await call('PUT', `/v2/accounts/${clientId}`, { name });
      setName('');
      children.reload();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err as ApiError);
    }
  };
  return (
    <Panel title="Sub-accounts">
      <form onSubmit={submit} aria-label="New sub-account">
        <Group align="end">
          <TextInput label="New sub-account name" name="sub_account" required value={name} error={errors.name} onChange={(e) => setName(e.currentTarget.value)} />
          <BrandButton type="submit" kind="success">
            Create sub-account
          </BrandButton>
        </Group>
      </form>
      <ApiErrorBox error={children.error ?? error} fieldsShown />
      <div style={{ marginTop: 12 }}>
        <DataTable
          rows={children.data ?? []}
          empty="No sub-accounts"
          columns={[
            { key: 'name', label: 'Sub-account' },
            { key: 'id', label: 'Id' },
          ]}
        />
      </div>
    </Panel>
  );
}
