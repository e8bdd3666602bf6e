// Configuration (seed "Reseller Configuration"): branding with a live preview, display elements,
// signup fields — all one whitelabel doc (PUT/PATCH /v2/accounts/{id}/whitelabel).
import { Badge, Box, Checkbox, ColorInput, FileInput, Grid, Group, SegmentedControl, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiErrorBox, BrandButton, Loading, Panel } from '../components';
import { ApiError, call, type Loose, upload } from '../lib/api';
import { applyBranding, brandingOf } from '../lib/branding';
import { usePortal } from '../lib/portal-context';
import { LowBalanceTemplatePanel } from './low-balance-template';
import { DidFeesPanel } from './manage-client';

const COLORS: Array<[string, string]> = [
  ['background', 'Background'],
  ['navigation_bar', 'Navigation bar'],
  ['links', 'Links'],
  ['text', 'Text'],
];
const BUTTONS = ['primary', 'success', 'exit', 'delete'] as const;
const SIGNUP_FIELDS = ['first_name', 'last_name', 'company', 'address', 'phone'];
const MESSAGES: Array<[string, string, string]> = [
  ['signup_waiting', 'Signup: awaiting activation', '{{first_name}}, {{company_name}}, {{activation_url}}'],
  ['password_recovery', 'Reset password: recovery', '{{first_name}}, {{last_name}}, {{link}}, {{expires_minutes}}'],
  ['password_recovery_completed', 'Reset password: completed', '{{first_name}}, {{last_name}}, {{username}}'],
];
const UPLOADS: Array<[string, string]> = [
  ['logo', 'Logo'],
  ['login_logo', 'Login page logo'],
  ['login_background', 'Login page background'],
  ['header_image', 'Header image'],
  ['content_logo', 'Content logo'],
];

export function ConfigPage() {
  const { session, setBranding } = usePortal();
  const id = session!.accountId;
  const [wl, setWl] = useState<Loose>();
  const [exists, setExists] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const preview = useRef<HTMLDivElement>(null);

  useEffect(() => {
    call<Loose>('GET', `/v2/accounts/${id}/whitelabel`).then(
      (doc) => {
        setWl(doc);
        setExists(true);
        setLoaded(true);
      },
      (err) => {
        if (err instanceof ApiError && err.status === 404) setWl({ branding: {} });
        else setError(err);
        setLoaded(true);
      },
    );
  }, [id]);
  useEffect(() => {
    if (wl && preview.current) applyBranding(brandingOf(wl), preview.current);
  }, [wl]);

  if (!loaded) return <Loading />;
  if (!wl) return <ApiErrorBox error={error} />;
  const b = wl.branding ?? {};
  const setB = (path: string[], value: unknown) => {
    const next = structuredClone(wl);
    next.branding = next.branding ?? {};
    let o = next.branding;
    for (const k of path.slice(0, -1)) {
      o[k] = o[k] ?? {};
      o = o[k];
    }
    if (value === '' || value === undefined) delete o[path[path.length - 1]];
    else o[path[path.length - 1]] = value;
    setWl(next);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    setSaved(false);
    const { id: _id, _read_only, ...body } = wl;
    try {
      const doc = await call<Loose>(exists ? 'POST' : 'PUT', `/v2/accounts/${id}/whitelabel`, body);
      setWl(doc);
      setExists(true);
      setSaved(true);
      setBranding(brandingOf(doc, doc.domain));
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err as ApiError);
    }
  };
  const sendFile = async (name: string, file: File | null) => {
    if (!file) return;
    setError(undefined);
    try {
      await upload(`/v2/accounts/${id}/whitelabel/${name}`, file);
      const doc = await call<Loose>('GET', `/v2/accounts/${id}/whitelabel`);
      setWl(doc);
      setBranding(brandingOf(doc, doc.domain));
    } catch (err) {
      if (err instanceof ApiError) setErrors({ ...errors, [`upload.${name}`]: err.fieldErrors().file ?? err.describe() });
      setError(err as ApiError);
    }
  };
  const setMessage = (key: string, field: string, value: string) => {
    const messages = structuredClone(wl.messages ?? {});
    if (key === 'from') messages.from = value || undefined;
    else {
      messages[key] = { ...messages[key], [field]: value || undefined };
      if (Object.values(messages[key]).every((x) => x === undefined)) delete messages[key];
    }
    setWl({ ...wl, messages });
  };
  const uploaded: string[] = Array.isArray(wl._read_only?.attachments) ? wl._read_only.attachments : [];
  const fieldError = (path: string) => errors[path] ?? errors[`branding.${path}`];
  return (
    <Stack>
      <Title order={2}>Configuration</Title>
      <form onSubmit={submit} aria-label="Branding">
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Stack>
            <Panel title="Interface and hostname">
              <Grid>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput label="Company name" name="company_name" value={wl.company_name ?? ''} error={errors.company_name} onChange={(e) => setWl({ ...wl, company_name: e.currentTarget.value })} />
                </Grid.Col>
                <Grid.Col span={{ base: 12, sm: 6 }}>
                  <TextInput label="Hostname (domain)" name="domain" value={wl.domain ?? ''} error={errors.domain} onChange={(e) => setWl({ ...wl, domain: e.currentTarget.value || undefined })} />
                </Grid.Col>
                <Grid.Col span={12}>
                  <TextInput label="Title" name="title" value={b.title ?? ''} error={fieldError('title')} onChange={(e) => setB(['title'], e.currentTarget.value)} />
                </Grid.Col>
              </Grid>
              {wl.domain && (
                <Text size="sm" mt="xs">
                  Your clients' page: <code>{`${window.location.origin}/portal/?domain=${wl.domain}`}</code> (or https://{wl.domain}/portal/ once its DNS points here)
                </Text>
              )}
            </Panel>
            <Panel title="Colours">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                {COLORS.map(([k, label]) => (
                  <ColorInput key={k} label={label} name={`colors.${k}`} format="hex" value={b.colors?.[k] ?? ''} error={fieldError(`colors.${k}`)} onChange={(v) => setB(['colors', k], v)} />
                ))}
                {BUTTONS.flatMap((k) => [
                  <ColorInput key={`${k}-bg`} label={`${k} button`} name={`buttons.${k}.background`} format="hex" value={b.buttons?.[k]?.background ?? ''} error={fieldError(`buttons.${k}.background`)} onChange={(v) => setB(['buttons', k, 'background'], v)} />,
                  <ColorInput key={`${k}-text`} label={`${k} button text`} name={`buttons.${k}.text`} format="hex" value={b.buttons?.[k]?.text ?? ''} error={fieldError(`buttons.${k}.text`)} onChange={(v) => setB(['buttons', k, 'text'], v)} />,
                ])}
              </SimpleGrid>
            </Panel>
            <Panel title="Images and messages">
              <Stack>
                {exists ? (
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    {UPLOADS.map(([name, label]) => (
                      <FileInput
                        key={name}
                        label={
                          <>
                            {label} {uploaded.includes(name) && <Badge size="xs">uploaded</Badge>}
                          </>
                        }
                        accept="image/png,image/jpeg,image/gif,image/webp,image/svg+xml"
                        placeholder="Upload an image"
                        error={errors[`upload.${name}`]}
                        onChange={(f) => sendFile(name, f)}
                        clearable={false}
                      />
                    ))}
                  </SimpleGrid>
                ) : (
                  <Text size="sm">Save the configuration once to upload images.</Text>
                )}
                <TextInput label="Login logo URL (https)" name="login.logo_url" value={b.login?.logo_url ?? ''} error={fieldError('login.logo_url')} onChange={(e) => setB(['login', 'logo_url'], e.currentTarget.value)} />
                <TextInput label="Header image URL (https)" name="header_image_url" value={b.header_image_url ?? ''} error={fieldError('header_image_url')} onChange={(e) => setB(['header_image_url'], e.currentTarget.value)} />
                <Textarea label="Welcome text (client dashboard)" name="welcome_text" autosize minRows={2} value={b.welcome_text ?? ''} error={fieldError('welcome_text')} onChange={(e) => setB(['welcome_text'], e.currentTarget.value)} />
              </Stack>
            </Panel>
            <Panel title="Messages (mails to your clients)">
              <Stack>
                <TextInput label="Sender address" name="messages.from" type="email" value={wl.messages?.from ?? ''} error={errors['messages.from']} onChange={(e) => setMessage('from', '', e.currentTarget.value)} />
                {MESSAGES.map(([key, label, placeholders]) => (
                  <Stack key={key} gap={4}>
                    <Text size="sm" fw={600}>
                      {label}
                    </Text>
                    <TextInput label="Subject" name={`messages.${key}.subject`} value={wl.messages?.[key]?.subject ?? ''} error={errors[`messages.${key}.subject`]} onChange={(e) => setMessage(key, 'subject', e.currentTarget.value)} />
                    <Textarea
                      label="Body"
                      description={`Empty: the built-in text. Placeholders: ${placeholders}`}
                      name={`messages.${key}.text`}
                      autosize
                      minRows={2}
                      value={wl.messages?.[key]?.text ?? ''}
                      error={errors[`messages.${key}.text`]}
                      onChange={(e) => setMessage(key, 'text', e.currentTarget.value)}
                    />
                  </Stack>
                ))}
              </Stack>
            </Panel>
            <Panel title="Display elements and signup">
              <Stack>
                <Switch label="Show SIP / IAX passwords" checked={Boolean(b.display?.show_sip_password)} onChange={(e) => setB(['display', 'show_sip_password'], e.currentTarget.checked)} />
                <Switch label="Allow password reset (Forgot your password?)" checked={b.display?.allow_password_reset !== false} onChange={(e) => setB(['display', 'allow_password_reset'], e.currentTarget.checked)} />
                <Switch label="Hide the signup link (no registration)" checked={Boolean(wl.hide_registration)} onChange={(e) => setWl({ ...wl, hide_registration: e.currentTarget.checked })} />
                <Switch label="Hide 'powered by'" checked={Boolean(wl.hide_powered)} onChange={(e) => setWl({ ...wl, hide_powered: e.currentTarget.checked })} />
                <div>
                  <Text size="sm" fw={500}>
                    View
                  </Text>
                  <SegmentedControl
                    value={b.view ?? 'standard'}
                    onChange={(v) => setB(['view'], v)}
                    data={[
                      { value: 'standard', label: 'Standard' },
                      { value: 'simple', label: 'Simple' },
                      { value: 'simple_without_services', label: 'Simple, no services' },
                    ]}
                  />
                </div>
                <Checkbox.Group label="Signup form: required fields (e-mail and password always are)" value={wl.signup?.required_fields ?? []} onChange={(v) => setWl({ ...wl, signup: { ...wl.signup, required_fields: v } })}>
                  <Group mt="xs">
                    {SIGNUP_FIELDS.map((f) => (
                      <Checkbox key={f} value={f} label={f.replace('_', ' ')} />
                    ))}
                  </Group>
                </Checkbox.Group>
              </Stack>
            </Panel>
          </Stack>
          <Panel title="Live preview">
            <Box ref={preview} data-testid="branding-preview" style={{ background: 'var(--tg-bg)', color: 'var(--tg-text)', border: '1px solid var(--tg-panel-border)', borderRadius: 8, overflow: 'hidden' }}>
              <Box className="tg-nav" p="sm">
                <Text fw={700}>{b.title || wl.company_name || 'Your portal'}</Text>
              </Box>
              <Stack p="md">
                <Text>{b.welcome_text || 'Welcome text appears on the client dashboard.'}</Text>
                <Text className="tg-link" td="underline">
                  A link
                </Text>
                <Group>
                  {BUTTONS.map((k) => (
                    <BrandButton key={k} kind={k} size="xs" type="button">
                      {k}
                    </BrandButton>
                  ))}
                </Group>
              </Stack>
            </Box>
          </Panel>
        </SimpleGrid>
        <Stack mt="md">
          <ApiErrorBox error={error} />
          {saved && <Text c="green">Saved.</Text>}
          <Group>
            <BrandButton type="submit" kind="success">
              Save configuration
            </BrandButton>
          </Group>
        </Stack>
      </form>
      <DidFeesPanel accountId={id} defaults />
      <LowBalanceTemplatePanel accountId={id} title="Low balance mail (your clients' template)" />
    </Stack>
  );
}
