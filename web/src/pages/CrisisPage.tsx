// One crisis (/crisis/:id): its status, reason and who opened it; the posts it paused (channel,
// original time, past due or not, and afterwards what became of them); what could not be stopped;
// "Send an alert" for the spokesperson; each message with its progress per channel (asked again
// every 2 seconds while a message is on its way); the timeline; and closing the crisis.
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type Channel, type CrisisMessage, type CrisisTemplate, type CrisisView, getCrisis, getPost, listCrisisTemplates, listOrganisations, type Organisation } from '../api';
import { CloseCrisis, groupPaused } from '../components/crisis/CloseCrisis';
import { crisisChanged, CrisisStatusBadge, listAllChannels, pausedStateLabel, useCrisisRights } from '../components/crisis/labels';
import { MessageProgress } from '../components/crisis/MessageProgress';
import { SendAlert } from '../components/crisis/SendAlert';
import { CrisisTimeline } from '../components/crisis/Timeline';
import { Page } from '../components/Page';
import { firstLine, RenditionStatusBadge } from '../components/posts/labels';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useLocale } from '../i18n';
import { useFormatBrussels, useT } from '../i18n/useT';
import { OrgName, useOrgName } from '../orgs';
import { Link, useFlash } from '../router';

const POLL_MS = 2000;
const UNDER_WAY = new Set(['scheduled', 'publishing', 'unconfirmed']);

function FocusNote({ children, testId }: { children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-success" role="status" data-testid={testId}>
      <p>{children}</p>
    </div>
  );
}

/** The organisations of a sub-tree (the root included). */
function subtree(orgs: Organisation[], rootId: number): Organisation[] {
  const ids = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const o of orgs) if (o.parent_id != null && ids.has(o.parent_id) && !ids.has(o.id)) {
      ids.add(o.id);
      grew = true;
    }
  }
  return orgs.filter((o) => ids.has(o.id));
}

function PausedTable({ view, postLabel }: { view: CrisisView; postLabel: (id: number) => string }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const closed = view.status === 'closed';
  return (
    <div className="table-wrap">
      <table className="table paused-table">
        <caption className="sr-only">{t('crisis.pausedCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('crisis.post')}</th>
            <th scope="col">{t('renditions.channel')}</th>
            <th scope="col">{t('crisis.originalTime')}</th>
            <th scope="col">{t('crisis.state')}</th>
          </tr>
        </thead>
        <tbody>
          {view.paused.map((p) => (
            <tr key={p.rendition_id} data-post-id={p.post_id} data-channel-id={p.channel_id} data-state={p.state} data-past-due={p.past_due ? 'true' : 'false'}>
              <th scope="row">
                <Link to={`/posts/${p.post_id}`}>{postLabel(p.post_id)}</Link>
              </th>
              <td>{p.channel_name}</td>
              <td>
                <time dateTime={p.original_publish_at}>{fmt(p.original_publish_at)}</time>
                {p.past_due && <span className="badge badge-past-due">{closed ? t('crisis.passedDuring') : t('crisis.pastDue')}</span>}
              </td>
              <td>
                <span className={`badge badge-paused-${p.state}`}>{pausedStateLabel(t, p.state)}</span>
                {p.publish_at && p.state !== 'paused' && p.state !== 'cancelled' && (
                  <span className="cell-note">
                    <time dateTime={p.publish_at}>{fmt(p.publish_at)}</time>
                  </span>
                )}
                {p.state !== 'paused' && (
                  <span className="cell-note">
                    <RenditionStatusBadge status={p.rendition_status} />
                  </span>
                )}
                {p.decided_by_name && p.state !== 'restored' && <span className="cell-note">{t('crisis.by', { name: p.decided_by_name })}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CrisisPage({ crisisId }: { crisisId: number }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const nameOf = useOrgName();
  const flash = useFlash();
  const loaded = useAsync(() => getCrisis(crisisId), [crisisId]);
  const orgs = useAsync(() => listOrganisations(), []);
  const [view, setView] = useState<CrisisView | null>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const [note, setNote] = useState<{ n: number; text: string; testId: string } | null>(null);
  const [posts, setPosts] = useState<Map<number, string>>(new Map());
  useEffect(() => {
    if (loaded.data) setView(loaded.data);
  }, [loaded.data]);
  const orgList = orgs.data?.items ?? [];
  const { canManage, isSpokesperson } = useCrisisRights(orgList);
  const org = view ? orgList.find((o) => o.id === view.organisation_id) : undefined;
  const subOrgs = useMemo(() => (view ? subtree(orgList, view.organisation_id) : []), [orgList, view?.organisation_id]);
  const isOpen = view?.status === 'open';
  const mayManage = !!view && canManage(view.organisation_id);
  const maySend = !!view && isOpen && isSpokesperson(view.organisation_id);

  const channels = useAsync<Channel[]>(() => listAllChannels(view!.organisation_id), [view?.organisation_id, maySend], maySend);
  const templates = useAsync<{ items: CrisisTemplate[] }>(() => listCrisisTemplates(view!.organisation_id), [view?.organisation_id, maySend], maySend);

  // The first line of each paused post, for the tables (read once; "post 12" until then).
  const postIds = useMemo(() => [...new Set((view?.paused ?? []).map((p) => p.post_id))].slice(0, 100), [view?.paused]);
  useEffect(() => {
    const missing = postIds.filter((id) => !posts.has(id));
    if (missing.length === 0) return;
    let stale = false;
    Promise.all(missing.map((id) => getPost(id).then((p) => [id, firstLine(p, locale)?.text ?? ''] as const, () => [id, ''] as const))).then((pairs) => {
      if (stale) return;
      setPosts((prev) => {
        const next = new Map(prev);
        for (const [id, text] of pairs) next.set(id, text);
        return next;
      });
    });
    return () => {
      stale = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [postIds, locale]);
  const postLabel = useCallback((id: number) => {
    const line = posts.get(id);
    return line ? t('crisis.postWithText', { id, text: line.length > 80 ? `${line.slice(0, 79)}…` : line }) : t('crisis.postNumber', { id });
  }, [posts, t]);

  // Asked again every 2 s while a message (or a post published at the closing) is on its way.
  const underWay = !!view && (view.messages.some((m) => m.renditions.some((r) => UNDER_WAY.has(r.status))) || view.paused.some((p) => p.state === 'published_now' && UNDER_WAY.has(p.rendition_status)));
  useEffect(() => {
    if (!underWay) return;
    let stopped = false;
    let timer: number | undefined;
    const tick = async () => {
      if (!document.hidden) {
        try {
          const v = await getCrisis(crisisId);
          if (stopped) return;
          setPollError(null);
          setView(v);
        } catch (e) {
          if (!stopped) setPollError(e);
        }
      }
      if (!stopped) timer = window.setTimeout(tick, POLL_MS);
    };
    timer = window.setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [underWay, crisisId]);

  const refresh = async () => {
    try {
      setView(await getCrisis(crisisId));
    } catch (e) {
      setPollError(e);
    }
  };

  if (!view) {
    return (
      <Page title={loaded.error ? t('crisis.notFoundTitle') : t('common.loading')}>
        <ProblemAlert error={loaded.error} />
      </Page>
    );
  }

  const groups = groupPaused(view.paused);
  const pausedPosts = groups.length;
  const stillPaused = view.paused.filter((p) => p.state === 'paused').length;
  const onSent = (m: CrisisMessage) => {
    setView((v) => (v ? { ...v, messages: [...v.messages, m] } : v));
    setNote({ n: Date.now(), text: t('crisisSend.sent', { count: m.renditions.length }), testId: 'sent-note' });
    void refresh();
  };
  const closedSummary = (v: CrisisView) => {
    const counts = new Map<string, number>();
    for (const g of groupPaused(v.paused)) {
      const s = g.renditions[0]!.state;
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    const parts = [...counts.entries()].map(([s, n]) => t('timeline.stateCount', { state: pausedStateLabel(t, s), count: n }));
    return parts.length ? t('crisisClose.closedWith', { details: new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts) }) : t('crisisClose.closed');
  };

  return (
    <Page title={t('crisis.pageTitle', { title: view.title })} className="wide">
      <p>
        <Link to="/crisis" className="back-link">
          {t('crisis.backToList')}
        </Link>
      </p>
      {flash && <FocusNote testId="flash">{flash}</FocusNote>}
      {note && (
        <FocusNote key={note.n} testId={note.testId}>
          {note.text}
        </FocusNote>
      )}
      <dl className="details details-inline crisis-details">
        <dt>{t('crisis.status')}</dt>
        <dd data-testid="crisis-status">
          <CrisisStatusBadge status={view.status} />
        </dd>
        <dt>{t('crisis.organisation')}</dt>
        <dd>{org ? <OrgName names={org.names} fallback={org.slug} /> : <span lang="en">{view.organisation_name}</span>}</dd>
        <dt>{t('crisis.reason')}</dt>
        <dd data-testid="crisis-reason">{view.reason}</dd>
        <dt>{t('crisis.opened')}</dt>
        <dd>{t('crisis.openedBy', { who: view.opened_by_name, when: fmt(view.opened_at) })}</dd>
        {view.closed_at && (
          <>
            <dt>{t('crisis.closedAt')}</dt>
            <dd>{t('crisis.openedBy', { who: view.closed_by_name ?? '', when: fmt(view.closed_at) })}</dd>
          </>
        )}
      </dl>
      {isOpen && <p className="alert alert-warning">{t('crisis.openNote', { name: org ? nameOf(org.names, org.slug) : view.organisation_name })}</p>}
      <ProblemAlert error={pollError} title={t('renditions.pollFailed')} />

      <section aria-labelledby="paused-title" className="section">
        <h2 id="paused-title">{t('crisis.pausedTitle')}</h2>
        <p data-testid="paused-summary">{pausedPosts === 0 ? t('crisis.nothingPaused') : t('crisis.pausedSummary', { posts: pausedPosts, messages: view.paused.length, waiting: stillPaused })}</p>
        {view.paused.length > 0 && <PausedTable view={view} postLabel={postLabel} />}
        {view.not_paused.length > 0 && (
          <>
            <h3>{t('crisis.notPausedTitle')}</h3>
            <p>{t('crisis.notPausedHelp')}</p>
            <ul className="plain-list" data-testid="not-paused">
              {view.not_paused.map((n) => (
                <li key={n.rendition_id}>
                  <Link to={`/posts/${n.post_id}`}>{postLabel(n.post_id)}</Link> — {n.channel_name} — <RenditionStatusBadge status={n.rendition_status} />
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {isOpen && (
        <section aria-labelledby="send-title" className="section">
          <h2 id="send-title">{t('crisisSend.title')}</h2>
          {maySend ? (
            <>
              <ProblemAlert error={channels.error ?? templates.error} />
              {channels.data && templates.data ? (
                <SendAlert crisisId={view.id} templates={templates.data.items} channels={channels.data} orgs={subOrgs} onSent={onSent} />
              ) : (
                <p className="loading">{t('common.loading')}</p>
              )}
            </>
          ) : (
            <p data-testid="send-not-allowed">{t('crisisSend.notAllowed', { name: org ? nameOf(org.names, org.slug) : view.organisation_name })}</p>
          )}
        </section>
      )}

      <section aria-labelledby="messages-title" className="section">
        <h2 id="messages-title">{t('crisisMessage.listTitle', { count: view.messages.length })}</h2>
        {view.messages.length === 0 ? (
          <p>{t('crisisMessage.none')}</p>
        ) : (
          <>
            {underWay && <p className="field-description">{t('crisisMessage.polling')}</p>}
            {[...view.messages].reverse().map((m) => (
              <MessageProgress key={m.id} message={m} />
            ))}
          </>
        )}
      </section>

      <section aria-labelledby="timeline-title" className="section">
        <h2 id="timeline-title">{t('crisis.timeline')}</h2>
        <CrisisTimeline view={view} org={org} />
      </section>

      {isOpen && mayManage && (
        <section aria-labelledby="close-title" className="section">
          <h2 id="close-title">{t('crisisClose.title')}</h2>
          <CloseCrisis
            view={view}
            postLabel={postLabel}
            onRefused={() => void refresh()}
            onClosed={(v) => {
              setView(v);
              crisisChanged();
              setNote({ n: Date.now(), text: closedSummary(v), testId: 'closed-note' });
            }}
          />
        </section>
      )}
    </Page>
  );
}
