// The publication calendar (/posts/calendar?view=month|week&date=YYYY-MM-DD&organisation_id=):
// posts placed on the day they are published in Brussels. The month is a table (weeks in rows,
// days in columns); the week is a list per day. Everything is reachable with Tab; the period
// is changed with ordinary buttons.
import { useMemo } from 'react';
import { Button } from 'react-aria-components';
import { DRAFTING_ROLES, listOrganisations, listPosts, type PostListItem } from '../api';
import { SelectField } from '../components/fields';
import { Page } from '../components/Page';
import { contentTypeLabel, firstLine, PostStatusBadge } from '../components/posts/labels';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useLocale } from '../i18n';
import { useFormatBrussels, useFormatDay, useT } from '../i18n/useT';
import { useOrgOptions } from '../orgs';
import { Link, navigate, useLocation } from '../router';
import { hasRoleAnywhere, useSession } from '../session';
import { addDays, addMonths, dayInZone, isYmd, monthWeeks, startOfMonth, weekOf, type Ymd } from '../time';
import { useReadableOrgs } from './PostsPage';

const PAGE_SIZE = 200;
const MAX_PAGES = 10;

/**
 * Every post with a publication time, read page by page, newest first (at most MAX_PAGES ×
 * PAGE_SIZE posts).
 */
async function loadDatedPosts(organisation_id: number | undefined): Promise<{ posts: PostListItem[]; truncated: boolean }> {
  const out: PostListItem[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = await listPosts({ organisation_id, page, per_page: PAGE_SIZE });
    for (const p of res.items) if (p.publish_at) out.push(p);
    if (page * PAGE_SIZE >= res.total || res.items.length === 0) return { posts: out, truncated: false };
  }
  return { posts: out, truncated: true };
}

/** One post at one time: a post whose channels take different slots appears once per time. */
interface Entry {
  post: PostListItem;
  at: string;
}

/** The times a post goes out: its renditions' times, or the post's own before it has any. */
function timesOf(p: PostListItem): string[] {
  return p.rendition_times?.length ? p.rendition_times : p.publish_at ? [p.publish_at] : [];
}

function PostItem({ post, at }: Entry) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const line = firstLine(post, locale);
  return (
    <li className="cal-post" data-post-id={post.id}>
      <Link to={`/posts/${post.id}`}>
        <time dateTime={at} className="cal-time">
          {fmt(at, 'time')}
        </time>{' '}
        {line ? <span lang={line.lang !== locale ? line.lang : undefined}>{line.text}</span> : t('posts.noText', { id: post.id })}
      </Link>
      <span className="cal-meta">
        {contentTypeLabel(t, post.content_type)} <PostStatusBadge status={post.status} />
      </span>
    </li>
  );
}

function DayPosts({ posts }: { posts: Entry[] }) {
  if (!posts.length) return null;
  return (
    <ul className="cal-posts">
      {posts.map((e) => (
        <PostItem key={`${e.post.id}-${e.at}`} post={e.post} at={e.at} />
      ))}
    </ul>
  );
}

export function CalendarPage() {
  const t = useT();
  const fmtDay = useFormatDay();
  const { session } = useSession();
  const { pathname, search } = useLocation();
  const view = search.get('view') === 'week' ? 'week' : 'month';
  const today = dayInZone(Date.now())!;
  const dateParam = search.get('date');
  const date: Ymd = isYmd(dateParam) ? dateParam : today;
  const orgParam = search.get('organisation_id') ?? '';
  const orgId = /^\d+$/.test(orgParam) ? Number(orgParam) : undefined;

  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const readable = useReadableOrgs(orgList);
  const orgOptions = useOrgOptions(orgList, readable);
  const data = useAsync(() => loadDatedPosts(orgId), [orgId]);
  const canDraft = hasRoleAnywhere(session, DRAFTING_ROLES);

  const byDay = useMemo(() => {
    const m = new Map<Ymd, Entry[]>();
    for (const p of data.data?.posts ?? []) {
      for (const at of timesOf(p)) {
        const d = dayInZone(at);
        if (!d) continue;
        const list = m.get(d) ?? [];
        list.push({ post: p, at });
        m.set(d, list);
      }
    }
    for (const list of m.values()) list.sort((a, b) => a.at.localeCompare(b.at) || a.post.id - b.post.id);
    return m;
  }, [data.data]);

  const go = (next: { view?: string; date?: Ymd; organisation_id?: string }) => {
    const q = new URLSearchParams();
    q.set('view', next.view ?? view);
    q.set('date', next.date ?? date);
    const o = next.organisation_id ?? orgParam;
    if (o) q.set('organisation_id', o);
    navigate(`${pathname}?${q.toString()}`, { replace: true });
  };

  const weeks = view === 'month' ? monthWeeks(date) : [weekOf(date)];
  const days = weeks.flat();
  const first = days[0]!;
  const last = days[days.length - 1]!;
  const periodLabel =
    view === 'month'
      ? fmtDay(startOfMonth(date), { month: 'long', year: 'numeric' })
      : t('calendar.weekOf', { from: fmtDay(first, { day: 'numeric', month: 'long' }), to: fmtDay(last, { day: 'numeric', month: 'long', year: 'numeric' }) });
  const inPeriod = view === 'month' ? days.filter((d) => d.slice(0, 7) === date.slice(0, 7)) : days;
  const countInPeriod = inPeriod.reduce((n, d) => n + (byDay.get(d)?.length ?? 0), 0);
  const prev = view === 'month' ? addMonths(date, -1) : addDays(date, -7);
  const next = view === 'month' ? addMonths(date, 1) : addDays(date, 7);
  const weekdayNames = weekOf(first).map((d) => ({ short: fmtDay(d, { weekday: 'short' }), long: fmtDay(d, { weekday: 'long' }) }));

  return (
    <Page title={t('calendar.title')} className="wide">
      <div className="section-head">
        <p className="lead">{t('calendar.intro')}</p>
        <div className="actions">
          <Link to="/posts" className="btn">
            {t('posts.queue')}
          </Link>
          {canDraft && (
            <Link to="/posts/new" className="btn btn-primary">
              {t('posts.new')}
            </Link>
          )}
        </div>
      </div>
      <div className="filters cal-controls">
        <div className="field">
          <span className="field-label" id="cal-view-label">
            {t('calendar.view')}
          </span>
          <div className="segmented" role="group" aria-labelledby="cal-view-label">
            <Button className="btn btn-small" aria-pressed={view === 'month'} onPress={() => go({ view: 'month' })}>
              {t('calendar.month')}
            </Button>
            <Button className="btn btn-small" aria-pressed={view === 'week'} onPress={() => go({ view: 'week' })}>
              {t('calendar.week')}
            </Button>
          </div>
        </div>
        <SelectField
          label={t('composer.organisation')}
          name="organisation_id"
          value={orgId != null ? String(orgId) : ''}
          onChange={(v) => go({ organisation_id: v })}
          options={[{ value: '', label: t('filters.all') }, ...orgOptions]}
        />
      </div>
      <div className="cal-head">
        <h2 id="cal-period" className="cal-period">
          {periodLabel}
        </h2>
        <div className="actions" role="group" aria-label={t('calendar.navigation')}>
          <Button className="btn btn-small" onPress={() => go({ date: prev })}>
            {view === 'month' ? t('calendar.prevMonth') : t('calendar.prevWeek')}
          </Button>
          <Button className="btn btn-small" onPress={() => go({ date: today })}>
            {t('calendar.today')}
          </Button>
          <Button className="btn btn-small" onPress={() => go({ date: next })}>
            {view === 'month' ? t('calendar.nextMonth') : t('calendar.nextWeek')}
          </Button>
        </div>
      </div>
      <p className="result-count" role="status">
        {data.loading ? t('common.loading') : data.data ? t('calendar.count', { count: countInPeriod }) : ''}
      </p>
      <p className="field-description">{t('calendar.timeZone')}</p>
      <ProblemAlert error={data.error ?? orgs.error} />
      {data.data?.truncated && <p className="alert alert-warning">{t('calendar.truncated', { count: MAX_PAGES * PAGE_SIZE })}</p>}
      {view === 'month' ? (
        <table className="calendar" aria-labelledby="cal-period">
          <thead>
            <tr>
              {weekdayNames.map((w) => (
                <th key={w.long} scope="col">
                  <abbr title={w.long}>{w.short}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0]}>
                {week.map((d) => {
                  const outside = d.slice(0, 7) !== date.slice(0, 7);
                  const posts = byDay.get(d) ?? [];
                  const cls = ['cal-day', outside ? 'cal-outside' : '', d === today ? 'cal-today' : '', posts.length ? 'cal-busy' : ''].filter(Boolean).join(' ');
                  return (
                    <td key={d} className={cls} aria-current={d === today ? 'date' : undefined} data-date={d}>
                      <span className="cal-date">
                        <span aria-hidden="true">{Number(d.slice(8))}</span>
                        <span className="sr-only">{fmtDay(d)}</span>
                      </span>
                      {posts.length > 0 && <span className="sr-only">{t('calendar.dayCount', { count: posts.length })}</span>}
                      <DayPosts posts={posts} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <ol className="cal-week" aria-labelledby="cal-period">
          {days.map((d) => {
            const posts = byDay.get(d) ?? [];
            return (
              <li key={d} className={d === today ? 'cal-week-day cal-today' : 'cal-week-day'} data-date={d} aria-current={d === today ? 'date' : undefined}>
                <h3 className="cal-week-title">{fmtDay(d)}</h3>
                {posts.length ? <DayPosts posts={posts} /> : <p className="muted">{t('calendar.nothing')}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </Page>
  );
}
