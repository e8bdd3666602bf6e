// The branded pages without a login: log in, sign up (lands in WAIT), forgot and reset password.
import { Alert, Anchor, Box, Center, Checkbox, Image, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { BrandButton } from '../components';
import { ApiError, call, login } from '../lib/api';
import { usePortal } from '../lib/portal-context';

function BrandedPage({ children, heading }: { children: React.ReactNode; heading: string }) {
  const { branding } = usePortal();
  const bg = branding.login.background_url ? `url(${branding.login.background_url}) center/cover` : (branding.login.background_color ?? 'var(--tg-bg)');
  return (
    <Center mih="100vh" p="md" style={{ background: bg }} data-testid="login-background">
      <Paper withBorder shadow="md" p="lg" radius="md" w="100%" maw={420}>
        <Stack>
          {(branding.login.logo_url ?? branding.logoUrl) && <Image src={branding.login.logo_url ?? branding.logoUrl} alt={`${branding.companyName} logo`} mah={80} fit="contain" data-testid="brand-logo" />}
          <Box className="tg-nav" p="sm" style={{ borderRadius: 6 }} data-testid="login-header">
            <Title order={1} size="h3" data-testid="portal-title">
              {branding.title}
            </Title>
          </Box>
          <Title order={2} size="h4">
            {heading}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

export function LoginPage({ brandError }: { brandError?: string }) {
  const { branding, setSession } = usePortal();
  const [form, setForm] = useState({ account: '', username: '', password: '' });
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setSession(await login(form.account.trim(), form.username, form.password));
      navigate('/');
    } catch (err) {
      if (err instanceof ApiError && err.status === 423) setError('This account is awaiting activation by your provider.');
      else if (err instanceof ApiError && err.status === 401) setError('Wrong account name, username or password.');
      else setError(err instanceof ApiError ? err.describe() : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <BrandedPage heading="Log in">
      {brandError && <Alert color="yellow">{brandError}</Alert>}
      <form onSubmit={submit} aria-label="Log in">
        <Stack>
          <TextInput label="Account name" name="account" required value={form.account} onChange={(e) => setForm({ ...form, account: e.currentTarget.value })} autoComplete="organization" />
          <TextInput label="Username (e-mail)" name="username" required value={form.username} onChange={(e) => setForm({ ...form, username: e.currentTarget.value })} autoComplete="username" />
          <PasswordInput label="Password" name="password" required value={form.password} onChange={(e) => setForm({ ...form, password: e.currentTarget.value })} autoComplete="current-password" />
          {error && (
            <Alert color="red" role="alert" data-testid="login-error">
              {error}
            </Alert>
          )}
          <BrandButton type="submit" loading={busy}>
            Log in
          </BrandButton>
        </Stack>
      </form>
      <Stack gap={4}>
        {branding.allowPasswordReset && (
          <Anchor component={Link} to="/forgot" size="sm">
            Forgot your password?
          </Anchor>
        )}
        {!branding.hideRegistration && branding.accountId && (
          <Anchor component={Link} to="/signup" size="sm">
            Sign up for an account
          </Anchor>
        )}
      </Stack>
    </BrandedPage>
  );
}

const SIGNUP_LABELS: Record<string, string> = { first_name: 'First name', last_name: 'Last name', company: 'Company', address: 'Address', phone: 'Phone number' };

export function SignupPage() {
  const { branding } = usePortal();
  const [values, setValues] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<{ name: string } | undefined>();
  const [agree, setAgree] = useState(false);
  const fields = ['first_name', 'last_name', 'company', 'address', 'phone'];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(undefined);
    try {
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(values)) if (v.trim()) data[k] = v.trim();
      const res = await call('PUT', '/v2/signup', { ...data, ...(branding.domain ? { domain: branding.domain } : {}) }, { token: null });
      setDone({ name: res.name });
    } catch (err) {
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        setError(err.status === 429 ? 'Too many signups from this address; try again later.' : err.status === 403 ? 'Registration is closed.' : err.describe());
      } else setError(String(err));
    }
  };
  if (done)
    return (
      <BrandedPage heading="Thank you">
        <Alert color="green" data-testid="signup-done">
          Your account is awaiting activation. You will be able to log in once {branding.companyName} has activated it. Your account name is <b>{done.name}</b>.
        </Alert>
        <Anchor component={Link} to="/login">
          Back to the login page
        </Anchor>
      </BrandedPage>
    );
  return (
    <BrandedPage heading={`Sign up with ${branding.companyName}`}>
      <form onSubmit={submit} aria-label="Sign up">
        <Stack>
          {fields.map((f) => (
            <TextInput
              key={f}
              label={SIGNUP_LABELS[f]}
              name={f}
              required={branding.signupFields.includes(f)}
              value={values[f] ?? ''}
              error={errors[f]}
              onChange={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
            />
          ))}
          <TextInput label="E-mail (your username)" name="email" type="email" required value={values.email ?? ''} error={errors.email} onChange={(e) => setValues({ ...values, email: e.currentTarget.value })} />
          <PasswordInput label="Password (8 characters or more)" name="password" required value={values.password ?? ''} error={errors.password} onChange={(e) => setValues({ ...values, password: e.currentTarget.value })} />
          <Checkbox label="I want an account" checked={agree} onChange={(e) => setAgree(e.currentTarget.checked)} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <BrandButton type="submit" kind="success" disabled={!agree}>
            Sign up
          </BrandButton>
        </Stack>
      </form>
      <Anchor component={Link} to="/login" size="sm">
        I already have an account
      </Anchor>
    </BrandedPage>
  );
}

export function ForgotPassword() {
  const [form, setForm] = useState({ account: '', username: '' });
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call('PUT', '/v2/user_auth/recovery', { username: form.username, account_name: form.account, ui_url: `${window.location.origin}/portal/reset` }, { token: null });
      setSent(true);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? 'Too many requests; try again later.' : String(err instanceof ApiError ? err.describe() : err));
    }
  };
  return (
    <BrandedPage heading="Forgot your password?">
      {sent ? (
        <Alert color="green">If the account and username are right, a mail with a link to choose a new password is on its way.</Alert>
      ) : (
        <form onSubmit={submit} aria-label="Password recovery">
          <Stack>
            <TextInput label="Account name" required value={form.account} onChange={(e) => setForm({ ...form, account: e.currentTarget.value })} />
            <TextInput label="Username (e-mail)" required value={form.username} onChange={(e) => setForm({ ...form, username: e.currentTarget.value })} />
            {error && <Alert color="red">{error}</Alert>}
            <BrandButton type="submit">Send me a link</BrandButton>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm">
        Back to the login page
      </Anchor>
    </BrandedPage>
  );
}

export function ResetPassword() {
  const [params] = useSearchParams();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const key = params.get('recovery') ?? '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // The key works once: a second submit while the first is on its way would be answered "already used".
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await call('POST', '/v2/user_auth/recovery', { reset_id: key, password }, { token: null });
      setDone(true);
    } catch (err) {
      setError(err instanceof ApiError ? (err.fieldErrors().reset_id ?? err.fieldErrors().password ?? err.describe()) : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <BrandedPage heading="Choose a new password">
      {done ? (
        <Alert color="green" data-testid="reset-done">
          Your password is changed. You can log in with it now.
        </Alert>
      ) : !key ? (
        <Text>This page is opened from the link in the password recovery mail.</Text>
      ) : (
        <form onSubmit={submit} aria-label="New password">
          <Stack>
            <PasswordInput label="New password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="new-password" />
            {error && (
              <Alert color="red" role="alert" data-testid="reset-error">
                {error}
              </Alert>
            )}
            <BrandButton type="submit" loading={busy}>
              Set the password
            </BrandButton>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm">
        Back to the login page
      </Anchor>
    </BrandedPage>
  );
}
