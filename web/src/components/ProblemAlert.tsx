import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError } from '../api';
import { useT } from '../i18n/useT';

/** Shows a failed request: the problem+json detail (the server's own sentence), else a generic one. */
export function ProblemAlert({ error, title, autoFocus }: { error: unknown; title?: string; autoFocus?: boolean }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (autoFocus && error) ref.current?.focus();
  }, [autoFocus, error]);
  if (!error) return null;
  let heading = t('error.generic');
  let detail = '';
  const fieldList = error instanceof ApiError ? (error.problem.errors ?? []).filter((e) => e && e.message && e.message !== error.problem.detail) : [];
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        heading = t('error.network');
        break;
      case 401:
        heading = t('error.unauthenticated');
        break;
      case 403:
        heading = error.kind === 'csrf' ? t('error.csrf') : t('error.forbidden');
        break;
      case 404:
        heading = t('error.notFound');
        break;
      case 409:
        heading = t('error.conflict');
        break;
      case 429:
        heading = t('error.throttled');
        break;
      default:
        heading = error.status >= 500 ? t('error.server') : t('error.invalid');
    }
    detail = error.problem.detail || (error.problem.title !== heading ? error.problem.title : '');
    // When errors[] is listed below, a detail that only repeats those messages is left out.
    if (fieldList.length > 0 && fieldList.every((e) => detail.includes(e.message))) detail = '';
    if (error.status === 429 && error.retryAfter) detail = `${detail} ${t('error.retryAfter', { seconds: error.retryAfter })}`.trim();
  } else if (error instanceof Error) {
    detail = error.message;
  }
  return (
    <div className="alert alert-error" role="alert" ref={ref} tabIndex={autoFocus ? -1 : undefined}>
      <p className="alert-title">{title ?? heading}</p>
      {detail && <p className="alert-detail">{detail}</p>}
      {fieldList.length > 0 && (
        <ul className="alert-list">
          {fieldList.map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function SuccessNote({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-success" role="status">
      <p>{children}</p>
    </div>
  );
}
