// An organisation's publishing policy (/registry/:orgId/policy): the rules that apply to its posts
// (peer reviews, sensitive subjects, the on-the-record attestation, language parity, neutrality
// during election periods), each with the organisation it comes from. Everyone with a role there
// reads it; its administrators set or clear (inherit) each rule for the organisation.
import { type ReactNode, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { ApiError, CONTENT_TYPES, type EffectivePolicy, type ElectionPeriod, getPolicy, LANGUAGES, listOrganisations, type Organisation, type PolicySettings, type PolicyView, putPolicy } from '../api';
import { Checkboxes, SelectField, TextInput } from '../components/fields';
import { languageName } from '../components/labels';
import { Page } from '../components/Page';
import { contentTypeLabel } from '../components/posts/labels';
import { ProblemAlert } from '../components/ProblemAlert';
import { useAsync } from '../components/useAsync';
import { useLocale } from '../i18n';
import { type Translate, useT } from '../i18n/useT';
import { OrgName, pathTo, useOrgName } from '../orgs';
import { Link } from '../router';
import { hasRoleOn, useSession } from '../session';

type Rule = keyof Omit<EffectivePolicy, 'set_by'>;
const RULES: Rule[] = [
  'peer_reviews',
  'require_attestation',
  'sensitive_keywords',
  'sensitive_tags',
  'sensitive_content_types',
  'required_languages',
  'channel_language_parity',
  'neutrality_terms',
  'election_periods',
];

function ruleLabel(t: Translate, r: Rule): string {
  switch (r) {
    case 'peer_reviews':
      return t('policy.peer_reviews');
    case 'require_attestation':
      return t('policy.require_attestation');
    case 'sensitive_keywords':
      return t('policy.sensitive_keywords');
    case 'sensitive_tags':
      return t('policy.sensitive_tags');
    case 'sensitive_content_types':
      return t('policy.sensitive_content_types');
    case 'required_languages':
      return t('policy.required_languages');
    case 'channel_language_parity':
      return t('policy.channel_language_parity');
    case 'neutrality_terms':
      return t('policy.neutrality_terms');
    case 'election_periods':
      return t('policy.election_periods');
  }
}

function ruleHelp(t: Translate, r: Rule): string {
  switch (r) {
    case 'peer_reviews':
      return t('policy.peer_reviewsHelp');
    case 'require_attestation':
      return t('policy.require_attestationHelp');
    case 'sensitive_keywords':
      return t('policy.sensitive_keywordsHelp');
    case 'sensitive_tags':
      return t('policy.sensitive_tagsHelp');
    case 'sensitive_content_types':
      return t('policy.sensitive_content_typesHelp');
    case 'required_languages':
      return t('policy.required_languagesHelp');
    case 'channel_language_parity':
      return t('policy.channel_language_parityHelp');
    case 'neutrality_terms':
      return t('policy.neutrality_termsHelp');
    case 'election_periods':
      return t('policy.election_periodsHelp');
  }
}

const day = (iso: string) => (iso ? iso.slice(0, 10) : '');

/** A rule's effective value in words. */
function ValueOf({ rule, p }: { rule: Rule; p: EffectivePolicy }) {
  const t = useT();
  const { locale } = useLocale();
  const list = (xs: string[]) => (xs.length ? new Intl.ListFormat(locale, { type: 'conjunction' }).format(xs) : t('policy.none'));
  switch (rule) {
    case 'peer_reviews':
      return <>{t('policy.peerCount', { count: p.peer_reviews })}</>;
    case 'require_attestation':
    case 'channel_language_parity':
      return <>{p[rule] ? t('policy.yes') : t('policy.no')}</>;
    case 'sensitive_content_types':
      return <>{list(p.sensitive_content_types.map((c) => contentTypeLabel(t, c)))}</>;
    case 'required_languages':
      return <>{list(p.required_languages.map((l) => languageName(t, l)))}</>;
    case 'election_periods':
      return p.election_periods.length === 0 ? (
        <>{t('policy.none')}</>
      ) : (
        <ul className="plain-list">
          {p.election_periods.map((e, i) => (
            <li key={i}>{t('policy.period', { name: e.name, from: day(e.from), until: day(e.until) })}</li>
          ))}
        </ul>
      );
    default:
      return p[rule].length === 0 ? (
        <>{t('policy.none')}</>
      ) : (
        <ul className="word-list">
          {p[rule].map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      );
  }
}

function SetBy({ rule, p, orgById }: { rule: Rule; p: EffectivePolicy; orgById: Map<number, Organisation> }) {
  const t = useT();
  const id = p.set_by?.[rule] ?? 0;
  if (!id) return <>{t('policy.default')}</>;
  const o = orgById.get(id);
  return o ? <OrgName names={o.names} fallback={o.slug} /> : <>#{id}</>;
}

/** "(set by Federal Government)" or "(default)", inside a sentence. */
function InheritedFrom({ rule, p, orgById }: { rule: Rule; p: EffectivePolicy; orgById: Map<number, Organisation> }) {
  const t = useT();
  const nameOf = useOrgName();
  const id = p.set_by?.[rule] ?? 0;
  const o = id ? orgById.get(id) : undefined;
  return <>({id ? t('policy.setByInline', { organisation: o ? nameOf(o.names, o.slug) : `#${id}` }) : t('policy.defaultInline')})</>;
}

// --- the editing form ----------------------------------------------------------------------

interface FormValue {
  peer_reviews: string;
  require_attestation: string;
  channel_language_parity: string;
  sensitive_keywords: string;
  sensitive_tags: string;
  neutrality_terms: string;
  sensitive_content_types: string[];
  required_languages: string[];
  election_periods: { name: string; from: string; until: string }[];
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

function formFrom(own: PolicySettings, eff: EffectivePolicy): { set: Record<Rule, boolean>; value: FormValue } {
  const set = Object.fromEntries(RULES.map((r) => [r, own[r] !== undefined && own[r] !== null])) as Record<Rule, boolean>;
  const pick = <K extends Rule>(r: K) => (own[r] ?? eff[r]) as EffectivePolicy[K];
  return {
    set,
    value: {
      peer_reviews: String(pick('peer_reviews')),
      require_attestation: pick('require_attestation') ? 'yes' : 'no',
      channel_language_parity: pick('channel_language_parity') ? 'yes' : 'no',
      sensitive_keywords: pick('sensitive_keywords').join('\n'),
      sensitive_tags: pick('sensitive_tags').join('\n'),
      neutrality_terms: pick('neutrality_terms').join('\n'),
      sensitive_content_types: [...pick('sensitive_content_types')],
      required_languages: [...pick('required_languages')],
      election_periods: pick('election_periods').map((e) => ({ name: e.name, from: day(e.from), until: day(e.until) })),
    },
  };
}

function bodyOf(set: Record<Rule, boolean>, v: FormValue): PolicySettings {
  const out: PolicySettings = {};
  if (set.peer_reviews) out.peer_reviews = Number(v.peer_reviews);
  if (set.require_attestation) out.require_attestation = v.require_attestation === 'yes';
  if (set.channel_language_parity) out.channel_language_parity = v.channel_language_parity === 'yes';
  if (set.sensitive_keywords) out.sensitive_keywords = lines(v.sensitive_keywords);
  if (set.sensitive_tags) out.sensitive_tags = lines(v.sensitive_tags).map((x) => x.replace(/^#+/, ''));
  if (set.neutrality_terms) out.neutrality_terms = lines(v.neutrality_terms);
  if (set.sensitive_content_types) out.sensitive_content_types = v.sensitive_content_types;
  if (set.required_languages) out.required_languages = v.required_languages;
  if (set.election_periods) {
    out.election_periods = v.election_periods.map(
      (e): ElectionPeriod => ({ name: e.name.trim(), from: e.from ? `${e.from}T00:00:00Z` : '', until: e.until ? `${e.until}T00:00:00Z` : '' }),
    );
  }
  return out;
}

function RuleFieldset({
  rule,
  set,
  onSet,
  inherited,
  error,
  children,
}: {
  rule: Rule;
  set: boolean;
  onSet: (v: boolean) => void;
  inherited: ReactNode;
  error?: string;
  children: ReactNode;
}) {
  const t = useT();
  const id = useId();
  return (
    <fieldset className="fieldset policy-rule" data-rule={rule}>
      <legend>{ruleLabel(t, rule)}</legend>
      <p className="field-description">{ruleHelp(t, rule)}</p>
      <div className="field inherit-choice">
        <input type="checkbox" id={`${id}-set`} name={`set_${rule}`} checked={set} onChange={(e) => onSet(e.target.checked)} aria-describedby={`${id}-inh`} />
        <label htmlFor={`${id}-set`}>{t('policy.setHere')}</label>
        <div id={`${id}-inh`} className="field-description">
          {inherited}
        </div>
      </div>
      {set && children}
      {error && <p className="field-error">{error}</p>}
    </fieldset>
  );
}

function PolicyForm({ view, parent, orgById, onSaved }: { view: PolicyView; parent: PolicyView | null; orgById: Map<number, Organisation>; onSaved: (v: PolicyView) => void }) {
  const t = useT();
  const initial = useMemo(() => formFrom(view.own, view.effective), [view]);
  const [set, setSet] = useState(initial.set);
  const [value, setValue] = useState(initial.value);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errs = error instanceof ApiError ? error.fieldErrors() : {};
  const errorFor = (r: Rule) => errs[r];
  const patch = (p: Partial<FormValue>) => setValue((v) => ({ ...v, ...p }));
  const toggle = (r: Rule) => (on: boolean) => setSet((s) => ({ ...s, [r]: on }));

  const inherited = (r: Rule) =>
    parent ? (
      <>
        {t('policy.inheritsValue')} <ValueOf rule={r} p={parent.effective} /> <InheritedFrom rule={r} p={parent.effective} orgById={orgById} />
      </>
    ) : (
      t('policy.inheritsDefault')
    );

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await putPolicy(view.organisation_id, bodyOf(set, value)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const listField = (r: 'sensitive_keywords' | 'sensitive_tags' | 'neutrality_terms') => (
    <RuleFieldset key={r} rule={r} set={set[r]} onSet={toggle(r)} inherited={inherited(r)} error={errorFor(r)}>
      <TextInput label={t('policy.onePerLine', { rule: ruleLabel(t, r) })} name={r} value={value[r]} onChange={(v) => patch({ [r]: v })} multiline rows={6} spellCheck={false} />
    </RuleFieldset>
  );
  const yesNo = [
    { value: 'yes', label: t('policy.yes') },
    { value: 'no', label: t('policy.no') },
  ];

  return (
    <form
      className="policy-form"
      aria-labelledby="policy-edit-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="policy-edit-title">{t('policy.editTitle')}</h2>
      <p className="field-description">{t('policy.editHelp')}</p>
      {error != null && <ProblemAlert error={error} title={t('policy.refused')} autoFocus />}
      <RuleFieldset rule="peer_reviews" set={set.peer_reviews} onSet={toggle('peer_reviews')} inherited={inherited('peer_reviews')} error={errorFor('peer_reviews')}>
        <SelectField
          label={ruleLabel(t, 'peer_reviews')}
          name="peer_reviews"
          value={value.peer_reviews}
          onChange={(v) => patch({ peer_reviews: v })}
          options={['0', '1', '2'].map((n) => ({ value: n, label: t('policy.peerCount', { count: Number(n) }) }))}
        />
      </RuleFieldset>
      <RuleFieldset rule="require_attestation" set={set.require_attestation} onSet={toggle('require_attestation')} inherited={inherited('require_attestation')} error={errorFor('require_attestation')}>
        <SelectField label={ruleLabel(t, 'require_attestation')} name="require_attestation" value={value.require_attestation} onChange={(v) => patch({ require_attestation: v })} options={yesNo} />
      </RuleFieldset>
      {listField('sensitive_keywords')}
      {listField('sensitive_tags')}
      <RuleFieldset rule="sensitive_content_types" set={set.sensitive_content_types} onSet={toggle('sensitive_content_types')} inherited={inherited('sensitive_content_types')} error={errorFor('sensitive_content_types')}>
        <Checkboxes
          label={ruleLabel(t, 'sensitive_content_types')}
          name="sensitive_content_types"
          value={value.sensitive_content_types}
          onChange={(v) => patch({ sensitive_content_types: v })}
          options={CONTENT_TYPES.map((c) => ({ value: c, label: contentTypeLabel(t, c) }))}
        />
      </RuleFieldset>
      <RuleFieldset rule="required_languages" set={set.required_languages} onSet={toggle('required_languages')} inherited={inherited('required_languages')} error={errorFor('required_languages')}>
        <Checkboxes
          label={ruleLabel(t, 'required_languages')}
          name="required_languages"
          value={value.required_languages}
          onChange={(v) => patch({ required_languages: v })}
          options={LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))}
        />
      </RuleFieldset>
      <RuleFieldset rule="channel_language_parity" set={set.channel_language_parity} onSet={toggle('channel_language_parity')} inherited={inherited('channel_language_parity')} error={errorFor('channel_language_parity')}>
        <SelectField label={ruleLabel(t, 'channel_language_parity')} name="channel_language_parity" value={value.channel_language_parity} onChange={(v) => patch({ channel_language_parity: v })} options={yesNo} />
      </RuleFieldset>
      {listField('neutrality_terms')}
      <RuleFieldset rule="election_periods" set={set.election_periods} onSet={toggle('election_periods')} inherited={inherited('election_periods')} error={errorFor('election_periods')}>
        {value.election_periods.map((e, i) => (
          <div key={i} className="period-row" role="group" aria-label={t('policy.periodN', { n: i + 1 })}>
            <TextInput
              label={t('policy.periodName')}
              name={`period_name_${i}`}
              value={e.name}
              onChange={(v) => patch({ election_periods: value.election_periods.map((x, j) => (j === i ? { ...x, name: v } : x)) })}
            />
            <TextInput
              label={t('policy.periodFrom')}
              name={`period_from_${i}`}
              type="date"
              value={e.from}
              onChange={(v) => patch({ election_periods: value.election_periods.map((x, j) => (j === i ? { ...x, from: v } : x)) })}
            />
            <TextInput
              label={t('policy.periodUntil')}
              name={`period_until_${i}`}
              type="date"
              value={e.until}
              onChange={(v) => patch({ election_periods: value.election_periods.map((x, j) => (j === i ? { ...x, until: v } : x)) })}
            />
            <Button className="btn btn-small" onPress={() => patch({ election_periods: value.election_periods.filter((_, j) => j !== i) })}>
              {t('policy.periodRemove', { n: i + 1 })}
            </Button>
          </div>
        ))}
        <div className="actions">
          <Button className="btn btn-small" onPress={() => patch({ election_periods: [...value.election_periods, { name: '', from: '', until: '' }] })}>
            {t('policy.periodAdd')}
          </Button>
        </div>
      </RuleFieldset>
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('policy.save')}
        </Button>
      </div>
    </form>
  );
}

function Saved({ n }: { n: number }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [n]);
  return (
    <div ref={ref} tabIndex={-1} className="alert alert-success" role="status">
      <p>{t('policy.saved')}</p>
    </div>
  );
}

export function PolicyPage({ orgId }: { orgId: number }) {
  const t = useT();
  const nameOf = useOrgName();
  const { session } = useSession();
  const orgs = useAsync(() => listOrganisations(), []);
  const orgList = orgs.data?.items ?? [];
  const orgById = useMemo(() => new Map(orgList.map((o) => [o.id, o])), [orgList]);
  const org = orgById.get(orgId);
  const policy = useAsync(() => getPolicy(orgId), [orgId]);
  const parentId = org?.parent_id ?? null;
  const parent = useAsync(() => getPolicy(parentId!), [parentId], parentId != null);
  const [view, setView] = useState<PolicyView | null>(null);
  const [saved, setSaved] = useState(0);
  const [generation, setGeneration] = useState(0);
  const current = view ?? policy.data ?? null;
  const canAdmin = hasRoleOn(session, pathTo(orgList, orgId).map((o) => o.id).concat(orgId), ['administrator']);
  const title = org ? t('policy.titleOf', { organisation: nameOf(org.names, org.slug) }) : t('policy.title');

  return (
    <Page title={title} className="wide">
      <p className="back-link">
        <Link to={`/registry/${orgId}`}>{t('policy.back')}</Link>
      </p>
      <p className="lead">{t('policy.intro')}</p>
      {saved > 0 && <Saved n={saved} />}
      <ProblemAlert error={policy.error ?? orgs.error} />
      {(policy.loading || orgs.loading) && !current && <p role="status">{t('common.loading')}</p>}
      {current && (
        <section aria-labelledby="effective-title" className="section">
          <h2 id="effective-title">{t('policy.effectiveTitle')}</h2>
          <div className="table-wrap">
            <table className="table policy-table">
              <caption className="sr-only">{t('policy.effectiveCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('policy.rule')}</th>
                  <th scope="col">{t('policy.applies')}</th>
                  <th scope="col">{t('policy.setByLabel')}</th>
                </tr>
              </thead>
              <tbody>
                {RULES.map((r) => (
                  <tr key={r} data-rule={r}>
                    <th scope="row">{ruleLabel(t, r)}</th>
                    <td>
                      <ValueOf rule={r} p={current.effective} />
                    </td>
                    <td data-testid={`set-by-${r}`}>
                      <SetBy rule={r} p={current.effective} orgById={orgById} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {current && canAdmin && (
        <PolicyForm
          key={generation}
          view={current}
          parent={parentId != null ? (parent.data ?? null) : null}
          orgById={orgById}
          onSaved={(v) => {
            setView(v);
            setGeneration((g) => g + 1);
            setSaved((n) => n + 1);
          }}
        />
      )}
      {current && !canAdmin && <p className="field-description">{t('policy.readOnly')}</p>}
    </Page>
  );
}
