// Inbox metrics (/inbox/metrics): for a period (last 30 days by default) and optionally one
// organisation: how many conversations were answered, how fast (median and 90th percentile of the
// first response, as durations in the reader's language), how many on time, how many open and
// overdue — in total, and by organisation, channel, network and person.
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { getInboxMetrics, type InboxStats, listOrganisations, METRICS_ROLES } from '../api';
import { SelectField, TextInput } from '../components/fields';
import { networkName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useHasRoleOn, useOrgLabel } from '../components/inbox/access';
import { InboxNav } from '../components/inbox/InboxNav';
import { useFormatDuration, useFormatPercent } from '../components/inbox/labels';
import { useFormatDay, useT } from '../i18n/useT';
import { useOrgOptions } from '../orgs';
import { navigate, useLocation } from '../router';
import { addDays, dayInZone, isYmd, zonedLocalToIso } from '../time';

function StatsRowCells({ s }: { s: InboxStats }) {
  const duration = useFormatDuration();
  const percent = useFormatPercent();
  return (
    <>
      <td className="num">{s.conversations}</td>
      <td className="num">{s.answered}</td>
      <td className="num">
        <meter className="bar" aria-hidden="true" min={0} max={1} value={Math.max(0, Math.min(1, s.response_rate ?? 0))} /> {percent(s.response_rate)}
      </td>
      <td className="num">{duration(s.median_ms)}</td>
      <td className="num">{duration(s.p90_ms)}</td>
      <td className="num">{s.answered_on_time}</td>
      <td className="num">{s.overdue_open}</td>
    </>
  );
}

function StatsTable({ id, caption, rows }: { id: string; caption: string; rows: { key: string; label: ReactNode; stats: InboxStats }[] }) {
  const t = useT();
  return (
    <section aria-labelledby={`${id}-title`} className="section">
      <h2 id={`${id}-title`}>{caption}</h2>
      {rows.length === 0 ? (
        <p>{t('metrics.noRows')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table metrics-table" data-testid={id}>
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('metrics.name')}</th>
                <th scope="col">{t('metrics.conversations')}</th>
                <th scope="col">{t('metrics.answered')}</th>
                <th scope="col">{t('metrics.responseRate')}</th>
                <th scope="col">{t('metrics.median')}</th>
                <th scope="col">{t('metrics.p90')}</th>
                <th scope="col">{t('metrics.onTime')}</th>
                <th scope="col">{t('metrics.overdueOpen')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <StatsRowCells s={r.stats} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function InboxMetricsPage() {
  const t = useT();
  const day = useFormatDay();
  const duration = useFormatDuration();
  const percent = useFormatPercent();
  const { pathname, search } = useLocation();
  const today = dayInZone(new Date())!;
  const fromParam = search.get('from') ?? '';
  const toParam = search.get('to') ?? '';
  const from = isYmd(fromParam) ? fromParam : addDays(today, -29);
  const to = isYmd(toParam) ? toParam : today;
  const orgParam = search.get('organisation_id') ?? '';
  const orgId = /^\d+$/.test(orgParam) ? Number(orgParam) : undefined;
  const [fromTyped, setFromTyped] = useState(from);
  const [toTyped, setToTyped] = useState(to);
  const [orgTyped, setOrgTyped] = useState(orgParam);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    setFromTyped(from);
    setToTyped(to);
    setOrgTyped(orgParam);
  }, [from, to, orgParam]);

  const orgs = useAsync(() => listOrganisations(), []);
  const reads = useHasRoleOn(orgs.data?.items ?? [], METRICS_ROLES);
  const keep = useCallback((o: { id: number }) => reads(o.id), [reads]);
  const orgOptions = useOrgOptions(orgs.data?.items ?? [], keep);
  const orgLabel = useOrgLabel(orgs.data?.items ?? []);
  const metrics = useAsync(
    () => getInboxMetrics({ organisation_id: orgId, from: zonedLocalToIso(`${from}T00:00`) ?? undefined, to: zonedLocalToIso(`${addDays(to, 1)}T00:00`) ?? undefined }),
    [orgId, from, to],
  );
  const m = metrics.data;

  const apply = () => {
    if (!isYmd(fromTyped) || !isYmd(toTyped)) {
      setProblem(t('metrics.datesInvalid'));
      return;
    }
    if (fromTyped > toTyped) {
      setProblem(t('metrics.fromAfterTo'));
      return;
    }
    setProblem('');
    const q = new URLSearchParams();
    q.set('from', fromTyped);
    q.set('to', toTyped);
    if (orgTyped) q.set('organisation_id', orgTyped);
    navigate(`${pathname}?${q.toString()}`, { replace: true });
  };

  return (
    <Page title={t('metrics.title')} className="wide">
      <InboxNav />
      <p className="lead">{t('metrics.intro')}</p>
      <form
        className="filters"
        aria-label={t('metrics.periodLabel')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <TextInput label={t('metrics.from')} name="from" type="date" value={fromTyped} onChange={setFromTyped} error={problem || undefined} />
        <TextInput label={t('metrics.to')} name="to" type="date" value={toTyped} onChange={setToTyped} />
        <SelectField label={t('inbox.organisation')} name="organisation_id" value={orgTyped} onChange={setOrgTyped} options={[{ value: '', label: t('filters.all') }, ...orgOptions]} />
        <div className="actions">
          <Button type="submit" className="btn btn-primary">
            {t('metrics.show')}
          </Button>
        </div>
      </form>
      <p className="result-count" role="status" data-testid="metrics-period">
        {metrics.loading && !m ? t('common.loading') : t('metrics.period', { from: day(from, { dateStyle: 'long' }), to: day(to, { dateStyle: 'long' }) })}
      </p>
      <ProblemAlert error={metrics.error} />
      {m && (
        <>
          <section aria-labelledby="totals-title" className="section">
            <h2 id="totals-title">{t('metrics.totals')}</h2>
            <dl className="details metrics-totals" data-testid="metrics-totals">
              <dt>{t('metrics.conversations')}</dt>
              <dd>{m.total.conversations}</dd>
              <dt>{t('metrics.answered')}</dt>
              <dd>{m.total.answered}</dd>
              <dt>{t('metrics.responseRate')}</dt>
              <dd>{percent(m.total.response_rate)}</dd>
              <dt>{t('metrics.median')}</dt>
              <dd>{duration(m.total.median_ms)}</dd>
              <dt>{t('metrics.p90')}</dt>
              <dd>{duration(m.total.p90_ms)}</dd>
              <dt>{t('metrics.onTime')}</dt>
              <dd>{m.total.answered ? t('metrics.onTimeOf', { count: m.total.answered_on_time, answered: m.total.answered, share: percent(m.total.answered_on_time / m.total.answered) }) : m.total.answered_on_time}</dd>
              <dt>{t('metrics.overdueOpen')}</dt>
              <dd>{m.total.overdue_open}</dd>
            </dl>
          </section>
          <StatsTable id="by-organisation" caption={t('metrics.byOrganisation')} rows={m.by_organisation.map((r) => ({ key: String(r.id), label: orgLabel(r.id, r.name), stats: r.stats }))} />
          <StatsTable
            id="by-channel"
            caption={t('metrics.byChannel')}
            rows={m.by_channel.map((r) => ({
              key: String(r.id),
              label: (
                <>
                  <bdi>{r.name}</bdi> <span className="cell-note">{networkName(t, r.network)}</span>
                </>
              ),
              stats: r.stats,
            }))}
          />
          <StatsTable id="by-network" caption={t('metrics.byNetwork')} rows={m.by_network.map((r) => ({ key: r.network, label: networkName(t, r.network), stats: r.stats }))} />
          <StatsTable id="by-person" caption={t('metrics.byPerson')} rows={m.by_person.map((r) => ({ key: String(r.id), label: r.name, stats: r.stats }))} />
        </>
      )}
    </Page>
  );
}
