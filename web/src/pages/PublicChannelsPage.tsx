import { useMemo, useState } from 'react';
import { listPublicChannels, listPublicOrganisations, NETWORKS, type Organisation } from '../api';
import { SelectField, TextInput } from '../components/fields';
import { LanguageList, languageName, networkName, StatusBadge } from '../components/labels';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { UI_LANGUAGES } from '../i18n';
import { useT } from '../i18n/useT';
import { OrgName } from '../orgs';

const PER_PAGE = 50;

export function PublicChannelsPage() {
  const t = useT();
  const [network, setNetwork] = useState('');
  const [language, setLanguage] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);

  const orgs = useAsync(() => listPublicOrganisations(), []);
  const orgById = useMemo(() => new Map<number, Organisation>((orgs.data?.items ?? []).map((o) => [o.id, o])), [orgs.data]);
  const channels = useAsync(() => listPublicChannels({ network, language, q: q.trim(), page, per_page: PER_PAGE }), [network, language, q, page]);

  const reset = (fn: (v: string) => void) => (v: string) => {
    fn(v);
    setPage(1);
  };

  return (
    <Page title={t('public.title')}>
      <p className="lead">{t('public.intro')}</p>
      <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label={t('channel.network')}
          name="network"
          value={network}
          onChange={reset(setNetwork)}
          options={[{ value: '', label: t('filters.all') }, ...NETWORKS.map((n) => ({ value: n, label: networkName(t, n) }))]}
        />
        <SelectField
          label={t('channel.language')}
          name="language"
          value={language}
          onChange={reset(setLanguage)}
          options={[{ value: '', label: t('filters.all') }, ...UI_LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))]}
        />
        <TextInput label={t('filters.search')} name="q" type="search" value={q} onChange={reset(setQ)} />
      </form>
      <p className="result-count" role="status">
        {channels.loading ? t('common.loading') : channels.data ? t('public.count', { count: channels.data.total }) : ''}
      </p>
      <ProblemAlert error={channels.error} />
      {channels.data && channels.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('public.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('channel.displayName')}</th>
                <th scope="col">{t('channel.network')}</th>
                <th scope="col">{t('channel.url')}</th>
                <th scope="col">{t('channel.languages')}</th>
                <th scope="col">{t('channel.organisation')}</th>
                <th scope="col">{t('channel.status')}</th>
              </tr>
            </thead>
            <tbody>
              {channels.data.items.map((c) => {
                const org = orgById.get(c.organisation_id);
                return (
                  <tr key={c.id}>
                    <th scope="row">{c.display_name}</th>
                    <td>{networkName(t, c.network)}</td>
                    <td>
                      <a href={c.url} rel="noopener noreferrer">
                        {c.handle || c.url}
                      </a>
                    </td>
                    <td>
                      <LanguageList languages={c.languages} />
                    </td>
                    <td>{org ? <OrgName names={org.names} fallback={org.slug} /> : `#${c.organisation_id}`}</td>
                    <td>
                      <StatusBadge status={c.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {channels.data && <Pagination page={page} perPage={channels.data.per_page || PER_PAGE} total={channels.data.total} onPage={setPage} />}
    </Page>
  );
}
