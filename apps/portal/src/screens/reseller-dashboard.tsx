// A reseller's dashboard: its balance, this month's calls of its clients, and revenue, costs and profit by month.
import { BarChart } from '@mantine/charts';
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { ApiErrorBox, Loading, Panel } from '../components';
import { call, type Loose } from '../lib/api';
import { monthKey, toGregorian } from '../lib/format';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';

export function ResellerDashboard() {
  const { session, money } = usePortal();
  const id = session!.accountId;
  const balance = useApi(() => call<{ amount: number }>('GET', `/v2/accounts/${id}/ledgers/total`), [id]);
  const calls = useApi(() => call<Loose[]>('GET', `/v2/accounts/${id}/reports/cdrs?month=${monthKey()}&paginate=false`), [id]);
  const months = useApi(() => {
    const now = new Date();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 5, 1));
    return call<Loose[]>('GET', `/v2/accounts/${id}/reports/financial?created_from=${toGregorian(from)}&created_to=${toGregorian(now)}`);
  }, [id]);
  const monthRows = (months.data ?? []).filter((r) => r.month !== 'total');
  const callCount = calls.data?.length ?? 0;
  const profit = (calls.data ?? []).reduce((s, r) => s + Math.round(Number(r.profit ?? 0) * 10_000), 0) / 10_000;
  const spend = (calls.data ?? []).reduce((s, r) => s + Math.round(Number(r.sell ?? 0) * 10_000), 0) / 10_000;
  return (
    <Stack>
      <Title order={2}>Dashboard</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
        <Panel title="Balance">{balance.loading ? <Loading /> : balance.error ? <ApiErrorBox error={balance.error} /> : <Text size="xl" fw={700} data-testid="balance">{money(balance.data?.amount)}</Text>}</Panel>
        <Panel title="Calls this month">{calls.loading ? <Loading /> : <Text size="xl" fw={700} data-testid="month-calls">{callCount}</Text>}</Panel>
        <Panel title="Clients' spend this month">{calls.loading ? <Loading /> : <Text size="xl" fw={700}>{money(spend)}</Text>}</Panel>
        <Panel title="Profit this month">{calls.loading ? <Loading /> : <Text size="xl" fw={700} data-testid="month-profit">{money(profit)}</Text>}</Panel>
      </SimpleGrid>
      <Panel title="Revenue, costs and profit by month">
        <ApiErrorBox error={months.error} />
        {months.loading ? (
          <Loading />
        ) : (
          <div data-testid="dashboard-chart">
            <BarChart
              h={280}
              data={monthRows.map((r) => ({ month: `${String(r.month).slice(0, 4)}-${String(r.month).slice(4)}`, revenue: r.revenue, costs: r.costs, profit: r.profit }))}
              dataKey="month"
              valueFormatter={(v) => money(v)}
              withLegend
              series={[
                { name: 'revenue', color: 'blue.6' },
                { name: 'costs', color: 'orange.6' },
                { name: 'profit', color: 'teal.6' },
              ]}
            />
          </div>
        )}
      </Panel>
    </Stack>
  );
}
