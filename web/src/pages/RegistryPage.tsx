import { Fragment, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import { CHANNEL_STATUSES, getOrganisation, LANGUAGES, listChannels, listOrganisations, NETWORKS, type Organisation } from '../api';
import { SelectField, SingleCheckbox, TextInput } from '../components/fields';
import { kindLabel, languageName, networkName, statusLabel } from '../components/labels';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert, SuccessNote } from '../components/ProblemAlert';
import { ChannelTable } from '../components/registry/ChannelTable';
import { OrgForm } from '../components/registry/OrgForm';
import { OrgTree } from '../components/registry/OrgTree';
import { useAsync } from '../components/useAsync';
import { useT } from '../i18n/useT';
import { OrgName, pathTo, useOrgName } from '../orgs';
import { Link, navigate, navigationsSinceLoad, useFlash } from '../router';
import { hasRoleOn, useSession } from '../session';

const PER_PAGE = 50;

function OrgDetails({ org, path }: { org: Organisation; path: Organisation[] }) {
  const t = useT();
  return (
    <>
      {path.length > 1 && (
        <nav aria-label={t('registry.breadcrumb')} className="breadcrumb">
          <ol>
            {path.map((p) => (
              <li key={p.id}>
                {p.id === org.id ? (
                  <span aria-current="location">
                    <OrgName names={p.names} fallback={p.slug} />
                  </span>
                ) : (
                  <Link to={`/registry/${p.id}`}>
                    <OrgName names={p.names} fallback={p.slug} />
                  </Link>
                )}
              </li>
            ))}
          </ol>
        </nav>
      )}
      <dl className="details details-inline">
        <dt>{t('org.kind')}</dt>
        <dd>{kindLabel(t, org.kind)}</dd>
        <dt>{t('org.slug')}</dt>
        <dd>
          <code>{org.slug}</code>
        </dd>
        {LANGUAGES.map((l) =>
          org.names[l] ? (
            <Fragment key={l}>
              <dt>{t('org.nameIn', { language: languageName(t, l) })}</dt>
              <dd lang={l}>{org.names[l]}</dd>
            </Fragment>
          ) : null,
        )}
      </dl>
      <ul className="plain-list org-links">
        <li>
          <Link to={`/history/organisation/${org.id}`}>{t('org.history')}</Link>
        </li>
        <li>
          <Link to={`/registry/${org.id}/policy`}>{t('org.policy')}</Link>
        </li>
        <li>
          <Link to={`/organisations/${org.id}/inbox`}>{t('org.inboxSettings')}</Link>
        </li>
        <li>
          <Link to={`/organisations/${org.id}/moderation`}>{t('org.moderationSettings')}</Link>
        </li>
      </ul>
    </>
  );
}

function ChannelsSection({ org, orgs, canAdmin }: { org: Organisation; orgs: Organisation[]; canAdmin: boolean }) {
  const t = useT();
  const [network, setNetwork] = useState('');
  const [status, setStatus] = useState('');
  const [language, setLanguage] = useState('');
  const [due, setDue] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const orgById = useMemo(() => new Map(orgs.map((o) => [o.id, o])), [orgs]);
  const channels = useAsync(
    () => listChannels({ organisation_id: org.id, network, status, language, revalidation_due: due, q: q.trim(), page, per_page: PER_PAGE }),
    [org.id, network, status, language, due, q, page],
  );
  const reset =
    <T,>(fn: (v: T) => void) =>
    (v: T) => {
      fn(v);
      setPage(1);
    };
  const all = { value: '', label: t('filters.all') };

  return (
    <section aria-labelledby="channels-title" className="section">
      <div className="section-head">
        <h3 id="channels-title">{t('registry.channels')}</h3>
        {canAdmin && (
          <Link to={`/registry/${org.id}/channels/new`} className="btn btn-primary">
            {t('channel.new')}
          </Link>
        )}
      </div>
      <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('channel.network')} name="network" value={network} onChange={reset(setNetwork)} options={[all, ...NETWORKS.map((n) => ({ value: n, label: networkName(t, n) }))]} />
        <SelectField label={t('channel.status')} name="status" value={status} onChange={reset(setStatus)} options={[{ value: '', label: t('filters.currentStatuses') }, ...CHANNEL_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))]} />
        <SelectField label={t('channel.language')} name="language" value={language} onChange={reset(setLanguage)} options={[all, ...LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))]} />
        <TextInput label={t('filters.search')} name="q" type="search" value={q} onChange={reset(setQ)} />
        <SingleCheckbox name="revalidation_due" label={t('filters.revalidationDue')} isSelected={due} onChange={reset(setDue)} />
      </form>
      <p className="result-count" role="status">
        {channels.loading ? t('common.loading') : channels.data ? t('registry.channelCount', { count: channels.data.total }) : ''}
      </p>
      <ProblemAlert error={channels.error} />
      {channels.data && channels.data.items.length > 0 && <ChannelTable channels={channels.data.items} orgById={orgById} currentOrgId={org.id} />}
      {channels.data && <Pagination page={page} perPage={channels.data.per_page || PER_PAGE} total={channels.data.total} onPage={setPage} />}
    </section>
  );
}

function OrgPanel({ orgId, orgs, onOrgsChanged }: { orgId: number; orgs: Organisation[]; onOrgsChanged: () => void }) {
  const t = useT();
  const nameOf = useOrgName();
  const flash = useFlash();
  const { session } = useSession();
  const listed = orgs.find((o) => o.id === orgId);
  // Not in the visible tree: ask the server, which answers 403/404 when out of scope.
  const fetched = useAsync(() => getOrganisation(orgId), [orgId], !listed);
  const org = listed ?? fetched.data;
  const path = useMemo(() => (org ? (listed ? pathTo(orgs, orgId) : [org]) : []), [org, listed, orgs, orgId]);
  const canAdmin = org ? hasRoleOn(session, pathTo(orgs, orgId).map((o) => o.id).concat(orgId), ['administrator']) : false;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (navigationsSinceLoad() > 0 && org) heading.current?.focus({ preventScroll: false });
  }, [!!org]);

  if (!org) {
    return (
      <div className="org-panel">
        <h2 className="panel-title">{t('registry.organisation')}</h2>
        {fetched.loading ? <p role="status">{t('common.loading')}</p> : <ProblemAlert error={fetched.error} title={t('registry.noAccess')} />}
      </div>
    );
  }

  return (
    <div className="org-panel">
      {flash && <SuccessNote>{flash}</SuccessNote>}
      <h2 ref={heading} tabIndex={-1} className="panel-title">
        <OrgName names={org.names} fallback={org.slug} />
      </h2>
      <OrgDetails org={org} path={path} />
      <ChannelsSection org={org} orgs={orgs} canAdmin={canAdmin} />
      {canAdmin && (
        <section className="section">
          <Disclosure className="disclosure">
            <Heading level={3} className="disclosure-heading">
              <Button slot="trigger" className="disclosure-trigger">
                <span className="disclosure-icon" aria-hidden="true" />
                {t('org.newTitle')}
              </Button>
            </Heading>
            <DisclosurePanel className="disclosure-panel">
              <OrgForm
                parent={org}
                onCreated={(created) => {
                  onOrgsChanged();
                  navigate(`/registry/${created.id}`, { flash: t('org.created', { name: nameOf(created.names, created.slug) }) });
                }}
              />
            </DisclosurePanel>
          </Disclosure>
        </section>
      )}
    </div>
  );
}

export function RegistryPage({ orgId }: { orgId: number | null }) {
  const t = useT();
  const orgs = useAsync(() => listOrganisations(), []);
  const items = orgs.data?.items ?? [];
  useEffect(() => {
    // Land on the first root organisation when none is chosen.
    if (orgId == null && items.length > 0) {
      const roots = items.filter((o) => o.parent_id == null || !items.some((p) => p.id === o.parent_id));
      if (roots.length === 1) navigate(`/registry/${roots[0]!.id}`, { replace: true });
    }
  }, [orgId, items]);

  return (
    <Page title={t('registry.title')} className="wide">
      {orgs.error ? <ProblemAlert error={orgs.error} /> : null}
      {orgs.loading && !orgs.data && <p role="status">{t('common.loading')}</p>}
      {orgs.data && (
        <div className="registry-layout">
          <OrgTree orgs={items} selectedId={orgId} />
          <div className="registry-main">
            {orgId == null ? <p>{t('registry.pick')}</p> : <OrgPanel key={orgId} orgId={orgId} orgs={items} onOrgsChanged={orgs.reload} />}
          </div>
        </div>
      )}
    </Page>
  );
}
