// A tiny History-API router: the server answers index.html for every non-/api path, so the
// client maps location.pathname to a page. Navigation moves focus to the new page's h1.
import { type AnchorHTMLAttributes, type MouseEvent, type ReactNode, useEffect, useState, useSyncExternalStore } from 'react';

const NAV_EVENT = 'belfry:navigate';

let navigationCount = 0;

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(NAV_EVENT, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(NAV_EVENT, cb);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigationCount++;
  });
}

/** Number of client-side navigations since load (0 on a fresh load). */
export function navigationsSinceLoad(): number {
  return navigationCount;
}

export function navigate(to: string, opts: { replace?: boolean; flash?: string } = {}): void {
  const state = opts.flash ? { flash: opts.flash } : null;
  if (to === snapshot() && !state) return;
  if (opts.replace || to === snapshot()) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  navigationCount++;
  window.dispatchEvent(new Event(NAV_EVENT));
  if (!opts.replace) window.scrollTo(0, 0);
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const url = new URL(href, 'http://x');
  return { pathname: url.pathname, search: url.searchParams, href };
}

/** Match "/history/:objectType/:objectId" against a path; returns the params or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null;
      }
    } else if (seg !== val) {
      return null;
    }
  }
  return params;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; children: ReactNode; replace?: boolean };

/** An ordinary <a href> that navigates client-side on a plain left click. */
export function Link({ to, children, onClick, replace, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    e.preventDefault();
    navigate(to, { replace });
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** A one-time message handed to the next page by navigate(to, {flash}); cleared once shown. */
export function useFlash(): string | null {
  const [flash] = useState<string | null>(() => {
    const st = window.history.state as { flash?: string } | null;
    return st && typeof st.flash === 'string' ? st.flash : null;
  });
  useEffect(() => {
    const st = window.history.state as { flash?: string } | null;
    if (st?.flash) window.history.replaceState({ ...st, flash: undefined }, '');
  }, []);
  return flash;
}
