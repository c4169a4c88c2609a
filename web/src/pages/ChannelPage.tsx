import { useState } from 'react';
import { Button } from 'react-aria-components';
import { type Channel, createChannel, DRAFTING_ROLES, deleteChannel, getChannel, listOrganisations, listUsers, updateChannel, validateChannel } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { DueBadge, LanguageList, networkName, StatusBadge } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert, SuccessNote } from '../components/ProblemAlert';
import { ScheduleEditor } from '../components/posts/ScheduleEditor';
import { ChannelForm } from '../components/registry/ChannelForm';
import { useAsync } from '../components/useAsync';
import { useFormatDateTime, useT } from '../i18n/useT';
import { OrgName, pathTo, useOrgName } from '../orgs';
import { Link, navigate, useFlash } from '../router';
import { hasRoleOn, useSession } from '../session';

function ChannelFacts({ channel }: { channel: Channel }) {
  const t = useT();
  const fmt = useFormatDateTime();
  return (
    <dl className="details details-inline">
      <dt>{t('channel.network')}</dt>
      <dd>{networkName(t, channel.network)}</dd>
      <dt>{t('channel.handle')}</dt>
      <dd>
        <a href={channel.url} rel="noopener noreferrer">
          {channel.handle}
        </a>
      </dd>
      <dt>{t('channel.languages')}</dt>
      <dd>
        <LanguageList languages={channel.languages} />
      </dd>
      <dt>{t('channel.status')}</dt>
      <dd>
        <span className="badges">
          <StatusBadge status={channel.status} />
          {channel.revalidation_due && channel.status !== 'deleted' && <DueBadge />}
        </span>
        {channel.status_changed_at && <span className="cell-note">{t('channel.since', { date: fmt(channel.status_changed_at) })}</span>}
      </dd>
      <dt>{t('channel.lastValidated')}</dt>
      <dd>{channel.last_validated_at ? fmt(channel.last_validated_at) : t('channel.neverValidated')}</dd>
      {channel.revalidation_due_at && (
        <>
          <dt>{t('channel.revalidationDueAt')}</dt>
          <dd>{fmt(channel.revalidation_due_at, false)}</dd>
        </>
      )}
      {channel.policy_url && (
        <>
          <dt>{t('channel.policyUrl')}</dt>
          <dd>
            <a href={channel.policy_url} rel="noopener noreferrer">
              {channel.policy_url}
            </a>
          </dd>
        </>
      )}
      {channel.tags?.length > 0 && (
        <>
          <dt>{t('channel.tags')}</dt>
          <dd>{channel.tags.join(', ')}</dd>
        </>
      )}
    </dl>
  );
}

/** Create (`orgId` set) or view/edit (`channelId` set) a channel. */
export function ChannelPage({ channelId, orgId }: { channelId: number | null; orgId: number | null }) {
  const t = useT();
  const nameOf = useOrgName();
  const flash = useFlash();
  const { session } = useSession();
  const [note, setNote] = useState<string | null>(flash);
  const [actionError, setActionError] = useState<unknown>(null);
  const [override, setOverride] = useState<Channel | null>(null);

  const loaded = useAsync(() => getChannel(channelId!), [channelId], channelId != null);
  const orgs = useAsync(() => listOrganisations(), []);
  const users = useAsync(() => listUsers(), []);
  const channel = override ?? loaded.data ?? null;
  const effectiveOrgId = channel?.organisation_id ?? orgId;
  const orgList = orgs.data?.items ?? [];
  const org = orgList.find((o) => o.id === effectiveOrgId);
  const path = effectiveOrgId != null ? pathTo(orgList, effectiveOrgId).map((o) => o.id) : [];
  const canAdmin = hasRoleOn(session, path, ['administrator']);
  const canSchedule = hasRoleOn(session, path, DRAFTING_ROLES);

  const title =
    channelId == null
      ? t('channel.newFor', { organisation: org ? nameOf(org.names, org.slug) : `#${orgId}` })
      : channel
        ? channel.display_name || channel.handle
        : t('channel.title');

  if (channelId != null && !channel) {
    return (
      <Page title={title}>
        {loaded.loading ? <p role="status">{t('common.loading')}</p> : <ProblemAlert error={loaded.error} title={t('channel.noAccess')} />}
        <p>
          <Link to="/registry">{t('registry.back')}</Link>
        </p>
      </Page>
    );
  }
  if (channelId == null && orgs.data && !org) {
    return (
      <Page title={title}>
        <ProblemAlert error={new Error(t('registry.noAccess'))} title={t('registry.noAccess')} />
      </Page>
    );
  }

  return (
    <Page title={title}>
      {note && <SuccessNote>{note}</SuccessNote>}
      <ProblemAlert error={actionError} />
      {effectiveOrgId != null && (
        <p className="back-link">
          <Link to={`/registry/${effectiveOrgId}`}>
            {t('channel.backToOrg')}{' '}
            {org ? <OrgName names={org.names} fallback={org.slug} /> : `#${effectiveOrgId}`}
          </Link>
        </p>
      )}
      {channel && (
        <section aria-labelledby="facts-title" className="section">
          <h2 id="facts-title">{t('channel.facts')}</h2>
          <ChannelFacts channel={channel} />
          <div className="actions">
            <Link to={`/history/channel/${channel.id}`} className="btn">
              {t('history.link')}
            </Link>
            {canAdmin && channel.status !== 'deleted' && (
              <>
                <Button
                  className="btn"
                  onPress={async () => {
                    setActionError(null);
                    setNote(null);
                    try {
                      setOverride(await validateChannel(channel.id));
                      setNote(t('channel.validated'));
                    } catch (e) {
                      setActionError(e);
                    }
                  }}
                >
                  {t('channel.markValidated')}
                </Button>
                <ConfirmButton
                  label={t('channel.delete')}
                  title={t('channel.deleteTitle')}
                  message={t('channel.deleteText', { name: channel.display_name || channel.handle })}
                  confirmLabel={t('channel.deleteConfirm')}
                  onConfirm={async () => {
                    setActionError(null);
                    setNote(null);
                    try {
                      setOverride(await deleteChannel(channel.id));
                      setNote(t('channel.deleted'));
                    } catch (e) {
                      setActionError(e);
                    }
                  }}
                />
              </>
            )}
          </div>
        </section>
      )}
      {channel && channel.status !== 'deleted' && <ScheduleEditor channelId={channel.id} canEdit={canSchedule} />}
      {canAdmin && (channel == null || channel.status !== 'deleted') && (
        <section aria-labelledby="form-title" className="section">
          <h2 id="form-title">{channel ? t('channel.edit') : t('channel.details')}</h2>
          <ChannelForm
            key={channel ? `${channel.id}-${channel.updated_at ?? ''}` : 'new'}
            channel={channel}
            users={users.data?.items ?? null}
            submitLabel={channel ? t('action.save') : t('channel.create')}
            onSubmit={async (input) => {
              setNote(null);
              setActionError(null);
              if (channel) {
                setOverride(await updateChannel(channel.id, input));
                setNote(t('channel.saved'));
              } else {
                const created = await createChannel({ ...input, organisation_id: orgId! });
                navigate(`/channels/${created.id}`, { flash: t('channel.created') });
              }
            }}
          />
        </section>
      )}
    </Page>
  );
}
