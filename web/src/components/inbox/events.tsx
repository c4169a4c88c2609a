// The live inbox: one EventSource on GET /api/v1/inbox/events for the whole app (the session
// cookie goes with it), opened while a person who may read the inbox is signed in. Pages subscribe
// with useInboxEvents; the navigation's count asks again when something arrives. The browser
// reconnects by itself (sending Last-Event-ID); a refused stream (404, 403) is not retried.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef } from 'react';
import { INBOX_EVENTS_URL, INBOX_READ_ROLES, type InboxEvent } from '../../api';
import { hasRoleAnywhere, useSession } from '../../session';

type Listener = (e: InboxEvent) => void;

interface Hub {
  subscribe: (l: Listener) => () => void;
}

const HubContext = createContext<Hub>({ subscribe: () => () => {} });

/** Fired by pages after they change a conversation (assign, status, answer): counts ask again. */
export const INBOX_CHANGED = 'belfry:inbox-changed';

export function inboxChanged(): void {
  window.dispatchEvent(new Event(INBOX_CHANGED));
}

export function InboxEventsProvider({ children }: { children: ReactNode }) {
  const { status, session } = useSession();
  const listeners = useRef(new Set<Listener>());
  const mayRead = status === 'signed-in' && hasRoleAnywhere(session, INBOX_READ_ROLES);
  const userId = session?.user.id;
  useEffect(() => {
    if (!mayRead || typeof EventSource === 'undefined') return;
    const source = new EventSource(INBOX_EVENTS_URL, { withCredentials: true });
    const onEvent = (ev: MessageEvent) => {
      let data: InboxEvent;
      try {
        data = JSON.parse(String(ev.data)) as InboxEvent;
      } catch {
        return;
      }
      if (!data || typeof data !== 'object') return;
      for (const l of [...listeners.current]) l(data);
    };
    source.addEventListener('inbox', onEvent as EventListener);
    return () => {
      source.removeEventListener('inbox', onEvent as EventListener);
      source.close();
    };
  }, [mayRead, userId]);
  const hub = useMemo<Hub>(
    () => ({
      subscribe: (l) => {
        listeners.current.add(l);
        return () => listeners.current.delete(l);
      },
    }),
    [],
  );
  return <HubContext.Provider value={hub}>{children}</HubContext.Provider>;
}

/** Calls `onEvent` for every live inbox event (the latest callback is used). */
export function useInboxEvents(onEvent: Listener): void {
  const hub = useContext(HubContext);
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => hub.subscribe((e) => ref.current(e)), [hub]);
}

/**
 * Calls `fn` once, `delayMs` after the last of a burst of calls (live events arrive in bursts: one
 * list request for many messages).
 */
export function useDebounced(fn: () => void, delayMs: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useMemo(
    () => () => {
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => ref.current(), delayMs);
    },
    [delayMs],
  );
}
