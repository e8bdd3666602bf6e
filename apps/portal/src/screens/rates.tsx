// A ratedeck upload (seed: the reseller's own rates): the CSV becomes a rates import task
// (`PUT /v2/tasks?category=rates&action=import`, the CSV as the body), started at once
// (`PATCH /v2/tasks/{id}`), and its progress is read (`GET /v2/tasks/{id}`) until it ends; out.csv
// (the refused rows with their reason) can be downloaded. A reseller writes only into decks it owns.
import { FileInput, Group, Progress, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiErrorBox, BrandButton, DataTable, Panel } from '../components';
import { ApiError, call, downloadCsv, type Loose, sendCsv } from '../lib/api';
import { usePortal } from '../lib/portal-context';
import { useApi } from '../lib/use-api';

const DONE = ['success', 'failure', 'partial', 'stopped', 'internal_error'];
const EXAMPLE = ['prefix,rate_cost,rate_name,iso_country_code', '1604,0.011,CA-1604 VANCOUVER,CA', ''].join('\n');

type Task = { id: string; status?: string; total_count?: number; success_count?: number; failure_count?: number; warning_count?: number; file_name?: string; created?: number; error?: unknown };

export function RatesPage() {
  const { session, date } = usePortal();
  const tasks = useApi(() => call<Loose[]>('GET', `/v2/accounts/${session!.accountId}/tasks`), [session!.accountId]);
  const [deck, setDeck] = useState('');
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [task, setTask] = useState<Task>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const running = task !== undefined && !DONE.includes(task.status ?? '');
  const taskId = task?.id;
  const { reload } = tasks;
  // The task's progress, read until it ends.
  useEffect(() => {
    if (!taskId || !running) return;
    const timer = setInterval(async () => {
      try {
        const t = (await call<Loose>('GET', `/v2/tasks/${taskId}`))._read_only as Task;
        setTask(t);
        if (DONE.includes(t.status ?? '')) reload();
      } catch (err) {
        setError(err as ApiError);
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [taskId, running, reload]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setTask(undefined);
    setBusy(true);
    try {
      const q = new URLSearchParams({ category: 'rates', action: 'import', ...(deck.trim() ? { ratedeck_id: deck.trim() } : {}), ...(fileName ? { file_name: fileName } : {}) });
      const created = (await sendCsv<Loose>('PUT', `/v2/tasks?${q}`, csv))._read_only as Task;
      setTask(created);
      const started = (await call<Loose>('PATCH', `/v2/tasks/${created.id}`))?._read_only as Task | undefined;
      setTask((t) => ({ ...t, ...started, id: created.id, status: started?.status ?? 'executing' }));
      reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err), undefined));
    } finally {
      setBusy(false);
    }
  };
  const total = task?.total_count ?? 0;
  const doneRows = (task?.success_count ?? 0) + (task?.failure_count ?? 0);
  const rows = (tasks.data ?? []).filter((t) => (t.category ?? t._read_only?.category) === 'rates').slice(0, 10);
  return (
    <Stack>
      <Title order={2}>Rates</Title>
      <Panel title="Upload a ratedeck">
        <form onSubmit={submit} aria-label="Ratedeck upload">
          <Stack gap="xs">
            <Text size="sm">
              A CSV with a header line: <code>prefix</code> and <code>rate_cost</code>, and optionally <code>rate_name</code>, <code>iso_country_code</code>, <code>rate_increment</code>, <code>rate_minimum</code>, <code>ratedeck_id</code> (Kazoo's columns). Rates go into a deck of your own.
            </Text>
            <TextInput label="Ratedeck (for rows without ratedeck_id)" name="ratedeck_id" value={deck} onChange={(e) => setDeck(e.currentTarget.value)} w={320} />
            <FileInput
              label="CSV file"
              name="csv_file"
              accept=".csv,text/csv"
              clearable
              w={320}
              onChange={async (f) => {
                setFileName(f?.name);
                if (f) setCsv(await f.text());
              }}
            />
            <Textarea label="Rates (CSV)" name="csv" required autosize minRows={4} maxRows={12} placeholder={EXAMPLE} value={csv} onChange={(e) => setCsv(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
            <Group>
              <BrandButton type="submit" kind="success" loading={busy} disabled={running}>
                Upload and import
              </BrandButton>
            </Group>
          </Stack>
        </form>
        {task && (
          <Stack gap={4} mt="md" data-testid="rates-task">
            <Text size="sm">
              Task {task.id}: <b data-testid="rates-task-status">{task.status ?? 'pending'}</b>
              {total > 0 ? ` — ${doneRows} of ${total} rows (${task.success_count ?? 0} imported, ${task.failure_count ?? 0} refused${task.warning_count ? `, ${task.warning_count} with a warning` : ''})` : ''}
            </Text>
            <Progress value={total > 0 ? (100 * doneRows) / total : running ? 5 : 100} animated={running} aria-label="Import progress" />
            {!running && (task.failure_count ?? 0) + (task.warning_count ?? 0) > 0 && (
              <Group>
                <BrandButton size="xs" onClick={() => downloadCsv(`/v2/tasks/${task.id}/output`, `rates-${task.id}-out.csv`).catch((err) => setError(err as ApiError))}>
                  Download the refused rows (out.csv)
                </BrandButton>
              </Group>
            )}
          </Stack>
        )}
        <ApiErrorBox error={error} />
      </Panel>
      <Panel title="Recent rate imports">
        <ApiErrorBox error={tasks.error} />
        <DataTable
          testId="rates-tasks"
          rows={rows.map((t) => ({ ...(t._read_only ?? {}), ...t }))}
          empty="No rate imports yet"
          columns={[
            { key: 'created', label: 'Created', render: (r) => date(r.created) },
            { key: 'file_name', label: 'File' },
            { key: 'status', label: 'Status' },
            { key: 'total_count', label: 'Rows', align: 'right' },
            { key: 'failure_count', label: 'Refused', align: 'right' },
          ]}
        />
      </Panel>
    </Stack>
  );
}
