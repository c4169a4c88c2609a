import { type ReactNode, useEffect, useRef } from 'react';
import { navigationsSinceLoad } from '../router';

/**
 * A page: sets document.title, renders the one h1, and moves focus to it after navigation.
 * `heading` replaces the title's text inside the h1 (e.g. to isolate a citizen's name with <bdi>).
 */
export function Page({ title, heading, children, className }: { title: string; heading?: ReactNode; children?: ReactNode; className?: string }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — belfry`;
  }, [title]);
  useEffect(() => {
    if (navigationsSinceLoad() > 0) h1.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className={className ? `page ${className}` : 'page'}>
      <h1 ref={h1} tabIndex={-1}>
        {heading ?? title}
      </h1>
      {children}
    </div>
  );
}
