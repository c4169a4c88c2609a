import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { ApiError, type Channel, type ChannelInput, type ChannelStatus, CHANNEL_STATUSES, LANGUAGES, type Language, type User } from '../../api';
import { useT } from '../../i18n/useT';
import { Checkboxes, SelectField, TextInput } from '../fields';
import { languageName, statusLabel } from '../labels';
import { ProblemAlert } from '../ProblemAlert';

interface Props {
  channel: Channel | null;
  users: User[] | null;
  onSubmit: (input: ChannelInput) => Promise<void>;
  submitLabel: string;
}

/** Maps a problem field path ("languages[1]", "names.fr", "/url") to the form field it belongs to. */
function fieldKey(field: string): string {
  const f = field.replace(/^\//, '');
  const base = f.split(/[.[/]/)[0] ?? f;
  if (base === 'network' || base === 'handle') return 'url';
  return base;
}

/** Create / edit form of a channel. Server validation messages appear under each field. */
export function ChannelForm({ channel, users, onSubmit, submitLabel }: Props) {
  const t = useT();
  const [url, setUrl] = useState(channel?.url ?? '');
  const [displayName, setDisplayName] = useState(channel?.display_name ?? '');
  const [languages, setLanguages] = useState<string[]>(channel?.languages ?? []);
  const [status, setStatus] = useState<string>(channel?.status ?? 'active');
  const [primary, setPrimary] = useState(channel?.primary_contact_id != null ? String(channel.primary_contact_id) : '');
  const [backup, setBackup] = useState(channel?.backup_contact_id != null ? String(channel.backup_contact_id) : '');
  const [policyUrl, setPolicyUrl] = useState(channel?.policy_url ?? '');
  const [tags, setTags] = useState((channel?.tags ?? []).join(', '));
  const [platformId, setPlatformId] = useState(channel?.platform_account_id ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const errs: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const [f, m] of Object.entries(error.fieldErrors())) {
      const k = fieldKey(f);
      if (!(k in errs)) errs[k] = m;
    }
  }

  const contactOptions = (current: string) => {
    const opts = [{ value: '', label: t('channel.noContact') }];
    for (const u of users ?? []) opts.push({ value: String(u.id), label: `${u.display_name} (${u.username})` });
    if (current && !opts.some((o) => o.value === current)) opts.push({ value: current, label: t('channel.userNumber', { id: current }) });
    return opts;
  };
  const statuses = CHANNEL_STATUSES.filter((s) => s !== 'deleted' || channel?.status === 'deleted');

  return (
    <Form
      className="form"
      validationBehavior="aria"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const input: ChannelInput = {
          display_name: displayName.trim(),
          languages: languages as Language[],
          status: status as ChannelStatus,
          primary_contact_id: primary ? Number(primary) : null,
          backup_contact_id: backup ? Number(backup) : null,
          policy_url: policyUrl.trim() || null,
          tags: tags
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          platform_account_id: platformId.trim() || null,
        };
        if (!channel || url.trim() !== channel.url) input.url = url.trim();
        try {
          await onSubmit(input);
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      {error ? <ProblemAlert error={error} autoFocus /> : null}
      <p className="form-note">{t('form.requiredNote')}</p>
      <TextInput label={t('channel.url')} name="url" type="url" inputMode="url" value={url} onChange={setUrl} description={t('channel.urlHelp')} error={errs.url} isRequired spellCheck={false} />
      <TextInput label={t('channel.displayName')} name="display_name" value={displayName} onChange={setDisplayName} error={errs.display_name} isRequired />
      <Checkboxes
        label={t('channel.languages')}
        name="languages"
        value={languages}
        onChange={setLanguages}
        options={LANGUAGES.map((l) => ({ value: l, label: languageName(t, l) }))}
        error={errs.languages}
        isRequired
      />
      <SelectField label={t('channel.status')} name="status" value={status} onChange={setStatus} options={statuses.map((s) => ({ value: s, label: statusLabel(t, s) }))} error={errs.status} description={t('channel.statusHelp')} />
      <div className="field-row">
        <SelectField label={t('channel.primaryContact')} name="primary_contact_id" value={primary} onChange={setPrimary} options={contactOptions(primary)} error={errs.primary_contact_id} />
        <SelectField label={t('channel.backupContact')} name="backup_contact_id" value={backup} onChange={setBackup} options={contactOptions(backup)} error={errs.backup_contact_id} />
      </div>
      <TextInput label={t('channel.policyUrl')} name="policy_url" type="url" inputMode="url" value={policyUrl} onChange={setPolicyUrl} error={errs.policy_url} spellCheck={false} />
      <TextInput label={t('channel.tags')} name="tags" value={tags} onChange={setTags} description={t('channel.tagsHelp')} error={errs.tags} />
      <TextInput label={t('channel.platformId')} name="platform_account_id" value={platformId} onChange={setPlatformId} description={t('channel.platformIdHelp')} error={errs.platform_account_id} spellCheck={false} />
      <div className="actions">
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}
