// The moderation queue (/moderation): citizens' messages the engine acted on or set aside, by
// state (queued for a moderator, hidden, not hidden because the network cannot hide, hiding
// failed, allowed), with what matched and who decided; moderators hide, allow or restore, with a
// reason, and see what the network answered.
import { type Key, useCallback, useState } from 'react';
import { useIntl } from 'react-intl';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import { type Decision, listModerationQueue, listOrganisations, MODERATION_CATEGORIES, MODERATION_ROLES, MODERATION_STATES, type ModerationQueueEntry } from '../api';
import { SelectField } from '../components/fields';
import { networkName } from '../components/labels';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useHasRoleOn } from '../components/inbox/access';
import { inboxChanged } from '../components/inbox/events';
import { DecisionFacts, FocusNote, useDecisionSummary } from '../components/inbox/Decision';
import { CitizenText, ModerationBadge, moderationCategoryLabel, moderationStateLabel } from '../components/inbox/labels';
import { ModerationActions } from '../components/inbox/ModerationActions';
import { useFormatBrussels, useT } from '../i18n/useT';
import { useOrgOptions } from '../orgs';
import { Link, navigate, useLocation } from '../router';
import { hasRoleAnywhere, useSession } from '../session';

const PER_PAGE = 25;

function Entry({ e, onDecided, canDecide }: { e: ModerationQueueEntry; onDecided: (d: Decision) => void; canDecide: boolean }) {
  const t = useT();
  const intl = useIntl();
  const fmt = useFormatBrussels();
  const who = e.item.author.name?.trim() || e.item.author.handle;
  const headId = `mod-${e.item.id}`;
  return (
    <li className="mod-entry" data-item-id={e.item.id} data-state={e.item.moderation?.state}>
      <article aria-labelledby={headId}>
        <h2 id={headId} className="mod-entry-title">
          {intl.formatMessage({ id: 'moderation.messageFrom' }, { name: <bdi key="n">{who}</bdi> })}
        </h2>
        <p className="thread-meta">
          <ModerationBadge state={e.item.moderation?.state} />
          <time dateTime={e.item.created_at}>{fmt(e.item.created_at)}</time>
        </p>
        <CitizenText text={e.item.text} lang={e.item.language} className="thread-text mod-text" />
        <dl className="details">
          <dt>{t('moderation.author')}</dt>
          <dd>
            <bdi>{e.item.author.handle}</bdi>
          </dd>
          <dt>{t('inbox.channel')}</dt>
          <dd>
            <bdi>{e.channel.handle}</bdi> — {networkName(t, e.channel.network)}
          </dd>
          <DecisionFacts d={e.latest} />
        </dl>
        <p className="thread-links">
          <Link to={`/inbox/conversations/${e.conversation_id}`}>{t('moderation.openConversation')}</Link>
          <Link to={`/moderation/items/${e.item.id}`}>{t('moderation.history')}</Link>
        </p>
        {canDecide && <ModerationActions itemId={e.item.id} state={e.item.moderation?.state ?? 'queued'} context={t('moderation.messageFrom', { name: who })} onDecided={onDecided} />}
      </article>
    </li>
  );
}

export function ModerationQueuePage() {
  const t = useT();
  const summary = useDecisionSummary();
  const { pathname, search } = useLocation();
  const stateParam = search.get('state') ?? 'queued';
  const state = (MODERATION_STATES as readonly string[]).includes(stateParam) ? stateParam : 'queued';
  const category = search.get('category') ?? '';
  const orgParam = search.get('organisation_id') ?? '';
  const orgId = /^\d+$/.test(orgParam) ? Number(orgParam) : undefined;
  const pageParam = Number(search.get('page') ?? '1');
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const [note, setNote] = useState<{ n: number; text: string } | null>(null);

  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const moderates = useHasRoleOn(orgList, MODERATION_ROLES);
  const keep = useCallback((o: { id: number }) => moderates(o.id), [moderates]);
  const orgOptions = useOrgOptions(orgList, keep);
  const { session } = useSession();
  const canDecide = hasRoleAnywhere(session, MODERATION_ROLES);
  const queue = useAsync(() => listModerationQueue({ organisation_id: orgId, state, category: category || undefined, page, per_page: PER_PAGE }), [orgId, state, category, page]);

  const go = (next: Record<string, string | number>) => {
    const merged: Record<string, string> = { state, category, organisation_id: orgParam, page: '', ...Object.fromEntries(Object.entries(next).map(([k, v]) => [k, String(v)])) };
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(merged)) if (v && !(k === 'page' && v === '1') && !(k === 'state' && v === 'queued')) params.set(k, v);
    const qs = params.toString();
    navigate(qs ? `${pathname}?${qs}` : pathname, { replace: true });
  };
  const all = { value: '', label: t('filters.all') };

  const list = (
    <>
      <p className="result-count" role="status" data-testid="moderation-count">
        {queue.loading && !queue.data ? t('common.loading') : queue.data ? t('moderation.count', { count: queue.data.total }) : ''}
      </p>
      <ProblemAlert error={queue.error} />
      {queue.data && queue.data.items.length === 0 && <p>{t('moderation.empty')}</p>}
      {queue.data && queue.data.items.length > 0 && (
        <ol className="mod-list" data-testid="moderation-list">
          {queue.data.items.map((e) => (
            <Entry
              key={e.item.id}
              e={e}
              canDecide={canDecide}
              onDecided={(d) => {
                setNote({ n: Date.now(), text: summary(d) });
                inboxChanged();
                queue.reload();
              }}
            />
          ))}
        </ol>
      )}
      {queue.data && <Pagination page={page} perPage={queue.data.per_page || PER_PAGE} total={queue.data.total} onPage={(p) => go({ page: p })} />}
    </>
  );

  return (
    <Page title={t('moderation.title')} className="wide">
      <p className="lead">{t('moderation.intro')}</p>
      {note && (
        <FocusNote key={note.n} testId="decision-note">
          {note.text}
        </FocusNote>
      )}
      <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('inbox.organisation')} name="organisation_id" value={orgParam} onChange={(v) => go({ organisation_id: v })} options={[all, ...orgOptions]} />
        <SelectField
          label={t('moderation.category')}
          name="category"
          value={category}
          onChange={(v) => go({ category: v })}
          options={[all, ...MODERATION_CATEGORIES.map((c) => ({ value: c, label: moderationCategoryLabel(t, c) }))]}
        />
      </form>
      {orgId != null && (
        <p>
          <Link to={`/organisations/${orgId}/moderation`}>{t('moderation.settingsLink')}</Link>
        </p>
      )}
      <Tabs selectedKey={state} onSelectionChange={(k: Key) => go({ state: String(k) })} keyboardActivation="manual" className="tabs">
        <TabList aria-label={t('moderation.stateTabs')} className="tab-list">
          {MODERATION_STATES.map((s) => (
            <Tab key={s} id={s} className="tab">
              {moderationStateLabel(t, s)}
            </Tab>
          ))}
        </TabList>
        {MODERATION_STATES.map((s) => (
          <TabPanel key={s} id={s} className="tab-panel">
            {list}
          </TabPanel>
        ))}
      </Tabs>
    </Page>
  );
}
