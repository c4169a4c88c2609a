// The inbox (/inbox): every conversation with citizens on the channels the person may read, with
// status tabs (and their counts), filters kept in the address, a full-text search and a sort. It
// stays live: an event on the inbox stream asks the list again (once per burst), says "N new
// messages" politely without moving focus, and marks what arrived since the page was opened.
import { type Key, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { INBOX_READ_ROLES, type InboxConversation, type InboxCounts, listCategoryRules, listChannels, listConversations, listOrganisations, type Page as ApiPage } from '../api';
import { SelectField, SingleCheckbox, TextInput } from '../components/fields';
import { networkName } from '../components/labels';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { subtreeIds, useHasRoleOn } from '../components/inbox/access';
import { INBOX_CHANGED, useDebounced, useInboxEvents } from '../components/inbox/events';
import { InboxNav } from '../components/inbox/InboxNav';
import { CitizenName, InboxStatusBadge, inboxStatusLabel, itemKindLabel, langAttr, OverdueBadge, snippet, useLanguageLabel, useNow, useRelativeTime } from '../components/inbox/labels';
import { useFormatBrussels, useT } from '../i18n/useT';
import { OrgName, useOrgOptions } from '../orgs';
import { Link, navigate, useLocation } from '../router';

const PER_PAGE = 25;
const TABS = ['open', 'new', 'assigned', 'waiting', 'answered', 'closed', 'all'] as const;
type TabId = (typeof TABS)[number];
const OPEN = ['new', 'assigned', 'waiting'] as const;
const LIVE_DEBOUNCE_MS = 1500;

function statusParam(tab: TabId): string | undefined {
  if (tab === 'all') return undefined;
  if (tab === 'open') return OPEN.join(',');
  return tab;
}

function tabCount(tab: TabId, counts: InboxCounts | undefined): number | null {
  if (!counts) return null;
  const n = (s: string) => counts[s as keyof InboxCounts] ?? 0;
  if (tab === 'open') return OPEN.reduce((a, s) => a + n(s), 0);
  if (tab === 'all') return ['new', 'assigned', 'waiting', 'answered', 'closed'].reduce((a, s) => a + n(s), 0);
  return n(tab);
}

type ListData = ApiPage<InboxConversation> & { counts: InboxCounts };

export function InboxPage() {
  const t = useT();
  const fmt = useFormatBrussels();
  const rel = useRelativeTime();
  const now = useNow();
  const languageLabel = useLanguageLabel();
  const { pathname, search } = useLocation();

  const tabParam = search.get('tab') ?? 'open';
  const tab: TabId = (TABS as readonly string[]).includes(tabParam) ? (tabParam as TabId) : 'open';
  const num = (k: string) => {
    const v = search.get(k) ?? '';
    return /^\d+$/.test(v) ? Number(v) : undefined;
  };
  const orgId = num('organisation_id');
  const channelId = num('channel_id');
  const network = search.get('network') ?? '';
  const language = search.get('language') ?? '';
  const category = search.get('category') ?? '';
  const assignee = search.get('assignee') ?? '';
  const overdue = search.get('overdue') === 'true';
  const q = search.get('q') ?? '';
  const sort = search.get('sort') ?? 'recent';
  const page = num('page') ?? 1;

  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const orgById = useMemo(() => new Map(orgList.map((o) => [o.id, o])), [orgList]);
  const reads = useHasRoleOn(orgList, INBOX_READ_ROLES);
  const keepOrg = useCallback((o: { id: number }) => reads(o.id), [reads]);
  const orgOptions = useOrgOptions(orgList, keepOrg);
  const channels = useAsync(() => listChannels({ organisation_id: orgId, per_page: 200 }), [orgId]);
  const rules = useAsync(() => listCategoryRules(orgId), [orgId]);

  const [typed, setTyped] = useState(q);
  useEffect(() => setTyped(q), [q]);

  const go = (next: Record<string, string | number | boolean | undefined>) => {
    const cur: Record<string, string> = {};
    for (const [k, v] of search.entries()) cur[k] = v;
    const merged: Record<string, string> = { ...cur, page: '' };
    for (const [k, v] of Object.entries(next)) merged[k] = v === undefined || v === false ? '' : String(v);
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v && !(k === 'page' && v === '1') && !(k === 'tab' && v === 'open') && !(k === 'sort' && v === 'recent')) out.set(k, v);
    const qs = out.toString();
    navigate(qs ? `${pathname}?${qs}` : pathname, { replace: true });
  };

  // --- the list, asked again on filters and on live events ---------------------------------
  const filters = useMemo(
    () => ({
      status: statusParam(tab),
      organisation_id: orgId,
      channel_id: channelId,
      network: network || undefined,
      language: language || undefined,
      category: category || undefined,
      assignee: assignee || undefined,
      overdue: overdue || undefined,
      q: q.trim() || undefined,
      sort,
      page,
      per_page: PER_PAGE,
    }),
    [tab, orgId, channelId, network, language, category, assignee, overdue, q, sort, page],
  );
  const [data, setData] = useState<ListData | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [liveNote, setLiveNote] = useState('');
  const seq = useRef(0);
  const known = useRef(new Map<number, { at: string; count: number }>());
  const baseline = useRef<string | null>(null);

  const load = useCallback(
    async (live: boolean) => {
      const mine = ++seq.current;
      if (!live) setLoading(true);
      try {
        const d = await listConversations(filters);
        if (seq.current !== mine) return;
        if (baseline.current === null) {
          baseline.current = d.items.reduce((m, c) => (c.last_inbound_at > m ? c.last_inbound_at : m), new Date(Date.now() - 1000).toISOString());
        }
        if (live) {
          // Conversations with a citizen message we had not seen: new ones or later last_inbound_at.
          let fresh = 0;
          for (const c of d.items) {
            const before = known.current.get(c.id);
            if (before === undefined) {
              if (c.last_inbound_at > (baseline.current ?? '')) fresh++;
            } else if (c.last_inbound_at > before.at) fresh += Math.max(1, c.item_count - before.count);
          }
          if (fresh > 0) setLiveNote(t('inbox.newMessages', { count: fresh }));
        }
        for (const c of d.items) known.current.set(c.id, { at: c.last_inbound_at, count: c.item_count });
        setData(d);
        setError(null);
      } catch (e) {
        if (seq.current !== mine) return;
        if (!live) {
          setData(null);
          setError(e);
        }
      } finally {
        if (seq.current === mine) setLoading(false);
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filters],
  );
  useEffect(() => {
    setLiveNote('');
    void load(false);
  }, [load]);

  const refreshLive = useDebounced(() => void load(true), LIVE_DEBOUNCE_MS);
  const orgScope = useMemo(() => (orgId != null ? subtreeIds(orgList, orgId) : null), [orgList, orgId]);
  useInboxEvents((e) => {
    if (orgScope && !orgScope.has(e.organisation_id)) return;
    refreshLive();
  });
  useEffect(() => {
    const again = () => void load(true);
    window.addEventListener(INBOX_CHANGED, again);
    return () => window.removeEventListener(INBOX_CHANGED, again);
  }, [load]);

  // --- filter options ------------------------------------------------------------------------
  const all = { value: '', label: t('filters.all') };
  const channelOptions = (channels.data?.items ?? []).map((c) => ({ value: String(c.id), label: `${c.display_name} (${networkName(t, c.network)})` }));
  const networks = [...new Set((channels.data?.items ?? []).map((c) => c.network))].sort();
  const categories = [...new Set([...(rules.data?.items ?? []).map((r) => r.category), ...(data?.items ?? []).map((c) => c.category ?? ''), category].filter(Boolean))].sort();

  const counts = data?.counts;
  const list = (
    <>
      <p className="result-count" role="status" data-testid="inbox-count">
        {loading && !data ? t('common.loading') : data ? t('inbox.count', { count: data.total }) : ''}
      </p>
      <ProblemAlert error={error} />
      {data && data.items.length === 0 && <p>{t('inbox.empty')}</p>}
      {data && data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table inbox-table">
            <caption className="sr-only">{t('inbox.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('inbox.citizen')}</th>
                <th scope="col">{t('inbox.lastMessage')}</th>
                <th scope="col">{t('inbox.channel')}</th>
                <th scope="col">{t('inbox.languageAndCategory')}</th>
                <th scope="col">{t('inbox.statusAndAssignee')}</th>
                <th scope="col">{t('inbox.due')}</th>
                <th scope="col">{t('inbox.lastActivity')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((c) => {
                const fresh = baseline.current !== null && c.last_inbound_at > baseline.current;
                const open = c.status !== 'answered' && c.status !== 'closed';
                return (
                  <tr key={c.id} data-conversation-id={c.id} data-status={c.status} data-overdue={c.overdue ? 'true' : 'false'} className={c.overdue ? 'row-overdue' : undefined}>
                    <th scope="row">
                      <Link to={`/inbox/conversations/${c.id}`}>
                        <CitizenName name={c.citizen.name} handle={c.citizen.handle} />
                      </Link>
                      <span className="cell-note">{itemKindLabel(t, c.kind)}</span>
                      {fresh && (
                        <span className="badge badge-fresh" data-testid="new-since-opened">
                          <span aria-hidden="true">● </span>
                          {t('inbox.newSinceOpened')}
                        </span>
                      )}
                    </th>
                    <td className="snippet-cell">
                      <bdi lang={langAttr(c.language)} dir="auto">
                        {snippet(c.last_text)}
                      </bdi>
                      <span className="cell-note">{t('inbox.messageCount', { count: c.item_count })}</span>
                    </td>
                    <td>
                      <bdi>{c.channel.display_name}</bdi>
                      <span className="cell-note">{networkName(t, c.channel.network)}</span>
                      <span className="cell-note">{orgById.get(c.organisation.id) ? <OrgName names={orgById.get(c.organisation.id)!.names} fallback={c.organisation.name} /> : c.organisation.name}</span>
                    </td>
                    <td>
                      {languageLabel(c.language)}
                      <span className="cell-note">{c.category ? c.category : t('inbox.noCategory')}</span>
                    </td>
                    <td>
                      <InboxStatusBadge status={c.status} />
                      <span className="cell-note">{c.assignee ? t('inbox.assignedTo', { name: c.assignee.name }) : t('inbox.unassigned')}</span>
                    </td>
                    <td>
                      {c.due_at && open ? (
                        <>
                          <time dateTime={c.due_at}>{rel(c.due_at, now)}</time>
                          <span className="cell-note">{fmt(c.due_at)}</span>
                          {c.overdue && <OverdueBadge />}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td>
                      <time dateTime={c.last_inbound_at}>{rel(c.last_inbound_at, now)}</time>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data && <Pagination page={page} perPage={data.per_page || PER_PAGE} total={data.total} onPage={(p) => go({ page: p })} />}
    </>
  );

  return (
    <Page title={t('inbox.title')} className="wide">
      <InboxNav />
      <p className="lead">{t('inbox.intro')}</p>
      <p className="sr-only" role="status" aria-live="polite" data-testid="inbox-live">
        {liveNote}
      </p>
      {liveNote && (
        <p className="live-note" aria-hidden="true">
          {liveNote}
        </p>
      )}
      <form
        className="filters"
        role="search"
        aria-label={t('inbox.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: typed.trim() });
        }}
      >
        <SelectField label={t('inbox.organisation')} name="organisation_id" value={orgId != null ? String(orgId) : ''} onChange={(v) => go({ organisation_id: v, channel_id: '' })} options={[all, ...orgOptions]} />
        <SelectField label={t('inbox.channel')} name="channel_id" value={channelId != null ? String(channelId) : ''} onChange={(v) => go({ channel_id: v })} options={[all, ...channelOptions]} />
        <SelectField label={t('inbox.network')} name="network" value={network} onChange={(v) => go({ network: v })} options={[all, ...networks.map((n) => ({ value: n, label: networkName(t, n) }))]} />
        <SelectField
          label={t('inbox.language')}
          name="language"
          value={language}
          onChange={(v) => go({ language: v })}
          options={[all, ...['fr', 'nl', 'de', 'en', 'und'].map((l) => ({ value: l, label: languageLabel(l) }))]}
        />
        <SelectField label={t('inbox.category')} name="category" value={category} onChange={(v) => go({ category: v })} options={[all, ...categories.map((c) => ({ value: c, label: c }))]} />
        <SelectField
          label={t('inbox.assignee')}
          name="assignee"
          value={assignee}
          onChange={(v) => go({ assignee: v })}
          options={[
            { value: '', label: t('inbox.assigneeAnyone') },
            { value: 'me', label: t('inbox.assigneeMe') },
            { value: 'none', label: t('inbox.assigneeNone') },
          ]}
        />
        <SelectField
          label={t('inbox.sort')}
          name="sort"
          value={sort}
          onChange={(v) => go({ sort: v })}
          options={[
            { value: 'recent', label: t('inbox.sortRecent') },
            { value: 'due', label: t('inbox.sortDue') },
            { value: 'oldest', label: t('inbox.sortOldest') },
          ]}
        />
        <SingleCheckbox name="overdue" label={t('inbox.overdueOnly')} isSelected={overdue} onChange={(v) => go({ overdue: v })} />
        <div className="search-row">
          <TextInput label={t('inbox.searchLabel')} name="q" type="search" value={typed} onChange={setTyped} description={t('inbox.searchHelp')} />
          <Button type="submit" className="btn">
            {t('inbox.searchButton')}
          </Button>
        </div>
      </form>
      {q && (
        <p className="field-description" data-testid="inbox-query">
          {t('inbox.filteredBy', { query: q })}{' '}
          <Link to={`/inbox/search?q=${encodeURIComponent(q)}`}>{t('inbox.searchAllMessages')}</Link>
        </p>
      )}
      <Tabs selectedKey={tab} onSelectionChange={(k: Key) => go({ tab: String(k) })} keyboardActivation="manual" className="tabs">
        <TabList aria-label={t('inbox.statusTabs')} className="tab-list">
          {TABS.map((s) => {
            const n = tabCount(s, counts);
            const label = s === 'open' ? t('inbox.tabOpen') : s === 'all' ? t('inbox.tabAll') : inboxStatusLabel(t, s);
            return (
              <Tab key={s} id={s} className="tab">
                {n == null ? label : t('inbox.tabWithCount', { label, count: n })}
              </Tab>
            );
          })}
        </TabList>
        {TABS.map((s) => (
          <TabPanel key={s} id={s} className="tab-panel">
            {list}
          </TabPanel>
        ))}
      </Tabs>
    </Page>
  );
}
