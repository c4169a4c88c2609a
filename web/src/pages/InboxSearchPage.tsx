// Search in every message (/inbox/search?q=): accents ignored, French and Dutch word forms matched
// by the server; each hit links to its conversation. The query is shown as typed (as text).
import { useCallback, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { INBOX_READ_ROLES, listOrganisations, searchInbox } from '../api';
import { SelectField, TextInput } from '../components/fields';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useHasRoleOn } from '../components/inbox/access';
import { InboxNav } from '../components/inbox/InboxNav';
import { CitizenName, CitizenText, ModerationBadge, useLanguageLabel } from '../components/inbox/labels';
import { useFormatBrussels, useT } from '../i18n/useT';
import { useOrgOptions } from '../orgs';
import { Link, navigate, useLocation } from '../router';

const PER_PAGE = 25;

export function InboxSearchPage() {
  const t = useT();
  const fmt = useFormatBrussels();
  const languageLabel = useLanguageLabel();
  const { pathname, search } = useLocation();
  const q = search.get('q') ?? '';
  const language = search.get('language') ?? '';
  const direction = search.get('direction') ?? '';
  const orgParam = search.get('organisation_id') ?? '';
  const orgId = /^\d+$/.test(orgParam) ? Number(orgParam) : undefined;
  const pageParam = Number(search.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);

  const orgs = useAsync(() => listOrganisations(), []);
  const reads = useHasRoleOn(orgs.data?.items ?? [], INBOX_READ_ROLES);
  const keep = useCallback((o: { id: number }) => reads(o.id), [reads]);
  const orgOptions = useOrgOptions(orgs.data?.items ?? [], keep);
  const results = useAsync(() => searchInbox({ q: q.trim(), organisation_id: orgId, language: language || undefined, direction: direction || undefined, page, per_page: PER_PAGE }), [q, orgId, language, direction, page], q.trim() !== '');

  const go = (next: Record<string, string | number>) => {
    const params = new URLSearchParams();
    const merged: Record<string, string> = { q, organisation_id: orgParam, language, direction, page: '', ...Object.fromEntries(Object.entries(next).map(([k, v]) => [k, String(v)])) };
    for (const [k, v] of Object.entries(merged)) if (v && !(k === 'page' && v === '1')) params.set(k, v);
    const qs = params.toString();
    navigate(qs ? `${pathname}?${qs}` : pathname, { replace: true });
  };
  const all = { value: '', label: t('filters.all') };

  return (
    <Page title={t('inboxSearch.title')} className="wide">
      <InboxNav />
      <p className="lead">{t('inboxSearch.intro')}</p>
      <form
        className="filters"
        role="search"
        aria-label={t('inboxSearch.formLabel')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: typed.trim() });
        }}
      >
        <div className="search-row">
          <TextInput label={t('inboxSearch.query')} name="q" type="search" value={typed} onChange={setTyped} description={t('inbox.searchHelp')} />
          <Button type="submit" className="btn btn-primary">
            {t('inbox.searchButton')}
          </Button>
        </div>
        <SelectField label={t('inbox.organisation')} name="organisation_id" value={orgParam} onChange={(v) => go({ organisation_id: v })} options={[all, ...orgOptions]} />
        <SelectField label={t('inbox.language')} name="language" value={language} onChange={(v) => go({ language: v })} options={[all, ...['fr', 'nl', 'de', 'en', 'und'].map((l) => ({ value: l, label: languageLabel(l) }))]} />
        <SelectField
          label={t('inboxSearch.direction')}
          name="direction"
          value={direction}
          onChange={(v) => go({ direction: v })}
          options={[all, { value: 'in', label: t('thread.fromCitizen') }, { value: 'out', label: t('thread.fromUs') }]}
        />
      </form>
      <p className="result-count" role="status" data-testid="search-count">
        {!q.trim() ? t('inboxSearch.typeSomething') : results.loading ? t('common.loading') : results.data ? t('inboxSearch.count', { count: results.data.total, query: q }) : ''}
      </p>
      <ProblemAlert error={results.error} />
      {q.trim() && results.data && results.data.items.length > 0 && (
        <ol className="search-results" data-testid="search-results">
          {results.data.items.map((i) => (
            <li key={i.id} className="search-hit" data-item-id={i.id}>
              <article aria-labelledby={`hit-${i.id}`}>
                <h2 id={`hit-${i.id}`} className="search-hit-title">
                  <Link to={`/inbox/conversations/${i.conversation_id}`}>
                    {i.direction === 'out' ? (i.sent_by ? t('thread.ourAnswerBy', { name: i.sent_by.name }) : t('thread.ourAnswer')) : <CitizenName name={i.author.name} handle={i.author.handle} />}
                  </Link>
                </h2>
                <p className="thread-meta">
                  <time dateTime={i.created_at}>{fmt(i.created_at)}</time>
                  <span>{languageLabel(i.language)}</span>
                  <ModerationBadge state={i.moderation?.state} category={i.moderation?.category} />
                </p>
                <CitizenText text={i.text} lang={i.language} className="thread-text" />
              </article>
            </li>
          ))}
        </ol>
      )}
      {q.trim() && results.data && <Pagination page={page} perPage={results.data.per_page || PER_PAGE} total={results.data.total} onPage={(p) => go({ page: p })} />}
    </Page>
  );
}
