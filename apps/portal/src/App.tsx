// The shell: branding first (the login page is branded), then the login's screens: a reseller's or a client's.
import { AppShell, Anchor, Burger, Group, Image, NavLink, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { BrandButton, Loading } from './components';
import { call, type Loose, loadSession, logout, type Session, saveSession, setUnauthorizedHandler } from './lib/api';
import { applyBranding, type Branding, DEFAULT_BRANDING, loadBranding } from './lib/branding';
import { dateTime, money } from './lib/format';
import { PortalContext, type PortalState, usePortal } from './lib/portal-context';
import { ForgotPassword, LoginPage, ResetPassword, SignupPage } from './screens/auth';
import { ClientCdrs, ClientDashboard, ClientDevices, ClientNumbers, ClientPayments, ClientUsers } from './screens/client';
import { ClientsPage, NewClientPage } from './screens/clients';
import { ConfigPage } from './screens/config';
import { ManageClientPage } from './screens/manage-client';
import { PackagesPage } from './screens/packages';
import { RatesPage } from './screens/rates';
import { ReportsPage } from './screens/reports';
import { ResellerDashboard } from './screens/reseller-dashboard';

const RESELLER_NAV = [
  { to: '/', label: 'Dashboard' },
  { to: '/clients', label: 'Clients' },
  { to: '/packages', label: 'Packages' },
  { to: '/reports', label: 'Reports' },
  { to: '/rates', label: 'Rates' },
  { to: '/config', label: 'Configuration' },
];
const CLIENT_NAV: Array<{ to: string; label: string; service?: string }> = [
  { to: '/', label: 'Dashboard' },
  { to: '/cdrs', label: 'Calls', service: 'cdrs' },
  { to: '/payments', label: 'Payments', service: 'payments' },
  { to: '/numbers', label: 'Numbers', service: 'numbers' },
];

export function App() {
  const [branding, setBranding] = useState<Branding>(DEFAULT_BRANDING);
  const [brandError, setBrandError] = useState<string>();
  const [brandReady, setBrandReady] = useState(false);
  const [session, setSessionState] = useState<Session | undefined>(loadSession);
  const [account, setAccount] = useState<Loose>();
  const navigate = useNavigate();

  const setSession = useCallback((s: Session | undefined) => {
    saveSession(s);
    setSessionState(s);
  }, []);

  useEffect(() => {
    loadBranding().then(({ branding: b, error }) => {
      setBranding(b);
      setBrandError(error);
      setBrandReady(true);
    });
  }, []);
  useEffect(() => applyBranding(branding), [branding]);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setSession(undefined);
      navigate('/login');
    });
  }, [navigate, setSession]);
  useEffect(() => {
    setAccount(undefined);
    if (session) call('GET', `/v2/accounts/${session.accountId}`).then(setAccount, () => undefined);
  }, [session]);

  const state: PortalState = useMemo(
    () => ({
      session,
      branding,
      account,
      setSession,
      setBranding,
      money: (a: unknown) => money(a, branding.currency),
      date: (d: unknown) => dateTime(d, account?.timezone),
    }),
    [session, branding, account, setSession],
  );

  if (!brandReady) return <Loading />;
  return (
    <PortalContext.Provider value={state}>
      <Routes>
        <Route path="/login" element={session ? <Navigate to="/" replace /> : <LoginPage brandError={brandError} />} />
        <Route path="/signup" element={<SignupPage />} />
        <Route path="/forgot" element={<ForgotPassword />} />
        <Route path="/reset" element={<ResetPassword />} />
        <Route path="/*" element={session ? <Shell session={session} /> : <LoginRedirect />} />
      </Routes>
    </PortalContext.Provider>
  );
}

/** A recovery link (`?recovery=<key>`) opens the reset page; anything else without a login, the login. */
function LoginRedirect() {
  const { search } = useLocation();
  return <Navigate to={new URLSearchParams(search).has('recovery') ? `/reset${search}` : '/login'} replace />;
}

function Shell({ session }: { session: Session }) {
  const [opened, { toggle, close }] = useDisclosure();
  const { branding, setSession } = usePortal();
  const location = useLocation();
  const navigate = useNavigate();
  const reseller = session.isReseller;
  // What a client may manage is its reseller's choice (whitelabel `client_services`); absent: all of these.
  const allowed = (service: string) => branding.clientServices === undefined || branding.clientServices.includes(service);
  const nav = reseller ? RESELLER_NAV : [...CLIENT_NAV.filter((n) => n.service === undefined || allowed(n.service)), ...(allowed('users') ? [{ to: '/users', label: 'Users' }] : []), ...(allowed('devices') ? [{ to: '/devices', label: 'Devices' }] : [])];

  const signOut = async () => {
    await logout(session);
    setSession(undefined);
    navigate('/login');
  };
  const backToReseller = () => {
    setSession(session.impersonator);
    navigate('/clients');
  };

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a href="#main" className="tg-skip">
        Skip to content
      </a>
      <AppShell.Header className="tg-nav" data-testid="nav-bar">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap" gap="sm" miw={0}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" color="white" aria-label="Menu" />
            {branding.headerImageUrl || branding.logoUrl ? <Image src={branding.headerImageUrl ?? branding.logoUrl} h={36} w="auto" alt="" visibleFrom="xs" /> : null}
            <Title order={1} size="h4" data-testid="portal-title" lineClamp={1} style={{ minWidth: 0 }}>
              {branding.title}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" visibleFrom="sm" data-testid="signed-in-as">
              {session.accountName}
            </Text>
            {session.impersonator && (
              <BrandButton kind="exit" size="xs" onClick={backToReseller} data-testid="back-to-reseller">
                Back to {session.impersonator.accountName}
              </BrandButton>
            )}
            <BrandButton kind="exit" size="xs" onClick={signOut}>
              Log out
            </BrandButton>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <Stack gap={2}>
          {branding.contentLogoUrl && <Image src={branding.contentLogoUrl} alt="" mah={60} fit="contain" />}
          {nav.map((n) => (
            <NavLink
              key={n.to}
              component={Link}
              to={n.to}
              label={n.label}
              className="tg-navlink"
              active={n.to === '/' ? location.pathname === '/' : location.pathname.startsWith(n.to)}
              onClick={close}
            />
          ))}
        </Stack>
        {!branding.hidePowered && (
          <Text size="xs" c="dimmed" mt="auto" pt="md">
            Powered by{' '}
            <Anchor href="https://github.com/2600hz/kazoo" size="xs">
              Tollgate
            </Anchor>
          </Text>
        )}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        {reseller ? (
          <Routes>
            <Route path="/" element={<ResellerDashboard />} />
            <Route path="/clients" element={<ClientsPage />} />
            <Route path="/clients/new" element={<NewClientPage />} />
            <Route path="/clients/:clientId" element={<ManageClientPage />} />
            <Route path="/packages" element={<PackagesPage />} />
            <Route path="/reports" element={<ReportsPage />} />
            <Route path="/rates" element={<RatesPage />} />
            <Route path="/config" element={<ConfigPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        ) : (
          <Routes>
            <Route path="/" element={<ClientDashboard />} />
            <Route path="/cdrs" element={<ClientCdrs />} />
            <Route path="/payments" element={<ClientPayments />} />
            <Route path="/numbers" element={<ClientNumbers />} />
            <Route path="/users" element={<ClientUsers />} />
            <Route path="/devices" element={<ClientDevices />} />
            {/* A client editing the URL to a reseller's page gets the API's answer (403/404), shown as such. */}
            <Route path="/clients/:clientId" element={<ManageClientPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        )}
      </AppShell.Main>
    </AppShell>
  );
}

function NotFound() {
  return (
    <Stack>
      <Title order={2}>Page not found</Title>
      <UnstyledButton component={Link} to="/" className="tg-link">
        Back to the dashboard
      </UnstyledButton>
    </Stack>
  );
}
