// What every screen needs: the login, the branding, the account (timezone) and money formatting.
import { createContext, useContext } from 'react';
import type { Loose, Session } from './api';
import { type Branding, DEFAULT_BRANDING } from './branding';

export interface PortalState {
  session?: Session;
  branding: Branding;
  account?: Loose;
  setSession(s: Session | undefined): void;
  setBranding(b: Branding): void;
  money(amount: unknown): string;
  date(value: unknown): string;
}

export const PortalContext = createContext<PortalState>({
  branding: DEFAULT_BRANDING,
  setSession: () => {},
  setBranding: () => {},
  money: (a) => String(a),
  date: (d) => String(d),
});

export const usePortal = (): PortalState => useContext(PortalContext);
