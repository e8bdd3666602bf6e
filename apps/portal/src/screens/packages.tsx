// Packages (seed "Manage Rates and Packages"): markup, pulse, fees, free minutes, with a live example price.
import { Grid, Group, NumberInput, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { ApiErrorBox, BrandButton, DataTable, Loading, Panel } from '../components';
import { ApiError, call, type Loose } from '../lib/api';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';

interface Draft {
  id?: string;
  name: string;
  fixed: number | string;
  percentage: number | string;
  pulse: number | string;
  route: string | null;
  monthly_fee: number | string;
  setup_fee: number | string;
  free_minutes: number | string;
  /** One per line: `4420 = 0.02` (a prefix) or `FR = 0.03` (a country). */
  overrides: string;
  /** One per line: `CA` (a country), `1800` (a prefix) or `<= 0.005` (every rate that cheap). */
  free_zones: string;
}

const EMPTY: Draft = { name: '', fixed: 0, percentage: 0, pulse: 60, route: null, monthly_fee: '', setup_fee: '', free_minutes: '', overrides: '', free_zones: '' };

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** Per-area rates as the API takes them; what is not understood goes as written, for the API to name. */
export function overridesOf(text: string): Loose[] {
  return lines(text).map((l) => {
    const [area, price] = l.split('=').map((x) => x.trim());
    const rate_cost = Number(price);
    return /^[A-Za-z]{2}$/.test(area) ? { iso_country_code: area.toUpperCase(), rate_cost } : { prefix: area, rate_cost };
  });
}

export function freeZonesOf(text: string): Loose[] {
  return lines(text).map((l) => {
    const max = /^<=?\s*([0-9.]+)$/.exec(l);
    if (max) return { max_rate_cost: Number(max[1]) };
    return /^[A-Za-z]{2}$/.test(l) ? { iso_country_code: l.toUpperCase() } : { prefix: l };
  });
}

const overridesText = (o: Loose[] | undefined): string => (o ?? []).map((r) => `${r.prefix ?? r.iso_country_code} = ${r.rate_cost}`).join('\n');
const freeZonesText = (z: Loose[] | undefined): string => (z ?? []).map((r) => (r.max_rate_cost !== undefined ? `<= ${r.max_rate_cost}` : (r.iso_country_code ?? r.prefix))).join('\n');

const num = (v: number | string): number | undefined => (v === '' || v === undefined ? undefined : Number(v));

/** The seed's example: (cost + fixed) × (1 + percentage / 100), per minute. */
export function examplePrice(cost: number, fixed: number, percentage: number): number {
  return Math.round((cost + fixed) * (1 + percentage / 100) * 1e8) / 1e8;
}

function draftOf(p: Loose): Draft {
  const k = p.package ?? {};
  return {
    id: p.id,
    name: p.name ?? '',
    fixed: k.markup?.fixed ?? 0,
    percentage: k.markup?.percentage ?? 0,
    pulse: k.pulse ?? '',
    route: k.route ?? null,
    monthly_fee: k.monthly_fee ?? '',
    setup_fee: k.setup_fee ?? '',
    free_minutes: k.free_minutes ?? '',
    overrides: overridesText(k.overrides),
    free_zones: freeZonesText(k.free_zones),
  };
}

export function PackagesPage() {
  const { session, money } = usePortal();
  const id = session!.accountId;
  const list = useApi(() => call<Loose[]>('GET', `/v2/accounts/${id}/packages`), [id]);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [editing, setEditing] = useState<string>();
  const [cost, setCost] = useState<number | string>(0.009);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<string>();

  const edit = async (pid: string) => {
    setError(undefined);
    try {
      const p = await call<Loose>('GET', `/v2/accounts/${id}/packages/${pid}`);
      setDraft(draftOf(p));
      setEditing(pid);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setSaved(undefined);
    const pkg: Loose = { markup: { fixed: num(draft.fixed) ?? 0, percentage: num(draft.percentage) ?? 0 } };
    if (num(draft.pulse) !== undefined) pkg.pulse = num(draft.pulse);
    if (draft.route) pkg.route = draft.route;
    for (const k of ['monthly_fee', 'setup_fee', 'free_minutes'] as const) if (num(draft[k]) !== undefined) pkg[k] = num(draft[k]);
    pkg.overrides = overridesOf(draft.overrides);
    pkg.free_zones = freeZonesOf(draft.free_zones);
    try {
      if (editing) await call('PATCH', `/v2/accounts/${id}/packages/${editing}`, { name: draft.name, package: pkg });
      else await call('PUT', `/v2/accounts/${id}/packages`, { name: draft.name, package: pkg });
      setSaved(draft.name);
      setDraft(EMPTY);
      setEditing(undefined);
      list.reload();
    } catch (err) {
      // `package.markup.fixed` → fixed; `package.overrides.2.prefix` → overrides (line 3).
      if (err instanceof ApiError)
        setErrors(
          Object.fromEntries(
            Object.entries(err.fieldErrors()).map(([k, m]) => {
              const list = /^package\.(overrides|free_zones)\.(\d+)/.exec(k);
              return list ? [list[1], `line ${Number(list[2]) + 1}: ${m}`] : [k.replace(/^package\.(markup\.)?/, ''), m];
            }),
          ),
        );
      setError(err as ApiError);
    }
  };
  const field = (k: keyof Draft) => ({ value: draft[k] as number | string, onChange: (v: number | string) => setDraft({ ...draft, [k]: v }), error: errors[k], name: k });
  const example = examplePrice(Number(cost) || 0, Number(draft.fixed) || 0, Number(draft.percentage) || 0);
  return (
    <Stack>
      <Title order={2}>Packages</Title>
      <Panel title="Your packages">
        {list.loading && !list.data ? (
          <Loading />
        ) : (
          <DataTable
            testId="packages-table"
            rows={list.data ?? []}
            empty="No packages yet"
            columns={[
              { key: 'name', label: 'Package' },
              { key: 'markup', label: 'Markup', render: (r) => `${money(r.package?.markup?.fixed ?? 0)} + ${r.package?.markup?.percentage ?? 0} %` },
              { key: 'pulse', label: 'Pulse', render: (r) => (r.package?.pulse ? `${r.package.pulse} s` : '—') },
              { key: 'monthly', label: 'Monthly fee', render: (r) => (r.package?.monthly_fee !== undefined ? money(r.package.monthly_fee) : '—') },
              { key: 'edit', label: '', render: (r) => <BrandButton size="xs" onClick={() => edit(String(r.id))}>Edit</BrandButton> },
            ]}
          />
        )}
      </Panel>
      <form onSubmit={submit} aria-label="Package">
        <Panel title={editing ? `Edit package ${draft.name}` : 'Create a new package'}>
          <Grid>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label="Package name" name="name" required value={draft.name} error={errors.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label="Route"
                name="route"
                clearable
                data={[
                  { value: 'value', label: 'Value' },
                  { value: 'premium', label: 'Premium' },
                ]}
                value={draft.route}
                onChange={(r) => setDraft({ ...draft, route: r })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label="Markup: fixed ($/min)" min={0} decimalScale={6} {...field('fixed')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label="Markup: percentage" min={0} max={10000} suffix=" %" {...field('percentage')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label="Pulse (seconds)" min={1} max={3600} allowDecimal={false} {...field('pulse')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label="Free minutes per month" min={0} allowDecimal={false} {...field('free_minutes')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label="Monthly fee ($)" min={0} decimalScale={2} {...field('monthly_fee')} />
            </Grid.Col>
            <Grid.Col span={{ base: 6, sm: 3 }}>
              <NumberInput label="Setup fee ($)" min={0} decimalScale={2} {...field('setup_fee')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Textarea
                label="Per-area rates (override the markup)"
                description="One per line: a prefix or a country code = the price per minute, e.g. 4420 = 0.02 or FR = 0.03"
                name="overrides"
                autosize
                minRows={2}
                value={draft.overrides}
                error={errors.overrides}
                onChange={(e) => setDraft({ ...draft, overrides: e.currentTarget.value })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Textarea
                label="Free zones"
                description="One per line: a country code (CA), a prefix (1800) or <= a buy price (<= 0.005)"
                name="free_zones"
                autosize
                minRows={2}
                value={draft.free_zones}
                error={errors.free_zones}
                onChange={(e) => setDraft({ ...draft, free_zones: e.currentTarget.value })}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Group align="end">
                <NumberInput label="Example: your cost ($/min)" min={0} decimalScale={6} value={cost} onChange={setCost} name="example_cost" />
                <Text data-testid="example-price" pb={6}>
                  Your client pays <b>{money(example)}</b>/min
                </Text>
              </Group>
            </Grid.Col>
          </Grid>
          <Stack mt="md">
            <ApiErrorBox error={error} />
            {saved && <Text c="green">Package {saved} saved.</Text>}
            <Group>
              <BrandButton type="submit" kind="success">
                {editing ? 'Save package' : 'Create package'}
              </BrandButton>
              {editing && (
                <BrandButton
                  kind="exit"
                  onClick={() => {
                    setEditing(undefined);
                    setDraft(EMPTY);
                  }}
                >
                  Cancel
                </BrandButton>
              )}
            </Group>
          </Stack>
        </Panel>
      </form>
    </Stack>
  );
}
