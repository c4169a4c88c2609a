import { useState } from 'react';
import { ApiError, type AuditEntry, getChannel, getOrganisation, getUser, listAudit } from '../api';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { type Translate, useFormatDateTime, useT } from '../i18n/useT';
import { useOrgName } from '../orgs';
import { Link } from '../router';

const PER_PAGE = 50;

function actionLabel(t: Translate, action: string): string {
  const verb = action.slice(action.lastIndexOf('.') + 1);
  switch (verb) {
    case 'create':
      return t('history.action.create');
    case 'update':
      return t('history.action.update');
    case 'delete':
      return t('history.action.delete');
    case 'validate':
      return t('history.action.validate');
    case 'grant':
      return t('history.action.grant');
    case 'revoke':
      return t('history.action.revoke');
    default:
      return action;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function show(v: unknown, fmt: (iso: string) => string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string' && RFC3339.test(v)) return fmt(v);
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const HIDDEN_FIELDS = new Set(['updated_at', 'password', 'password_hash']);

/** Fields whose value differs between before and after (all fields of a creation or deletion). */
export function changedFields(e: Pick<AuditEntry, 'before' | 'after'>): { field: string; before: unknown; after: unknown }[] {
  const b = e.before ?? {};
  const a = e.after ?? {};
  const keys = Array.from(new Set([...Object.keys(b), ...Object.keys(a)])).filter((k) => !HIDDEN_FIELDS.has(k));
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, before: e.before ? b[k] : undefined, after: e.after ? a[k] : undefined }));
}

function Entry({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const fmt = useFormatDateTime();
  const changes = changedFields(entry);
  const fmtExact = (iso: string) => fmt(iso, 'seconds');
  const id = `entry-${entry.seq}`;
  return (
    <li className="history-entry">
      <article aria-labelledby={id}>
        <h2 id={id} className="history-title">
          {actionLabel(t, entry.action)} <code className="history-code">{entry.action}</code>
        </h2>
        <p className="history-meta">
          <span>{t('history.by', { actor: entry.actor?.username ?? t('history.system') })}</span>
          {' · '}
          <time dateTime={entry.at}>{fmt(entry.at)}</time>
          {' · '}
          <span>{t('history.seq', { seq: entry.seq })}</span>
        </p>
        {changes.length > 0 ? (
          <div className="table-wrap">
            <table className="table table-compact">
              <caption className="sr-only">{t('history.changesCaption', { seq: entry.seq })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('history.field')}</th>
                  <th scope="col">{t('history.before')}</th>
                  <th scope="col">{t('history.after')}</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">
                      <code>{c.field}</code>
                    </th>
                    <td className="diff-before">{show(c.before, fmtExact)}</td>
                    <td className="diff-after">{show(c.after, fmtExact)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('history.noChanges')}</p>
        )}
      </article>
    </li>
  );
}

function useObjectName(objectType: string, objectId: string): { name: string | null; backTo: string | null; error: unknown } {
  const nameOf = useOrgName();
  const numeric = /^\d+$/.test(objectId) ? Number(objectId) : null;
  const obj = useAsync<{ name: string; backTo: string | null } | null>(
    async () => {
      if (numeric == null) return null;
      if (objectType === 'channel') {
        const c = await getChannel(numeric);
        return { name: c.display_name || c.handle, backTo: `/channels/${c.id}` };
      }
      if (objectType === 'organisation') {
        const o = await getOrganisation(numeric);
        return { name: nameOf(o.names, o.slug), backTo: `/registry/${o.id}` };
      }
      if (objectType === 'user') {
        const u = await getUser(numeric);
        return { name: u.display_name || u.username, backTo: `/users/${u.id}` };
      }
      return null;
    },
    [objectType, objectId],
  );
  return { name: obj.data?.name ?? null, backTo: obj.data?.backTo ?? null, error: obj.error };
}

export function HistoryPage({ objectType, objectId }: { objectType: string; objectId: string }) {
  const t = useT();
  const [page, setPage] = useState(1);
  const { name, backTo, error: objectError } = useObjectName(objectType, objectId);
  const audit = useAsync(() => listAudit({ object_type: objectType, object_id: objectId, page, per_page: PER_PAGE }), [objectType, objectId, page]);
  // The audit list is filtered to what the user may read (it can come back empty rather than
  // refused), so an object the user may not see is reported from the object's own answer.
  const refused = objectError instanceof ApiError && (objectError.status === 403 || objectError.status === 404);
  const typeLabel = objectType === 'channel' ? t('history.type.channel') : objectType === 'organisation' ? t('history.type.organisation') : objectType === 'user' ? t('history.type.user') : objectType;
  const title = t('history.title', { name: name ?? `${typeLabel} #${objectId}` });
  return (
    <Page title={title}>
      {backTo && (
        <p className="back-link">
          <Link to={backTo}>{t('history.back', { name: name ?? '' })}</Link>
        </p>
      )}
      {refused ? (
        <ProblemAlert error={objectError} title={t('history.noAccess')} />
      ) : (
        <>
          <p className="result-count" role="status">
            {audit.loading ? t('common.loading') : audit.data ? t('history.count', { count: audit.data.total }) : ''}
          </p>
          <ProblemAlert error={audit.error} title={audit.error ? t('history.noAccess') : undefined} />
        </>
      )}
      {!refused && audit.data && audit.data.items.length > 0 && (
        <ol className="history">
          {audit.data.items.map((e) => (
            <Entry key={e.seq} entry={e} />
          ))}
        </ol>
      )}
      {!refused && audit.data && <Pagination page={page} perPage={audit.data.per_page || PER_PAGE} total={audit.data.total} onPage={setPage} />}
    </Page>
  );
}
