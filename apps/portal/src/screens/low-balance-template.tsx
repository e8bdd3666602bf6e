// The low balance mail's template (Kazoo's cb_notifications `low_balance`): subject and bodies with
// the seed's placeholders, saved on an account (a reseller's serves its whole tree) and previewed
// as the API renders it. GET|POST /v2/accounts/{A}/notifications/low_balance, POST …/preview.
import { Box, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiErrorBox, BrandButton, Panel } from '../components';
import { ApiError, call, type Loose } from '../lib/api';
import { useApi } from '../lib/use-api';

type Fields = { subject: string; plain: string; html: string };

export function LowBalanceTemplatePanel({ accountId, title = 'Low balance mail template' }: { accountId: string; title?: string }) {
  const template = useApi(() => call<Loose>('GET', `/v2/accounts/${accountId}/notifications/low_balance`), [accountId]);
  const [v, setV] = useState<Fields>({ subject: '', plain: '', html: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [preview, setPreview] = useState<{ subject?: string; text?: string; html?: string }>();
  const t = template.data;
  // The stored template (the one that applies) fills the form whenever it is (re-)read.
  useEffect(() => {
    if (t) setV({ subject: t.subject ?? '', plain: t.plain ?? '', html: t.html ?? '' });
  }, [t]);
  const body = () => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== ''));
  const fail = (err: unknown) => {
    if (err instanceof ApiError) setErrors(err.fieldErrors());
    setError(err as ApiError);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setSaved(false);
    try {
      await call('POST', `/v2/accounts/${accountId}/notifications/low_balance`, body());
      setSaved(true);
      template.reload();
    } catch (err) {
      fail(err);
    }
  };
  const showPreview = async () => {
    setErrors({});
    setError(undefined);
    try {
      setPreview(await call('POST', `/v2/accounts/${accountId}/notifications/low_balance/preview?sample=true`, body()));
    } catch (err) {
      fail(err);
    }
  };
  const macros = t?.macros ? Object.keys(t.macros) : [];
  return (
    <Panel title={title}>
      <form onSubmit={save} aria-label="Low balance mail template">
        <Stack gap="xs">
          <Text size="sm" data-testid="low-balance-template-source">
            {t ? (t.account_overridden ? 'This account has its own template.' : 'The template that applies now is inherited (a parent account, the platform or the built-in one).') : '…'} Placeholders: [firstname], [lastname], [balance], [threshold]
            {macros.length ? `, or ${macros.map((m) => `{{${m}}}`).join(', ')}` : ''}.
          </Text>
          <TextInput label="Subject" name="lb_subject" value={v.subject} error={errors.subject} onChange={(e) => setV({ ...v, subject: e.currentTarget.value })} />
          <Textarea label="Text body" name="lb_plain" autosize minRows={3} value={v.plain} error={errors.plain} onChange={(e) => setV({ ...v, plain: e.currentTarget.value })} />
          <Textarea label="HTML body" name="lb_html" autosize minRows={3} value={v.html} error={errors.html} onChange={(e) => setV({ ...v, html: e.currentTarget.value })} />
          <Group>
            <BrandButton type="submit" kind="success">
              Save template
            </BrandButton>
            <BrandButton onClick={showPreview}>Preview</BrandButton>
            {saved && <Text c="green">Saved.</Text>}
          </Group>
          <ApiErrorBox error={template.error ?? error} fieldsShown />
          {preview && (
            <Box data-testid="low-balance-preview" p="xs" style={{ border: '1px solid var(--tg-panel-border)', borderRadius: 6 }}>
              <Text size="sm" fw={700}>
                {preview.subject}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {preview.text}
              </Text>
              {preview.html && <iframe title="HTML preview" sandbox="" srcDoc={preview.html} style={{ width: '100%', height: 160, border: 0, background: 'white' }} />}
            </Box>
          )}
        </Stack>
      </form>
    </Panel>
  );
}
