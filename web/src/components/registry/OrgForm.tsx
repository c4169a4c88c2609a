import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ApiError, createOrganisation, LANGUAGES, type Language, type Organisation, ORGANISATION_KINDS, type OrganisationKind } from '../../api';
import { useT } from '../../i18n/useT';
import { SelectField, TextInput } from '../fields';
import { kindLabel, languageName } from '../labels';
import { ProblemAlert } from '../ProblemAlert';

const CHILD_KIND: Record<OrganisationKind, OrganisationKind> = {
  government: 'minister',
  minister: 'service',
  service: 'unit',
  unit: 'unit',
  diplomatic_post: 'unit',
};

/** Form to create a sub-organisation of `parent` (POST /api/v1/organisations). */
export function OrgForm({ parent, kinds, onCreated }: { parent: Organisation; kinds?: OrganisationKind[]; onCreated: (o: Organisation) => void }) {
  const t = useT();
  const [kind, setKind] = useState<OrganisationKind>(CHILD_KIND[parent.kind] ?? 'service');
  const [slug, setSlug] = useState('');
  const [names, setNames] = useState<Record<Language, string>>({ fr: '', nl: '', de: '', en: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const nameError = (l: Language) => fieldErrors[`names.${l}`] ?? fieldErrors[`names/${l}`] ?? (l === 'fr' ? fieldErrors.names : undefined);

  return (
    <Form
      className="form"
      validationBehavior="aria"
      aria-label={t('org.newTitle')}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const body = {
          parent_id: parent.id,
          kind,
          ...(slug.trim() ? { slug: slug.trim() } : {}),
          names: Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()])),
        };
        try {
          const created = await createOrganisation(body);
          setSlug('');
          setNames({ fr: '', nl: '', de: '', en: '' });
          onCreated(created);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {error ? <ProblemAlert error={error} /> : null}
      <p className="form-note">{t('form.requiredNote')}</p>
      <SelectField
        label={t('org.kind')}
        name="kind"
        value={kind}
        onChange={(v) => setKind(v as OrganisationKind)}
        options={(kinds?.length ? kinds : ORGANISATION_KINDS).filter((k) => k !== 'government').map((k) => ({ value: k, label: kindLabel(t, k) }))}
        error={fieldErrors.kind}
        isRequired
      />
      <TextInput
        label={t('org.slug')}
        name="slug"
        value={slug}
        onChange={setSlug}
        description={t('org.slugHelp')}
        error={fieldErrors.slug}
        spellCheck={false}
      />
      <fieldset className="fieldset">
        <legend>{t('org.names')}</legend>
        <p className="field-description">{t('org.namesHelp')}</p>
        {LANGUAGES.map((l) => (
          <TextInput
            key={l}
            label={t('org.nameIn', { language: languageName(t, l) })}
            name={`names.${l}`}
            value={names[l]}
            onChange={(v) => setNames((n) => ({ ...n, [l]: v }))}
            error={nameError(l)}
            lang={l}
          />
        ))}
      </fieldset>
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('org.create')}
        </Button>
      </div>
    </Form>
  );
}
