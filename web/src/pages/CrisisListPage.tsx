// Crisis mode (/crisis): the open and closed crises the user can follow, and — for administrators
// and spokespersons — the form that opens one for an organisation and everything below it, after a
// confirmation that says how many scheduled posts will be paused.
import { useMemo, useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { ApiError, type CrisisSummary, listCrises, listOrganisations, listPosts, openCrisis, type Organisation } from '../api';
import { crisisChanged, CrisisStatusBadge, useCrisisRights } from '../components/crisis/labels';
import { SelectField, TextInput } from '../components/fields';
import { Page } from '../components/Page';
import { Pagination } from '../components/Pagination';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useFormatBrussels, useT } from '../i18n/useT';
import { OrgName, useOrgName, useOrgOptions } from '../orgs';
import { Link, navigate } from '../router';

function CrisisTable({ items, caption, orgById }: { items: CrisisSummary[]; caption: string; orgById: Map<number, Organisation> }) {
  const t = useT();
  const fmt = useFormatBrussels();
  return (
    <div className="table-wrap">
      <table className="table crisis-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('crisis.titleField')}</th>
            <th scope="col">{t('crisis.organisation')}</th>
            <th scope="col">{t('crisis.status')}</th>
            <th scope="col">{t('crisis.opened')}</th>
            <th scope="col">{t('crisis.pausedColumn')}</th>
            <th scope="col">{t('crisis.messagesColumn')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => {
            const org = orgById.get(c.organisation_id);
            return (
              <tr key={c.id} data-crisis-id={c.id} data-status={c.status}>
                <th scope="row">
                  <Link to={`/crisis/${c.id}`}>{c.title}</Link>
                </th>
                <td>{org ? <OrgName names={org.names} fallback={org.slug} /> : <span lang="en">{c.organisation_name}</span>}</td>
                <td>
                  <CrisisStatusBadge status={c.status} />
                  {c.closed_at && (
                    <span className="cell-note">
                      <time dateTime={c.closed_at}>{fmt(c.closed_at)}</time>
                    </span>
                  )}
                </td>
                <td>
                  <time dateTime={c.opened_at}>{fmt(c.opened_at)}</time>
                  <span className="cell-note">{t('crisis.by', { name: c.opened_by_name })}</span>
                </td>
                <td>{c.status === 'open' ? t('crisis.pausedWaiting', { count: c.paused_count, waiting: c.waiting_count }) : c.paused_count}</td>
                <td>{c.message_count}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Opens a crisis: organisation, title and reason, then a confirmation with the number of posts paused. */
function OpenCrisisForm({ orgs, canManage }: { orgs: Organisation[]; canManage: (id: number) => boolean }) {
  const t = useT();
  const nameOf = useOrgName();
  const keep = useMemo(() => (o: Organisation) => canManage(o.id), [canManage]);
  const options = useOrgOptions(orgs, keep);
  const [orgId, setOrgId] = useState('');
  const [title, setTitle] = useState('');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState<{ count: number | null } | null>(null);
  const serverErrs = error instanceof ApiError ? error.fieldErrors() : {};
  const org = orgs.find((o) => String(o.id) === orgId);

  const check = async () => {
    const m: Record<string, string> = {};
    if (!orgId) m.organisation_id = t('crisis.orgRequired');
    if (!title.trim()) m.title = t('crisis.titleRequired');
    if (!reason.trim()) m.reason = t('crisis.reasonRequired');
    setMissing(m);
    setError(null);
    if (Object.keys(m).length) return;
    // How many scheduled posts the sub-tree holds (posts of organisations above it that go to its
    // channels are paused too; the crisis page lists them all afterwards).
    let count: number | null = null;
    try {
      count = (await listPosts({ organisation_id: Number(orgId), status: 'scheduled', per_page: 1 })).total;
    } catch {
      count = null;
    }
    setConfirm({ count });
  };

  const open = async () => {
    setConfirm(null);
    setBusy(true);
    setError(null);
    try {
      const c = await openCrisis({ organisation_id: Number(orgId), title: title.trim(), reason: reason.trim() });
      crisisChanged();
      navigate(`/crisis/${c.id}`, { flash: t('crisis.openedNote', { count: new Set(c.paused.map((p) => p.post_id)).size }) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="open-crisis-title" className="section">
      <h2 id="open-crisis-title">{t('crisis.openTitle')}</h2>
      <p className="field-description">{t('crisis.openHelp')}</p>
      <ProblemAlert error={error} title={t('crisis.openRefused')} autoFocus />
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <SelectField
          label={t('crisis.organisation')}
          name="organisation_id"
          value={orgId}
          onChange={setOrgId}
          options={[{ value: '', label: t('crisis.chooseOrg') }, ...options]}
          description={t('crisis.orgHelp')}
          error={missing.organisation_id ?? serverErrs.organisation_id}
          isRequired
        />
        <TextInput label={t('crisis.titleField')} name="title" value={title} onChange={setTitle} description={t('crisis.titleHelp')} error={missing.title ?? serverErrs.title} isRequired />
        <TextInput label={t('crisis.reason')} name="reason" value={reason} onChange={setReason} multiline description={t('crisis.reasonHelp')} error={missing.reason ?? serverErrs.reason} isRequired />
        <div className="actions">
          <Button type="submit" className="btn btn-danger" isDisabled={busy}>
            {t('crisis.openSubmit')}
          </Button>
        </div>
      </form>
      <ModalOverlay className="modal-overlay" isDismissable isOpen={confirm != null} onOpenChange={(o) => !o && setConfirm(null)}>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            <Heading slot="title" className="dialog-title">
              {t('crisis.confirmTitle', { name: org ? nameOf(org.names, org.slug) : '' })}
            </Heading>
            <p data-testid="open-confirm-count">{confirm?.count == null ? t('crisis.confirmUnknown') : t('crisis.confirmCount', { count: confirm.count })}</p>
            <p>{t('crisis.confirmAfter')}</p>
            <div className="actions">
              <Button className="btn" onPress={() => setConfirm(null)} autoFocus>
                {t('action.cancel')}
              </Button>
              <Button className="btn btn-danger" onPress={() => void open()}>
                {t('crisis.confirmOpen')}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </section>
  );
}

export function CrisisListPage() {
  const t = useT();
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const orgById = useMemo(() => new Map(orgList.map((o) => [o.id, o])), [orgList]);
  const { canManage } = useCrisisRights(orgList);
  const [page, setPage] = useState(1);
  const open = useAsync(() => listCrises({ status: 'open', per_page: 50 }), []);
  const closed = useAsync(() => listCrises({ status: 'closed', page, per_page: 25 }), [page]);
  const mayOpen = orgList.some((o) => canManage(o.id));
  return (
    <Page title={t('crisis.listTitle')} className="wide">
      <p className="lead">{t('crisis.intro')}</p>
      <p>
        <Link to="/crisis/templates">{t('crisis.templatesLink')}</Link>
      </p>
      <ProblemAlert error={orgs.error} />
      <section aria-labelledby="open-crises-title" className="section">
        <h2 id="open-crises-title">{t('crisis.openCrises', { count: open.data?.total ?? 0 })}</h2>
        <ProblemAlert error={open.error} />
        {open.loading && !open.data ? (
          <p className="loading">{t('common.loading')}</p>
        ) : (open.data?.items.length ?? 0) === 0 ? (
          <p data-testid="no-open-crisis">{t('crisis.noOpen')}</p>
        ) : (
          <CrisisTable items={open.data!.items} caption={t('crisis.openCaption')} orgById={orgById} />
        )}
      </section>
      {mayOpen && <OpenCrisisForm orgs={orgList} canManage={canManage} />}
      <section aria-labelledby="closed-crises-title" className="section">
        <h2 id="closed-crises-title">{t('crisis.closedCrises')}</h2>
        <ProblemAlert error={closed.error} />
        {(closed.data?.items.length ?? 0) === 0 ? (
          !closed.loading && <p>{t('crisis.noClosed')}</p>
        ) : (
          <>
            <CrisisTable items={closed.data!.items} caption={t('crisis.closedCaption')} orgById={orgById} />
            <Pagination page={page} perPage={25} total={closed.data!.total} onPage={setPage} />
          </>
        )}
      </section>
    </Page>
  );
}
