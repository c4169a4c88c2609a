// While a crisis covering the user's organisations is open, every page says so under the header,
// with a link to the crisis. Asked again on every page change and after a crisis opens or closes.
import { useEffect, useState } from 'react';
import { type CrisisSummary, listCrises, listOrganisations, type Organisation } from '../../api';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { OrgName } from '../../orgs';
import { Link } from '../../router';
import { CRISIS_CHANGED } from './labels';

export function CrisisBanner({ signedIn, pathname }: { signedIn: boolean; pathname: string }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const [open, setOpen] = useState<CrisisSummary[]>([]);
  const [orgs, setOrgs] = useState<Map<number, Organisation>>(new Map());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const again = () => setTick((n) => n + 1);
    window.addEventListener(CRISIS_CHANGED, again);
    return () => window.removeEventListener(CRISIS_CHANGED, again);
  }, []);
  useEffect(() => {
    if (!signedIn) {
      setOpen([]);
      return;
    }
    let stale = false;
    listCrises({ status: 'open', per_page: 20 }).then(
      (p) => {
        if (!stale) setOpen(p.items);
      },
      () => {
        if (!stale) setOpen([]);
      },
    );
    return () => {
      stale = true;
    };
  }, [signedIn, pathname, tick]);
  const needOrgs = open.some((c) => !orgs.has(c.organisation_id));
  useEffect(() => {
    if (!needOrgs) return;
    let stale = false;
    listOrganisations().then(
      (r) => {
        if (!stale) setOrgs(new Map(r.items.map((o) => [o.id, o])));
      },
      () => {},
    );
    return () => {
      stale = true;
    };
  }, [needOrgs]);
  if (open.length === 0) return null;
  return (
    <div className="crisis-banner" data-testid="crisis-banner">
      <div className="crisis-banner-inner">
        <p className="crisis-banner-title">{t('crisisBanner.title', { count: open.length })}</p>
        <ul>
          {open.map((c) => {
            const org = orgs.get(c.organisation_id);
            return (
              <li key={c.id} data-crisis-id={c.id}>
                <Link to={`/crisis/${c.id}`}>{c.title}</Link>
                {' — '}
                {org ? <OrgName names={org.names} fallback={org.slug} /> : <span lang="en">{c.organisation_name}</span>}
                {' — '}
                {t('crisisBanner.since', { when: fmt(c.opened_at) })}
                {c.waiting_count > 0 && <> {t('crisisBanner.paused', { count: c.waiting_count })}</>}
              </li>
            );
          })}
        </ul>
      </div>
    </div>
  );
}
