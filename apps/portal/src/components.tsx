// Small shared pieces: branded buttons, panels, the API error box, a data table.
import { Alert, Button, type ButtonProps, Card, Loader, ScrollArea, Table, Text, Title } from '@mantine/core';
import type { ComponentPropsWithoutRef, ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from './lib/api';

type Kind = 'primary' | 'success' | 'exit' | 'delete';

/** A button in the reseller's colours for its kind (seed: primary, success, exit, delete). */
export function BrandButton({ kind = 'primary', to, ...props }: ButtonProps & ComponentPropsWithoutRef<'button'> & { kind?: Kind; to?: string }) {
  const styles = { root: { background: `var(--tg-btn-${kind}-bg)`, color: `var(--tg-btn-${kind}-text)` } };
  if (to !== undefined) return <Button component={Link} to={to} size={props.size} styles={styles} data-kind={kind}>{props.children}</Button>;
  return <Button {...props} styles={styles} data-kind={kind} />;
}

export function Panel({ title, children, actions }: { title?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" style={{ background: 'var(--tg-panel-bg)', color: 'var(--tg-panel-text)', borderColor: 'var(--tg-panel-border)' }}>
      {title !== undefined && (
        <Card.Section
          withBorder
          inheritPadding
          py="xs"
          style={{ background: 'var(--tg-panel-head-bg)', color: 'var(--tg-panel-head-text)', display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}
        >
          <Title order={3} size="h5">
            {title}
          </Title>
          {actions}
        </Card.Section>
      )}
      <div style={{ paddingTop: title !== undefined ? 12 : 0 }}>{children}</div>
    </Card>
  );
}

/** The API's refusal in words; `fieldsShown` when a form already shows each field's error beside it. */
export function ApiErrorBox({ error, fieldsShown = false }: { error?: ApiError; fieldsShown?: boolean }) {
  if (!error) return null;
  if (fieldsShown && Object.keys(error.fieldErrors()).length > 0)
    return (
      <Alert color="red" role="alert" data-testid="api-error">
        Please correct the fields marked above.
      </Alert>
    );
  const title = error.status === 403 ? 'Access denied' : error.status === 404 ? 'Not found' : 'Something went wrong';
  return (
    <Alert color="red" title={title} role="alert" data-testid="api-error">
      {error.describe()}
    </Alert>
  );
}

export function Loading() {
  return <Loader size="sm" aria-label="Loading" />;
}

export interface Column<T> {
  key: string;
  label: string;
  render?: (row: T) => ReactNode;
  align?: 'left' | 'right';
}

export function DataTable<T extends Record<string, unknown>>({ rows, columns, empty = 'Nothing yet', testId }: { rows: T[]; columns: Column<T>[]; empty?: string; testId?: string }) {
  if (rows.length === 0) return <Text c="dimmed">{empty}</Text>;
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover data-testid={testId} miw={480}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} style={{ textAlign: c.align ?? 'left' }}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no common id field
            <Table.Tr key={i}>
              {columns.map((c) => (
                <Table.Td key={c.key} style={{ textAlign: c.align ?? 'left' }}>
                  {c.render ? c.render(row) : String(row[c.key] ?? '')}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}
