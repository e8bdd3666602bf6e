// Reports (seed "Reports"): global CDR, per client CDR, financial, sub-accounts, DIDs — a period, a table, a chart, a CSV.
import { BarChart } from '@mantine/charts';
import { Group, Select, Stack, Tabs, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiErrorBox, BrandButton, type Column, DataTable, Loading, Panel } from '../components';
import { type ApiError, call, downloadCsv, type Loose } from '../lib/api';
import { monthKey, thisMonth } from '../lib/format';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';

type Report = 'cdrs' | 'client_cdrs' | 'financial' | 'sub_accounts' | 'dids';

export function ReportsPage() {
  const { session, money, date } = usePortal();
  const id = session!.accountId;
  const [report, setReport] = useState<Report>('cdrs');
  const [month, setMonth] = useState(thisMonth());
  const [client, setClient] = useState<string | null>(null);
  const [csvError, setCsvError] = useState<ApiError>();
  const clients = useApi(() => call<Loose[]>('GET', `/v2/accounts/${id}/children?paginate=false`), [id]);
  const path = (() => {
    const endpoint = report === 'client_cdrs' ? 'cdrs' : report;
    const q = new URLSearchParams();
    if (report !== 'sub_accounts' && report !== 'dids') q.set('month', monthKey(month));
    if (report === 'client_cdrs' && client) q.set('account_id', client);
    return `/v2/accounts/${id}/reports/${endpoint}?${q}`;
  })();
  const ready = report !== 'client_cdrs' || Boolean(client);
  const rows = useApi(() => (ready ? call<Loose[]>('GET', `${path}&paginate=false`) : Promise.resolve([])), [path, ready]);
  const data = rows.data ?? [];
  const byDay = new Map<string, { day: string; sell: number; cost: number; profit: number }>();
  if (report === 'cdrs' || report === 'client_cdrs') {
    for (const r of data) {
      const day = String(r.datetime ?? '').slice(0, 10);
      const cur = byDay.get(day) ?? { day, sell: 0, cost: 0, profit: 0 };
      cur.sell = (Math.round(cur.sell * 1e4) + Math.round(Number(r.sell ?? 0) * 1e4)) / 1e4;
      cur.cost = (Math.round(cur.cost * 1e4) + Math.round(Number(r.cost ?? 0) * 1e4)) / 1e4;
      cur.profit = (Math.round(cur.profit * 1e4) + Math.round(Number(r.profit ?? 0) * 1e4)) / 1e4;
      byDay.set(day, cur);
    }
  }
  const cdrColumns: Column<Loose>[] = [
    { key: 'datetime', label: 'Date', render: (r) => date(r.datetime) },
    { key: 'account_name', label: 'Client' },
    { key: 'direction', label: 'Direction' },
    { key: 'from', label: 'From' },
    { key: 'to', label: 'To' },
    { key: 'billing_seconds', label: 'Seconds', align: 'right' },
    { key: 'cost', label: 'Cost', align: 'right', render: (r) => money(r.cost) },
    { key: 'sell', label: 'Sell', align: 'right', render: (r) => money(r.sell) },
    { key: 'profit', label: 'Profit', align: 'right', render: (r) => money(r.profit) },
  ];
  const columns: Record<Report, Column<Loose>[]> = {
    cdrs: cdrColumns,
    client_cdrs: cdrColumns,
    financial: [
      { key: 'month', label: 'Month' },
      { key: 'revenue', label: 'Revenue', align: 'right', render: (r) => money(r.revenue) },
      { key: 'deposits', label: 'Deposits', align: 'right', render: (r) => money(r.deposits) },
      { key: 'costs', label: 'Costs', align: 'right', render: (r) => money(r.costs) },
      { key: 'profit', label: 'Profit', align: 'right', render: (r) => money(r.profit) },
    ],
    sub_accounts: [
      { key: 'client_name', label: 'Client' },
      { key: 'account_name', label: 'Sub-account' },
      { key: 'package_name', label: 'Package' },
      { key: 'dids', label: 'DIDs', render: (r) => (Array.isArray(r.dids) ? r.dids.join(', ') : '') },
    ],
    dids: [
      { key: 'number', label: 'Number' },
      { key: 'client_name', label: 'Client' },
      { key: 'account_name', label: 'Held by' },
      { key: 'package_name', label: 'Package' },
      { key: 'state', label: 'State' },
      { key: 'rate_center', label: 'Rate center' },
    ],
  };
  const chart =
    report === 'financial' ? (
      <BarChart
        h={260}
        data={data.filter((r) => r.month !== 'total')}
        dataKey="month"
        valueFormatter={(v) => money(v)}
        withLegend
        series={[
          { name: 'revenue', color: 'blue.6' },
          { name: 'costs', color: 'orange.6' },
          { name: 'profit', color: 'teal.6' },
        ]}
      />
    ) : report === 'cdrs' || report === 'client_cdrs' ? (
      <BarChart
        h={260}
        data={[...byDay.values()]}
        dataKey="day"
        valueFormatter={(v) => money(v)}
        withLegend
        series={[
          { name: 'sell', color: 'blue.6' },
          { name: 'cost', color: 'orange.6' },
          { name: 'profit', color: 'teal.6' },
        ]}
      />
    ) : null;
  return (
    <Stack>
      <Title order={2}>Reports</Title>
      <Tabs value={report} onChange={(v) => setReport((v as Report) ?? 'cdrs')}>
        <Tabs.List>
          <Tabs.Tab value="cdrs">Global CDR</Tabs.Tab>
          <Tabs.Tab value="client_cdrs">Per client CDR</Tabs.Tab>
          <Tabs.Tab value="financial">Financial</Tabs.Tab>
          <Tabs.Tab value="sub_accounts">Sub-accounts</Tabs.Tab>
          <Tabs.Tab value="dids">DIDs</Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Group align="end">
        {report !== 'sub_accounts' && report !== 'dids' && <TextInput type="month" label="Period" name="month" value={month} onChange={(e) => setMonth(e.currentTarget.value || thisMonth())} />}
        {report === 'client_cdrs' && <Select label="Client" name="client" data={(clients.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={client} onChange={setClient} searchable />}
        <BrandButton
          kind="primary"
          disabled={!ready}
          onClick={() => downloadCsv(path, `${report}-${monthKey(month)}.csv`).then(() => setCsvError(undefined), (e) => setCsvError(e))}
          data-testid="download-csv"
        >
          Download CSV
        </BrandButton>
      </Group>
      <ApiErrorBox error={rows.error ?? csvError} />
      {chart && data.length > 0 && (
        <Panel title="Chart">
          <div data-testid="report-chart">{chart}</div>
        </Panel>
      )}
      <Panel title="Rows">{rows.loading ? <Loading /> : <DataTable testId="report-table" rows={data} columns={columns[report]} empty="No rows for this period" />}</Panel>
    </Stack>
  );
}
