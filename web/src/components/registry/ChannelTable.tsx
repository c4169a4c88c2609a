import type { Channel, Organisation } from '../../api';
import { useFormatDateTime, useT } from '../../i18n/useT';
import { OrgName } from '../../orgs';
import { Link } from '../../router';
import { DueBadge, LanguageList, networkName, StatusBadge } from '../labels';

/** The internal channel list of an organisation, with status and revalidation badges. */
export function ChannelTable({ channels, orgById, currentOrgId }: { channels: Channel[]; orgById: Map<number, Organisation>; currentOrgId: number }) {
  const t = useT();
  const fmt = useFormatDateTime();
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">{t('registry.channelsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('channel.displayName')}</th>
            <th scope="col">{t('channel.network')}</th>
            <th scope="col">{t('channel.handle')}</th>
            <th scope="col">{t('channel.languages')}</th>
            <th scope="col">{t('channel.status')}</th>
            <th scope="col">{t('channel.lastValidated')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => {
            const org = c.organisation_id !== currentOrgId ? orgById.get(c.organisation_id) : undefined;
            return (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/channels/${c.id}`}>{c.display_name || c.handle}</Link>
                  {org && (
                    <span className="cell-note">
                      <OrgName names={org.names} fallback={org.slug} />
                    </span>
                  )}
                </th>
                <td>{networkName(t, c.network)}</td>
                <td>
                  <a href={c.url} rel="noopener noreferrer">
                    {c.handle}
                  </a>
                </td>
                <td>
                  <LanguageList languages={c.languages} />
                </td>
                <td>
                  <span className="badges">
                    <StatusBadge status={c.status} />
                    {c.revalidation_due && c.status !== 'deleted' && <DueBadge />}
                  </span>
                </td>
                <td>{c.last_validated_at ? fmt(c.last_validated_at, false) : t('channel.neverValidated')}</td>
                <td>
                  <Link to={`/history/channel/${c.id}`}>
                    {t('history.link')}
                    <span className="sr-only"> — {c.display_name || c.handle}</span>
                  </Link>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
