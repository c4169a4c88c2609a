import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ApiError, getUser, grantRole, listOrganisations, listRoles, type Organisation, type Role, ROLES, revokeRole, type RoleGrant } from '../api';
import { ConfirmButton } from '../components/ConfirmButton';
import { SelectField, TextInput } from '../components/fields';
import { roleLabel } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert, SuccessNote } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useFormatDateTime, useT } from '../i18n/useT';
import { OrgName, useOrgName, useOrgOptions } from '../orgs';
import { Link, useFlash } from '../router';

function GrantForm({ userId, orgs, onGranted }: { userId: number; orgs: Organisation[]; onGranted: (g: RoleGrant) => void }) {
  const t = useT();
  const options = useOrgOptions(orgs);
  const [orgId, setOrgId] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errs = error instanceof ApiError ? error.fieldErrors() : {};
  const needsExpiry = role === 'agency_member';
  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(null);
        if (needsExpiry && !expires) {
          setError(
            new ApiError({
              type: '/problems/invalid-request',
              title: t('error.invalid'),
              status: 400,
              detail: t('grant.expiryRequired'),
              errors: [{ field: 'expires_at', message: t('grant.expiryRequired') }],
            }),
          );
          return;
        }
        if (!orgId) {
          setError(new ApiError({ type: '/problems/invalid-request', title: t('error.invalid'), status: 400, detail: t('grant.orgRequired'), errors: [{ field: 'organisation_id', message: t('grant.orgRequired') }] }));
          return;
        }
        setBusy(true);
        try {
          const g = await grantRole({
            user_id: userId,
            organisation_id: Number(orgId),
            role,
            ...(expires ? { expires_at: `${expires}T23:59:59Z` } : {}),
          });
          setExpires('');
          onGranted(g);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {error ? <ProblemAlert error={error} autoFocus /> : null}
      <p className="form-note">{t('form.requiredNote')}</p>
      <SelectField
        label={t('grant.organisation')}
        name="organisation_id"
        value={orgId}
        onChange={setOrgId}
        options={[{ value: '', label: t('grant.chooseOrg') }, ...options]}
        error={errs.organisation_id}
        isRequired
      />
      <SelectField label={t('grant.role')} name="role" value={role} onChange={(v) => setRole(v as Role)} options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))} error={errs.role} isRequired />
      <TextInput
        label={t('grant.expires')}
        name="expires_at"
        type="date"
        value={expires}
        onChange={setExpires}
        description={t('grant.expiresHelp')}
        error={errs.expires_at}
        isRequired={needsExpiry}
      />
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('grant.submit')}
        </Button>
      </div>
    </Form>
  );
}

export function UserPage({ userId }: { userId: number }) {
  const t = useT();
  const nameOf = useOrgName();
  const fmt = useFormatDateTime();
  const flash = useFlash();
  const [note, setNote] = useState<string | null>(flash);
  const [actionError, setActionError] = useState<unknown>(null);
  const user = useAsync(() => getUser(userId), [userId]);
  const grants = useAsync(() => listRoles({ user_id: userId }), [userId]);
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const orgById = new Map(orgList.map((o) => [o.id, o]));
  const grantItems = (grants.data?.items ?? []).filter((g) => g.user_id === userId);

  const title = user.data ? user.data.display_name || user.data.username : t('user.title');
  return (
    <Page title={title}>
      <p className="back-link">
        <Link to="/users">{t('users.back')}</Link>
      </p>
      {note && <SuccessNote>{note}</SuccessNote>}
      <ProblemAlert error={user.error ?? actionError} />
      {user.data && (
        <dl className="details details-inline">
          <dt>{t('user.username')}</dt>
          <dd>
            <code>{user.data.username}</code>
          </dd>
          <dt>{t('user.email')}</dt>
          <dd>{user.data.email ?? '—'}</dd>
          <dt>{t('user.locale')}</dt>
          <dd>{user.data.locale ? user.data.locale.toUpperCase() : '—'}</dd>
          <dt>{t('user.state')}</dt>
          <dd>{user.data.disabled ? t('user.disabled') : t('user.enabled')}</dd>
          <dt>{t('user.lastLogin')}</dt>
          <dd>{user.data.last_login_at ? fmt(user.data.last_login_at) : t('user.never')}</dd>
        </dl>
      )}
      <section aria-labelledby="grants-title" className="section">
        <h2 id="grants-title">{t('grant.title')}</h2>
        <ProblemAlert error={grants.error} />
        {grants.data && grantItems.length === 0 && <p>{t('grant.none')}</p>}
        {grantItems.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('grant.organisation')}</th>
                  <th scope="col">{t('grant.role')}</th>
                  <th scope="col">{t('grant.expires')}</th>
                  <th scope="col">{t('grant.grantedAt')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {grantItems.map((g) => {
                  const o = orgById.get(g.organisation_id);
                  const expired = g.expires_at && new Date(g.expires_at).getTime() < Date.now();
                  return (
                    <tr key={g.id}>
                      <th scope="row">{o ? <OrgName names={o.names} fallback={o.slug} /> : `#${g.organisation_id}`}</th>
                      <td>{roleLabel(t, g.role)}</td>
                      <td>
                        {g.expires_at ? fmt(g.expires_at, false) : t('grant.noExpiry')}
                        {expired && <span className="badge badge-archived">{t('grant.expired')}</span>}
                      </td>
                      <td>{g.created_at ? fmt(g.created_at, false) : '—'}</td>
                      <td>
                        <ConfirmButton
                          label={t('grant.revoke')}
                          labelContext={`${roleLabel(t, g.role)}, ${o ? nameOf(o.names, o.slug) : `#${g.organisation_id}`}`}
                          title={t('grant.revokeTitle')}
                          message={t('grant.revokeText', { role: roleLabel(t, g.role) })}
                          confirmLabel={t('grant.revoke')}
                          onConfirm={async () => {
                            setActionError(null);
                            setNote(null);
                            try {
                              await revokeRole(g.id);
                              setNote(t('grant.revoked'));
                              grants.reload();
                            } catch (e) {
                              setActionError(e);
                            }
                          }}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {user.data && (
        <section aria-labelledby="grant-new-title" className="section">
          <h2 id="grant-new-title">{t('grant.new')}</h2>
          <GrantForm
            userId={userId}
            orgs={orgList}
            onGranted={(g) => {
              setNote(t('grant.granted', { role: roleLabel(t, g.role) }));
              grants.reload();
            }}
          />
        </section>
      )}
    </Page>
  );
}
