import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, ApiError, type Me, setCsrfToken } from '../../lib/api-client';

interface Session {
  me: Me | null;
  checking: boolean;
  signIn: (username: string, password: string, tenant?: string) => Promise<void>;
  signOut: () => Promise<void>;
  switchTenant: (tenant: string) => Promise<void>;
  can: (permission: string) => boolean;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: React.ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const accept = (m: Me) => {
    setCsrfToken(m.csrfToken);
    setMe(m);
  };
  useEffect(() => {
    api
      .get<Me>('/api/v1/me')
      .then(accept)
      .catch((e) => {
        if (!(e instanceof ApiError && e.status === 401)) console.warn(e);
      })
      .finally(() => setChecking(false));
  }, []);
  const signIn = useCallback(async (username: string, password: string, tenant?: string) => {
    accept(await api.post<Me>('/api/v1/auth/login', { username, password, tenant }));
  }, []);
  const signOut = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } finally {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);
  const switchTenant = useCallback(async (tenant: string) => {
    accept(await api.post<Me>('/api/v1/auth/tenant', { tenant }));
  }, []);
  const can = useCallback((p: string) => !!me?.permissions.includes(p), [me]);
  return <Ctx.Provider value={{ me, checking, signIn, signOut, switchTenant, can }}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
