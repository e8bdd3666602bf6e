// The reseller's branding for the page: the unauthenticated GET /v2/whitelabel/{domain}, the domain
// being the host name the portal is reached under, or `?domain=` when it runs on a local address.
import { ApiError, call, type Loose } from './api';

export interface Branding {
  domain?: string;
  accountId?: string;
  companyName: string;
  title: string;
  colors: { background: string; navigation_bar: string; links: string; text: string };
  buttons: Record<'primary' | 'success' | 'exit' | 'delete', { background: string; text: string }>;
  panels: { background: string; header_background: string; header_text: string; text: string; border: string };
  login: { background_color?: string; background_url?: string; logo_url?: string };
  logoUrl?: string;
  headerImageUrl?: string;
  contentLogoUrl?: string;
  welcomeText?: string;
  hidePowered: boolean;
  hideRegistration: boolean;
  allowPasswordReset: boolean;
  view: 'standard' | 'simple' | 'simple_without_services';
  clientServices?: string[];
  signupFields: string[];
  currency: string;
}

export const DEFAULT_BRANDING: Branding = {
  companyName: 'Tollgate',
  title: 'Tollgate portal',
  colors: { background: '#f4f6f8', navigation_bar: '#1f2d3d', links: '#1c7ed6', text: '#212529' },
  buttons: {
    primary: { background: '#1c7ed6', text: '#ffffff' },
    success: { background: '#2f9e44', text: '#ffffff' },
    exit: { background: '#868e96', text: '#ffffff' },
    delete: { background: '#e03131', text: '#ffffff' },
  },
  panels: { background: '#ffffff', header_background: '#f1f3f5', header_text: '#212529', text: '#212529', border: '#dee2e6' },
  login: {},
  hidePowered: false,
  hideRegistration: false,
  allowPasswordReset: true,
  view: 'standard',
  signupFields: [],
  currency: 'USD',
};

const LOCAL = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|\d+\.\d+\.\d+\.\d+)$/;

/** The whitelabel domain this page is for: `?domain=`, else the host name unless it is a local address. */
export function brandDomain(): string | undefined {
  const q = new URLSearchParams(window.location.search).get('domain');
  if (q) {
    sessionStorage.setItem('tollgate.portal.domain', q);
    return q;
  }
  const host = window.location.hostname;
  if (!LOCAL.test(host)) return host;
  return sessionStorage.getItem('tollgate.portal.domain') ?? undefined;
}

/** A whitelabel doc (public answer or the account's own) as the portal's branding. */
export function brandingOf(wl: Loose, domain?: string): Branding {
  const b = wl?.branding ?? {};
  // `_read_only.attachments` names the uploads; the public route serves each.
  const uploads: string[] = Array.isArray(wl?._read_only?.attachments) ? wl._read_only.attachments : [];
  const upload = (name: string) => (uploads.includes(name) && domain ? `/v2/whitelabel/${encodeURIComponent(domain)}/${name}` : undefined);
  const d = DEFAULT_BRANDING;
  return {
    domain: wl?.domain ?? domain,
    accountId: wl?.account_id,
    companyName: wl?.company_name ?? d.companyName,
    title: b.title ?? wl?.company_name ?? d.title,
    colors: { ...d.colors, ...b.colors },
    buttons: {
      primary: { ...d.buttons.primary, ...b.buttons?.primary },
      success: { ...d.buttons.success, ...b.buttons?.success },
      exit: { ...d.buttons.exit, ...b.buttons?.exit },
      delete: { ...d.buttons.delete, ...b.buttons?.delete },
    },
    panels: { ...d.panels, ...b.panels },
    login: { ...b.login, logo_url: upload('login_logo') ?? b.login?.logo_url, background_url: upload('login_background') ?? b.login?.background_url },
    logoUrl: upload('logo') ?? b.login?.logo_url,
    headerImageUrl: upload('header_image') ?? b.header_image_url,
    contentLogoUrl: upload('content_logo') ?? b.content_logo_url,
    welcomeText: b.welcome_text,
    hidePowered: Boolean(wl?.hide_powered),
    hideRegistration: Boolean(wl?.hide_registration),
    allowPasswordReset: b.display?.allow_password_reset !== false,
    view: b.view ?? 'standard',
    clientServices: b.client_services,
    signupFields: wl?.signup?.required_fields ?? [],
    currency: typeof wl?.currency === 'string' ? wl.currency : d.currency,
  };
}

export async function loadBranding(): Promise<{ branding: Branding; error?: string }> {
  const domain = brandDomain();
  if (!domain) return { branding: DEFAULT_BRANDING };
  try {
    return { branding: brandingOf(await call('GET', `/v2/whitelabel/${encodeURIComponent(domain)}`, undefined, { token: null }), domain) };
  } catch (err) {
    const msg = err instanceof ApiError && err.status === 404 ? `No portal is set up for ${domain}` : `The branding of ${domain} could not be loaded`;
    return { branding: { ...DEFAULT_BRANDING, domain }, error: msg };
  }
}

/** The branding's colours as CSS variables on the document (the page's whole look follows them). */
export function applyBranding(b: Branding, target: HTMLElement = document.documentElement): void {
  const vars: Record<string, string> = {
    '--tg-bg': b.colors.background,
    '--tg-nav': b.colors.navigation_bar,
    '--tg-link': b.colors.links,
    '--tg-text': b.colors.text,
    '--tg-panel-bg': b.panels.background,
    '--tg-panel-head-bg': b.panels.header_background,
    '--tg-panel-head-text': b.panels.header_text,
    '--tg-panel-text': b.panels.text,
    '--tg-panel-border': b.panels.border,
  };
  for (const [k, v] of Object.entries(b.buttons)) {
    vars[`--tg-btn-${k}-bg`] = v.background;
    vars[`--tg-btn-${k}-text`] = v.text;
  }
  for (const [k, v] of Object.entries(vars)) target.style.setProperty(k, v);
  if (target === document.documentElement) document.title = b.title;
}
