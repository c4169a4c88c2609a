// Crisis templates (/crisis/templates, /crisis/templates/new, /crisis/templates/:id): the alerts
// written in advance, per language, with the blanks filled in on the day. Administrators and
// spokespersons write and change them (each change is a new version); the spokesperson approves
// the version read, and only an approved template can be sent.
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { ALERT_FIELDS, ApiError, approveCrisisTemplate, createCrisisTemplate, type CrisisTemplate, getCrisisTemplate, LANGUAGES, type Language, listCrisisTemplates, listOrganisations, type Organisation, updateCrisisTemplate } from '../api';
import { fieldHelp, fieldLabel, templateLanguages, useCrisisRights } from '../components/crisis/labels';
import { TemplateText } from '../components/crisis/SendAlert';
import { SelectField, TextInput } from '../components/fields';
import { languageName } from '../components/labels';
import { Page } from '../components/Page';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useFormatBrussels, useT } from '../i18n/useT';
import { OrgName, useOrgOptions } from '../orgs';
import { Link, navigate, useFlash } from '../router';

function FocusNote({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-success" role="status" data-testid="template-note">
      <p>{children}</p>
    </div>
  );
}

function ApprovalText({ tmpl }: { tmpl: CrisisTemplate }) {
  const t = useT();
  const fmt = useFormatBrussels();
  if (tmpl.approved) return <>{t('templates.approvedBy', { version: tmpl.version, who: tmpl.approved_by_name ?? '', when: fmt(tmpl.approved_at) })}</>;
  if (tmpl.approved_version) return <>{t('templates.staleApproval', { version: tmpl.version, approved: tmpl.approved_version })}</>;
  return <>{t('templates.notApproved', { version: tmpl.version })}</>;
}

/** What each blank stands for, with an example. */
function PlaceholderHelp() {
  const t = useT();
  return (
    <details className="placeholder-help">
      <summary>{t('templates.placeholderHelp')}</summary>
      <table className="table table-compact">
        <caption className="sr-only">{t('templates.placeholderCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('templates.placeholder')}</th>
            <th scope="col">{t('templates.meaning')}</th>
          </tr>
        </thead>
        <tbody>
          {ALERT_FIELDS.map((f) => (
            <tr key={f}>
              <th scope="row">
                <code>{`{${f}}`}</code>
              </th>
              <td>
                {fieldLabel(t, f)} — {fieldHelp(t, f)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field-description">{t('templates.rules')}</p>
    </details>
  );
}

interface FormProps {
  initial: CrisisTemplate | null;
  orgs: Organisation[];
  canManage: (id: number) => boolean;
  onSaved: (tmpl: CrisisTemplate) => void;
  labelledBy?: string;
}

function TemplateForm({ initial, orgs, canManage, onSaved, labelledBy }: FormProps) {
  const t = useT();
  const keep = useMemo(() => (o: Organisation) => canManage(o.id), [canManage]);
  const options = useOrgOptions(orgs, keep);
  const [orgId, setOrgId] = useState(initial ? String(initial.organisation_id) : '');
  const [name, setName] = useState(initial?.name ?? '');
  const [variants, setVariants] = useState<Partial<Record<Language, string>>>(initial?.variants ?? {});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const serverErrs = error instanceof ApiError ? error.fieldErrors() : {};

  const save = async () => {
    const m: Record<string, string> = {};
    if (!initial && !orgId) m.organisation_id = t('crisis.orgRequired');
    if (!name.trim()) m.name = t('templates.nameRequired');
    const texts: Partial<Record<Language, string>> = {};
    for (const l of LANGUAGES) if (variants[l]?.trim()) texts[l] = variants[l]!;
    if (Object.keys(texts).length === 0) m['variants.fr'] = t('templates.textRequired');
    setMissing(m);
    setError(null);
    if (Object.keys(m).length) return;
    setBusy(true);
    try {
      const saved = initial ? await updateCrisisTemplate(initial.id, { name: name.trim(), variants: texts }) : await createCrisisTemplate({ organisation_id: Number(orgId), name: name.trim(), variants: texts });
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form template-form"
      noValidate
      aria-labelledby={labelledBy}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <ProblemAlert error={error} title={t('templates.refused')} autoFocus />
      {!initial && (
        <SelectField
          label={t('crisis.organisation')}
          name="organisation_id"
          value={orgId}
          onChange={setOrgId}
          options={[{ value: '', label: t('crisis.chooseOrg') }, ...options]}
          description={t('templates.orgHelp')}
          error={missing.organisation_id ?? serverErrs.organisation_id}
          isRequired
        />
      )}
      <TextInput label={t('templates.name')} name="name" value={name} onChange={setName} error={missing.name ?? serverErrs.name} isRequired />
      <PlaceholderHelp />
      <fieldset className="fieldset">
        <legend>{t('templates.texts')}</legend>
        <p className="field-description">{t('templates.textsHelp')}</p>
        <div className="variants">
          {LANGUAGES.map((l) => (
            <TextInput
              key={l}
              label={t('templates.textIn', { language: languageName(t, l) })}
              name={`variants.${l}`}
              lang={l}
              multiline
              rows={6}
              value={variants[l] ?? ''}
              onChange={(v) => setVariants((prev) => ({ ...prev, [l]: v }))}
              error={missing[`variants.${l}`] ?? serverErrs[`variants.${l}`]}
            />
          ))}
        </div>
        {serverErrs.variants && <p className="field-error">{serverErrs.variants}</p>}
      </fieldset>
      <p className="field-description">{initial ? t('templates.saveNote') : t('templates.createNote')}</p>
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {initial ? t('templates.save') : t('templates.create')}
        </Button>
      </div>
    </form>
  );
}

function TemplateList() {
  const t = useT();
  const list = useAsync(() => listCrisisTemplates(), []);
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const orgById = useMemo(() => new Map(orgList.map((o) => [o.id, o])), [orgList]);
  const { canManage } = useCrisisRights(orgList);
  const mayWrite = orgList.some((o) => canManage(o.id));
  const items = list.data?.items ?? [];
  return (
    <Page title={t('templates.title')} className="wide">
      <p>
        <Link to="/crisis" className="back-link">
          {t('templates.backToCrises')}
        </Link>
      </p>
      <p className="lead">{t('templates.intro')}</p>
      {mayWrite && (
        <p>
          <Link to="/crisis/templates/new" className="btn btn-primary">
            {t('templates.new')}
          </Link>
        </p>
      )}
      <ProblemAlert error={list.error} />
      {list.loading && !list.data ? (
        <p className="loading">{t('common.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('templates.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">{t('templates.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.name')}</th>
                <th scope="col">{t('crisis.organisation')}</th>
                <th scope="col">{t('templates.languages')}</th>
                <th scope="col">{t('templates.approval')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => {
                const org = orgById.get(x.organisation_id);
                return (
                  <tr key={x.id} data-template-id={x.id} data-approved={x.approved ? 'true' : 'false'}>
                    <th scope="row">
                      <Link to={`/crisis/templates/${x.id}`}>{x.name}</Link>
                    </th>
                    <td>{org ? <OrgName names={org.names} fallback={org.slug} /> : <span lang="en">{x.organisation_name}</span>}</td>
                    <td>{templateLanguages(x.variants).map((l) => languageName(t, l)).join(', ')}</td>
                    <td>
                      <span className={`badge ${x.approved ? 'badge-post-published' : 'badge-post-publishing'}`}>{x.approved ? t('templates.approved') : t('templates.waiting')}</span>{' '}
                      <span className="cell-note">
                        <ApprovalText tmpl={x} />
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function NewTemplate() {
  const t = useT();
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const { canManage } = useCrisisRights(orgList);
  return (
    <Page title={t('templates.newTitle')} className="wide">
      <p>
        <Link to="/crisis/templates" className="back-link">
          {t('templates.backToList')}
        </Link>
      </p>
      <ProblemAlert error={orgs.error} />
      {orgs.data && <TemplateForm initial={null} orgs={orgList} canManage={canManage} onSaved={(x) => navigate(`/crisis/templates/${x.id}`, { flash: t('templates.created', { version: x.version }) })} />}
    </Page>
  );
}

function TemplateDetail({ id }: { id: number }) {
  const t = useT();
  const flash = useFlash();
  const loaded = useAsync(() => getCrisisTemplate(id), [id]);
  const orgs = useAsync(() => listOrganisations(), []);
  const [tmpl, setTmpl] = useState<CrisisTemplate | null>(null);
  const [note, setNote] = useState<{ n: number; text: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data) setTmpl(loaded.data);
  }, [loaded.data]);
  const orgList = orgs.data?.items ?? [];
  const { canManage, isSpokesperson } = useCrisisRights(orgList);
  if (!tmpl) {
    return (
      <Page title={loaded.error ? t('templates.notFound') : t('common.loading')}>
        <ProblemAlert error={loaded.error} />
      </Page>
    );
  }
  const org = orgList.find((o) => o.id === tmpl.organisation_id);
  const mayEdit = canManage(tmpl.organisation_id);
  const mayApprove = isSpokesperson(tmpl.organisation_id);
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      const x = await approveCrisisTemplate(tmpl.id, tmpl.version);
      setTmpl(x);
      setNote({ n: Date.now(), text: t('templates.approvedNote', { version: x.version }) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('templates.detailTitle', { name: tmpl.name })} className="wide">
      <p>
        <Link to="/crisis/templates" className="back-link">
          {t('templates.backToList')}
        </Link>
      </p>
      {flash && !note && <FocusNote>{flash}</FocusNote>}
      {note && <FocusNote key={note.n}>{note.text}</FocusNote>}
      <ProblemAlert error={error} autoFocus />
      <dl className="details details-inline">
        <dt>{t('crisis.organisation')}</dt>
        <dd>{org ? <OrgName names={org.names} fallback={org.slug} /> : <span lang="en">{tmpl.organisation_name}</span>}</dd>
        <dt>{t('templates.version')}</dt>
        <dd data-testid="template-version">{tmpl.version}</dd>
        <dt>{t('templates.approval')}</dt>
        <dd data-testid="template-approval">
          <ApprovalText tmpl={tmpl} />
        </dd>
        <dt>{t('templates.blanks')}</dt>
        <dd>{tmpl.placeholders.map((f) => `{${f}}`).join(' ') || '—'}</dd>
      </dl>
      {!tmpl.approved && (
        <section aria-labelledby="approve-title" className="section">
          <h2 id="approve-title">{t('templates.approveTitle')}</h2>
          {mayApprove ? (
            <>
              <p className="field-description">{t('templates.approveHelp', { version: tmpl.version })}</p>
              <Button className="btn btn-primary" isDisabled={busy} onPress={() => void approve()}>
                {t('templates.approve', { version: tmpl.version })}
              </Button>
            </>
          ) : (
            <p>{t('templates.approveNotAllowed')}</p>
          )}
        </section>
      )}
      <section aria-labelledby="texts-title" className="section">
        <h2 id="texts-title">{t('templates.texts')}</h2>
        <dl className="details">
          {templateLanguages(tmpl.variants).map((l) => (
            <div key={l}>
              <dt>{languageName(t, l)}</dt>
              <dd>
                <TemplateText text={tmpl.variants[l]!} lang={l} />
              </dd>
            </div>
          ))}
        </dl>
      </section>
      {mayEdit && (
        <section aria-labelledby="template-form-title" className="section">
          <h2 id="template-form-title">{t('templates.editTitle')}</h2>
          {editing ? (
            <TemplateForm
              initial={tmpl}
              labelledBy="template-form-title"
              orgs={orgList}
              canManage={canManage}
              onSaved={(x) => {
                setTmpl(x);
                setEditing(false);
                setNote({ n: Date.now(), text: t('templates.saved', { version: x.version }) });
              }}
            />
          ) : (
            <>
              <p className="field-description">{t('templates.editHelp')}</p>
              <Button className="btn" onPress={() => setEditing(true)}>
                {t('templates.edit')}
              </Button>
            </>
          )}
        </section>
      )}
    </Page>
  );
}

export function CrisisTemplatesPage({ templateId }: { templateId: number | 'new' | null }) {
  if (templateId === 'new') return <NewTemplate />;
  if (templateId == null) return <TemplateList />;
  return <TemplateDetail key={templateId} id={templateId} />;
}
