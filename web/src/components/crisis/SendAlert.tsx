// "Send an alert" (spokesperson): choose an approved template (its text per language shown with its
// blanks), fill the alert's fields — one text for every language or one per language —, choose the
// channels of the crisis sub-tree (filter by organisation or text, select all shown), look at the
// filled text per language, and send after a confirmation. The server fills and checks for real.
import { useId, useMemo, useState } from 'react';
import { Button, Checkbox, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { type AlertField, type AlertFieldValue, ALERT_FIELDS, ApiError, type Channel, type CrisisMessage, type CrisisTemplate, type Language, type Organisation, sendCrisisMessage } from '../../api';
import { useLocale } from '../../i18n';
import { useT } from '../../i18n/useT';
import { OrgName, useOrgOptions } from '../../orgs';
import { SelectField, SingleCheckbox, TextInput } from '../fields';
import { LanguageList, languageName, networkName } from '../labels';
import { ProblemAlert } from '../ProblemAlert';
import { fieldHelp, fieldLabel, fillTemplate, templateLanguages } from './labels';

interface FieldState {
  perLanguage: boolean;
  all: string;
  langs: Partial<Record<Language, string>>;
}

/** Fields usually written in each language; the others (names, a date, a link) are one text. */
const PER_LANGUAGE_BY_DEFAULT = new Set<AlertField>(['event', 'area', 'instructions']);

function initialFields(): Record<AlertField, FieldState> {
  const out = {} as Record<AlertField, FieldState>;
  for (const f of ALERT_FIELDS) out[f] = { perLanguage: PER_LANGUAGE_BY_DEFAULT.has(f), all: '', langs: {} };
  return out;
}

/** A template's text with its blanks shown as code. */
export function TemplateText({ text, lang }: { text: string; lang: Language }) {
  const parts = text.split(/(\{[a-z_]+\})/g);
  return (
    <div className="template-text" lang={lang}>
      {parts.map((p, i) => (/^\{[a-z_]+\}$/.test(p) ? <code key={i}>{p}</code> : <span key={i}>{p}</span>))}
    </div>
  );
}

interface Props {
  crisisId: number;
  templates: CrisisTemplate[];
  channels: Channel[];
  /** The organisations of the crisis sub-tree. */
  orgs: Organisation[];
  onSent: (m: CrisisMessage) => void;
}

export function SendAlert({ crisisId, templates, channels, orgs, onSent }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const base = useId();
  const approved = templates.filter((x) => x.approved);
  const [templateId, setTemplateId] = useState<number | null>(approved.length === 1 ? approved[0]!.id : null);
  const tmpl = approved.find((x) => x.id === templateId) ?? null;
  const langs = tmpl ? templateLanguages(tmpl.variants) : [];
  const used = tmpl ? ALERT_FIELDS.filter((f) => tmpl.placeholders.includes(f)) : [];
  const [fields, setFields] = useState(initialFields);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [q, setQ] = useState('');
  const [orgFilter, setOrgFilter] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const orgById = useMemo(() => new Map(orgs.map((o) => [o.id, o])), [orgs]);
  const orgOptions = useOrgOptions(orgs);
  const live = useMemo(() => channels.filter((c) => c.status === 'active' || c.status === 'dormant'), [channels]);
  // The organisation chosen in the filter and every one below it.
  const underFilter = useMemo(() => {
    if (!orgFilter) return null;
    const ids = new Set<number>([Number(orgFilter)]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const o of orgs) if (o.parent_id != null && ids.has(o.parent_id) && !ids.has(o.id)) {
        ids.add(o.id);
        grew = true;
      }
    }
    return ids;
  }, [orgFilter, orgs]);
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return live.filter((c) => (!underFilter || underFilter.has(c.organisation_id)) && (!needle || `${c.display_name} ${c.handle}`.toLowerCase().includes(needle)));
  }, [live, q, underFilter]);
  const hiddenSelected = [...selected].filter((id) => !shown.some((c) => c.id === id)).length;

  const values = useMemo(() => {
    const out: Partial<Record<AlertField, AlertFieldValue>> = {};
    for (const f of used) {
      const s = fields[f];
      if (s.perLanguage) {
        const per: Partial<Record<Language, string>> = {};
        for (const l of langs) if (s.langs[l]?.trim()) per[l] = s.langs[l]!.trim();
        out[f] = per;
      } else if (s.all.trim()) {
        out[f] = s.all.trim();
      }
    }
    return out;
  }, [fields, used, langs]);

  // Server problems by field ("fields.area", "fields.area.nl", "channel_ids", "template_id").
  const serverErrs = error instanceof ApiError ? error.fieldErrors() : {};
  const errFor = (key: string) => problems[key] ?? serverErrs[key];

  const setField = (f: AlertField, patch: Partial<FieldState>) => setFields((prev) => ({ ...prev, [f]: { ...prev[f], ...patch } }));

  const check = (): boolean => {
    const p: Record<string, string> = {};
    if (!tmpl) p.template_id = t('crisisSend.templateRequired');
    for (const f of used) {
      const s = fields[f];
      if (s.perLanguage) {
        for (const l of langs) if (!s.langs[l]?.trim()) p[`fields.${f}.${l}`] = t('crisisSend.fieldMissingIn', { field: fieldLabel(t, f), language: languageName(t, l) });
      } else if (!s.all.trim()) {
        p[`fields.${f}`] = t('crisisSend.fieldMissing', { field: fieldLabel(t, f) });
      }
    }
    if (selected.size === 0) p.channel_ids = t('crisisSend.channelsRequired');
    setProblems(p);
    return Object.keys(p).length === 0;
  };

  const send = async () => {
    setConfirming(false);
    if (!tmpl) return;
    setBusy(true);
    setError(null);
    try {
      const m = await sendCrisisMessage(crisisId, { template_id: tmpl.id, fields: values, channel_ids: [...selected].sort((a, b) => a - b) });
      onSent(m);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const problemList = Object.values(problems);
  // Languages the selected channels speak, with how many channels speak each.
  const spoken = new Map<string, number>();
  for (const c of live) if (selected.has(c.id)) for (const l of c.languages) spoken.set(l, (spoken.get(l) ?? 0) + 1);

  return (
    <form
      className="form send-alert"
      noValidate
      aria-labelledby="send-title"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        if (check()) setConfirming(true);
      }}
    >
      {problemList.length > 0 && (
        <div className="alert alert-error" role="alert" data-testid="send-problems">
          <p className="alert-title">{t('crisisSend.notYet')}</p>
          <ul className="alert-list">
            {problemList.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      <ProblemAlert error={error} title={t('crisisSend.refused')} autoFocus />

      <fieldset className="fieldset" aria-describedby={errFor('template_id') ? `${base}-tmpl-err` : undefined}>
        <legend>{t('crisisSend.template')}</legend>
        {approved.length === 0 ? (
          <p>{t('crisisSend.noTemplate')}</p>
        ) : (
          <ul className="template-choices">
            {approved.map((x) => (
              <li key={x.id}>
                <label className="radio-option">
                  <input type="radio" name="template_id" value={x.id} checked={templateId === x.id} onChange={() => setTemplateId(x.id)} />
                  <span>
                    <strong>{x.name}</strong>{' '}
                    <span className="cell-note">{t('crisisSend.templateMeta', { version: x.version, languages: templateLanguages(x.variants).map((l) => l.toUpperCase()).join(', ') })}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {errFor('template_id') && (
          <p id={`${base}-tmpl-err`} className="field-error">
            {errFor('template_id')}
          </p>
        )}
        {tmpl && (
          <details className="template-texts" open>
            <summary>{t('crisisSend.templateTexts')}</summary>
            <dl className="details">
              {langs.map((l) => (
                <div key={l}>
                  <dt>{languageName(t, l)}</dt>
                  <dd>
                    <TemplateText text={tmpl.variants[l]!} lang={l} />
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </fieldset>

      {tmpl && (
        <fieldset className="fieldset">
          <legend>{t('crisisSend.fields')}</legend>
          <p className="field-description">{t('crisisSend.fieldsHelp')}</p>
          {used.map((f) => {
            const s = fields[f];
            return (
              <fieldset key={f} className="fieldset alert-field" data-field={f}>
                <legend>
                  {fieldLabel(t, f)} <code>{`{${f}}`}</code>
                </legend>
                <p className="field-description">{fieldHelp(t, f)}</p>
                <SingleCheckbox name={`per-language-${f}`} label={t('crisisSend.perLanguage', { field: fieldLabel(t, f) })} isSelected={s.perLanguage} onChange={(v) => setField(f, { perLanguage: v })} />
                {s.perLanguage ? (
                  <div className="field-row">
                    {langs.map((l) => (
                      <TextInput
                        key={l}
                        label={t('crisisSend.fieldIn', { field: fieldLabel(t, f), language: languageName(t, l) })}
                        name={`fields.${f}.${l}`}
                        lang={l}
                        value={s.langs[l] ?? ''}
                        onChange={(v) => setField(f, { langs: { ...s.langs, [l]: v } })}
                        multiline={f === 'instructions'}
                        type={f === 'link' ? 'url' : 'text'}
                        error={errFor(`fields.${f}.${l}`) ?? errFor(`fields.${f}`)}
                        isRequired
                      />
                    ))}
                  </div>
                ) : (
                  <TextInput
                    label={t('crisisSend.fieldAll', { field: fieldLabel(t, f) })}
                    name={`fields.${f}`}
                    value={s.all}
                    onChange={(v) => setField(f, { all: v })}
                    multiline={f === 'instructions'}
                    type={f === 'link' ? 'url' : 'text'}
                    inputMode={f === 'link' ? 'url' : undefined}
                    error={errFor(`fields.${f}`)}
                    isRequired
                  />
                )}
              </fieldset>
            );
          })}
        </fieldset>
      )}

      <fieldset className="fieldset channel-choice" aria-describedby={`${base}-count${errFor('channel_ids') ? ` ${base}-ch-err` : ''}`}>
        <legend>{t('crisisSend.channels')}</legend>
        <p className="field-description">{t('crisisSend.channelsHelp')}</p>
        <div className="filters">
          <TextInput label={t('crisisSend.filterText')} name="channel_filter" type="search" value={q} onChange={setQ} />
          <SelectField label={t('crisisSend.filterOrg')} name="channel_org" value={orgFilter} onChange={setOrgFilter} options={[{ value: '', label: t('crisisSend.allOrgs') }, ...orgOptions]} />
        </div>
        <div className="actions">
          <Button className="btn btn-small" isDisabled={shown.length === 0} onPress={() => setSelected((prev) => new Set([...prev, ...shown.map((c) => c.id)]))}>
            {t('crisisSend.selectShown', { count: shown.length })}
          </Button>
          <Button
            className="btn btn-small"
            isDisabled={selected.size === 0}
            onPress={() =>
              setSelected((prev) => {
                const next = new Set(prev);
                for (const c of shown) next.delete(c.id);
                return next;
              })
            }
          >
            {t('crisisSend.unselectShown', { count: shown.length })}
          </Button>
        </div>
        <p id={`${base}-count`} className="result-count" role="status" data-testid="selected-count">
          {t('crisisSend.selectedCount', { count: selected.size, hidden: hiddenSelected })}
        </p>
        {errFor('channel_ids') && (
          <p id={`${base}-ch-err`} className="field-error">
            {errFor('channel_ids')}
          </p>
        )}
        {shown.length === 0 ? (
          <p>{live.length === 0 ? t('crisisSend.noChannels') : t('crisisSend.noneShown')}</p>
        ) : (
          <ul className="channel-options crisis-channels">
            {shown.map((c) => {
              const owner = orgById.get(c.organisation_id);
              return (
                <li key={c.id}>
                  <Checkbox
                    className="checkbox channel-option"
                    value={String(c.id)}
                    name="channel_ids"
                    isSelected={selected.has(c.id)}
                    onChange={(on) =>
                      setSelected((prev) => {
                        const next = new Set(prev);
                        if (on) next.add(c.id);
                        else next.delete(c.id);
                        return next;
                      })
                    }
                  >
                    <span className="checkbox-box" aria-hidden="true" />
                    <span className="channel-option-text">
                      <span className="channel-network">{networkName(t, c.network)}</span>
                      <span className="channel-name">{c.display_name || c.handle}</span>
                      <span className="channel-handle">{c.handle}</span>
                      <LanguageList languages={c.languages} />
                      {owner && (
                        <span className="channel-owner">
                          <OrgName names={owner.names} fallback={owner.slug} />
                        </span>
                      )}
                    </span>
                  </Checkbox>
                </li>
              );
            })}
          </ul>
        )}
      </fieldset>

      {tmpl && (
        <section aria-labelledby={`${base}-preview`} className="alert-preview-section">
          <h3 id={`${base}-preview`}>{t('crisisSend.preview')}</h3>
          <p className="field-description">
            {spoken.size === 0
              ? t('crisisSend.previewHelp')
              : t('crisisSend.spoken', {
                  list: new Intl.ListFormat(locale, { type: 'conjunction' }).format([...spoken.entries()].map(([l, n]) => t('crisisSend.spokenBy', { language: languageName(t, l), count: n }))),
                })}
          </p>
          <div className="alert-previews">
            {langs.map((l) => (
              <div key={l} className="alert-preview" data-language={l}>
                <h4>{languageName(t, l)}</h4>
                <div className="alert-preview-text" lang={l} data-testid={`alert-preview-${l}`}>
                  {fillTemplate(tmpl.variants[l]!, values, l).map((p, i) =>
                    'text' in p ? (
                      <span key={i}>{p.text}</span>
                    ) : (
                      <mark key={i} className="blank">
                        <span className="sr-only">{t('crisisSend.blank')} </span>
                        {`{${p.missing}}`}
                      </mark>
                    ),
                  )}
                </div>
              </div>
            ))}
          </div>
        </section>
      )}

      <div className="actions">
        <Button type="submit" className="btn btn-danger" isDisabled={busy || approved.length === 0}>
          {t('crisisSend.submit', { count: selected.size })}
        </Button>
      </div>
      <ModalOverlay className="modal-overlay" isDismissable isOpen={confirming} onOpenChange={(o) => !o && setConfirming(false)}>
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog">
            <Heading slot="title" className="dialog-title">
              {t('crisisSend.confirmTitle')}
            </Heading>
            <p>{t('crisisSend.confirmText', { count: selected.size, name: tmpl?.name ?? '' })}</p>
            <div className="actions">
              <Button className="btn" onPress={() => setConfirming(false)} autoFocus>
                {t('action.cancel')}
              </Button>
              <Button className="btn btn-danger" onPress={() => void send()}>
                {t('crisisSend.confirm', { count: selected.size })}
              </Button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </form>
  );
}
