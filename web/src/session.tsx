// The signed-in user: probed with GET /api/v1/session on load (401 = signed out); keeps the
// CSRF token for unsafe requests; drops to signed-out when any request answers 401.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, getSession, type Role, type RoleGrant, type Session, setCsrfToken, setUnauthenticatedHandler, signIn as apiSignIn, signOut as apiSignOut } from './api';

type Status = 'loading' | 'signed-in' | 'signed-out' | 'error';

interface SessionState {
  status: Status;
  session: Session | null;
  error: unknown;
  signIn: (username: string, password: string) => Promise<Session>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function activeGrants(grants: RoleGrant[] | undefined, now = Date.now()): RoleGrant[] {
  return (grants ?? []).filter((g) => !g.expires_at || new Date(g.expires_at).getTime() > now);
}

export function hasRoleAnywhere(session: Session | null, roles: Role[]): boolean {
  return activeGrants(session?.grants).some((g) => roles.includes(g.role));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<unknown>(null);

  const apply = useCallback((s: Session | null) => {
    setSession(s);
    setCsrfToken(s?.csrf_token ?? null);
    setStatus(s ? 'signed-in' : 'signed-out');
  }, []);

  const refresh = useCallback(async () => {
    try {
      apply(await getSession());
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        apply(null);
        setError(null);
      } else {
        setSession(null);
        setCsrfToken(null);
        setStatus('error');
        setError(e);
      }
    }
  }, [apply]);

  useEffect(() => {
    void refresh();
    setUnauthenticatedHandler(() => apply(null));
    return () => setUnauthenticatedHandler(null);
  }, [refresh, apply]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const s = await apiSignIn(username, password);
      apply(s);
      return s;
    },
    [apply],
  );

  const signOut = useCallback(async () => {
    try {
      await apiSignOut();
    } finally {
      apply(null);
    }
  }, [apply]);

  const value = useMemo(() => ({ status, session, error, signIn, signOut, refresh }), [status, session, error, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** True when the user holds one of `roles` on `orgId` or one of its ancestors (`pathIds`: root → org). */
export function hasRoleOn(session: Session | null, pathIds: number[], roles: Role[]): boolean {
  const ids = new Set(pathIds);
  return activeGrants(session?.grants).some((g) => roles.includes(g.role) && ids.has(g.organisation_id));
}
