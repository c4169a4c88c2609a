// The publication queue (/posts): every post the user may read, newest first, with filters by
// status and organisation kept in the address (?status=&organisation_id=&page=).
import { useCallback, useMemo } from 'react';
import { DRAFTING_ROLES, listOrganisations, listPosts, type Organisation, POST_STATUSES, ROLES } from '../api';
import { SelectField } from '../components/fields';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { contentTypeLabel, firstLine, PostStatusBadge, postStatusLabel, renditionStatusLabel } from '../components/posts/labels';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useLocale } from '../i18n';
import { useFormatBrussels, useT } from '../i18n/useT';
import { OrgName, pathTo, useOrgOptions } from '../orgs';
import { Link, navigate, useLocation } from '../router';
import { hasRoleAnywhere, hasRoleOn, useSession } from '../session';

const PER_PAGE = 25;

/** Organisations the user holds a role on (or below one): the ones whose posts they can read. */
export function useReadableOrgs(orgs: Organisation[]): (o: Organisation) => boolean {
  const { session } = useSession();
  return useCallback((o: Organisation) => hasRoleOn(session, pathTo(orgs, o.id).map((x) => x.id), ROLES), [session, orgs]);
}

export function PostsPage() {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const { session } = useSession();
  const { pathname, search } = useLocation();
  const status = search.get('status') ?? '';
  const orgParam = search.get('organisation_id') ?? '';
  const orgId = /^\d+$/.test(orgParam) ? Number(orgParam) : undefined;
  const pageParam = Number(search.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;

  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const orgById = useMemo(() => new Map(orgList.map((o) => [o.id, o])), [orgList]);
  const readable = useReadableOrgs(orgList);
  const orgOptions = useOrgOptions(orgList, readable);
  const posts = useAsync(() => listPosts({ status, organisation_id: orgId, page, per_page: PER_PAGE }), [status, orgId, page]);
  const canDraft = hasRoleAnywhere(session, DRAFTING_ROLES);

  const go = (next: { status?: string; organisation_id?: string; page?: number }) => {
    const q = new URLSearchParams();
    const s = next.status ?? status;
    const o = next.organisation_id ?? orgParam;
    const p = next.page ?? 1;
    if (s) q.set('status', s);
    if (o) q.set('organisation_id', o);
    if (p > 1) q.set('page', String(p));
    const qs = q.toString();
    navigate(qs ? `${pathname}?${qs}` : pathname, { replace: true });
  };

  return (
    <Page title={t('posts.title')} className="wide">
      <div className="section-head">
        <p className="lead">{t('posts.intro')}</p>
        <div className="actions">
          <Link to="/posts/calendar" className="btn">
            {t('posts.calendar')}
          </Link>
          {canDraft && (
            <Link to="/posts/new" className="btn btn-primary">
              {t('posts.new')}
            </Link>
          )}
        </div>
      </div>
      <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('posts.status')}
          name="status"
          value={status}
          onChange={(v) => go({ status: v })}
          options={[{ value: '', label: t('filters.all') }, ...POST_STATUSES.map((s) => ({ value: s, label: postStatusLabel(t, s) }))]}
        />
        <SelectField
          label={t('composer.organisation')}
          name="organisation_id"
          value={orgId != null ? String(orgId) : ''}
          onChange={(v) => go({ organisation_id: v })}
          options={[{ value: '', label: t('filters.all') }, ...orgOptions]}
        />
      </form>
      <p className="result-count" role="status">
        {posts.loading ? t('common.loading') : posts.data ? t('posts.count', { count: posts.data.total }) : ''}
      </p>
      <ProblemAlert error={posts.error ?? orgs.error} />
      {posts.data && posts.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table posts-table">
            <caption className="sr-only">{t('posts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('posts.created')}</th>
                <th scope="col">{t('composer.contentType')}</th>
                <th scope="col">{t('posts.text')}</th>
                <th scope="col">{t('posts.channels')}</th>
                <th scope="col">{t('posts.status')}</th>
                <th scope="col">{t('posts.renditions')}</th>
                <th scope="col">
                  {t('posts.publishAt')} <span className="cell-note">{t('posts.brusselsTime')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {posts.data.items.map((p) => {
                const line = firstLine(p, locale);
                const org = orgById.get(p.organisation_id);
                return (
                  <tr key={p.id} data-post-id={p.id}>
                    <td>
                      <time dateTime={p.created_at}>{fmt(p.created_at)}</time>
                    </td>
                    <td>{contentTypeLabel(t, p.content_type)}</td>
                    <th scope="row" className="post-line">
                      <Link to={`/posts/${p.id}`}>
                        {line ? <span lang={line.lang !== locale ? line.lang : undefined}>{line.text}</span> : t('posts.noText', { id: p.id })}
                      </Link>
                      {org && (
                        <span className="cell-note">
                          <OrgName names={org.names} fallback={org.slug} />
                        </span>
                      )}
                    </th>
                    <td>{p.channel_ids.length}</td>
                    <td>
                      <PostStatusBadge status={p.status} />
                    </td>
                    <td data-testid="rendition-counts">
                      {Object.keys(p.rendition_counts ?? {}).length === 0 ? (
                        '—'
                      ) : (
                        <ul className="plain-list">
                          {Object.entries(p.rendition_counts).map(([st, n]) => (
                            <li key={st}>{t('renditions.countOf', { status: renditionStatusLabel(t, st), count: n ?? 0 })}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{p.publish_at ? <time dateTime={p.publish_at}>{fmt(p.publish_at)}</time> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {posts.data && <Pagination page={page} perPage={posts.data.per_page || PER_PAGE} total={posts.data.total} onPage={(p) => go({ page: p })} />}
    </Page>
  );
}
