// The channels a post goes to: checkboxes of the organisation's channels that can publish
// (active or dormant), each with its network, and the server's problems next to the channel.
import { useId } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Label, Text } from 'react-aria-components';
import type { Channel, Organisation } from '../../api';
import { useT } from '../../i18n/useT';
import { OrgName } from '../../orgs';
import { LanguageList, networkName } from '../labels';

interface Props {
  channels: Channel[];
  value: number[];
  onChange: (ids: number[]) => void;
  /** The organisation the post belongs to: channels of organisations below it name their owner. */
  orgId: number;
  orgById: Map<number, Organisation>;
  error?: string;
  problems?: Record<number, string[]>;
  loading?: boolean;
}

export function ChannelPicker({ channels, value, onChange, orgId, orgById, error, problems = {}, loading }: Props) {
  const t = useT();
  const base = useId();
  return (
    <CheckboxGroup
      className="field checkbox-group channel-picker"
      name="channel_ids"
      value={value.map(String)}
      onChange={(v) => onChange(v.map(Number))}
      isInvalid={!!error}
      validationBehavior="aria"
    >
      <Label className="field-label">{t('composer.channels')}</Label>
      <Text slot="description" className="field-description">
        {loading ? t('common.loading') : channels.length === 0 ? t('composer.noChannels') : t('composer.channelsHelp')}
      </Text>
      <ul className="channel-options">
        {channels.map((c) => {
          const own = problems[c.id] ?? [];
          const problemId = `${base}-p${c.id}`;
          const owner = c.organisation_id !== orgId ? orgById.get(c.organisation_id) : undefined;
          return (
            <li key={c.id}>
              <Checkbox value={String(c.id)} className="checkbox channel-option" aria-describedby={own.length ? problemId : undefined}>
                <span className="checkbox-box" aria-hidden="true" />
                <span className="channel-option-text">
                  <span className="channel-network">{networkName(t, c.network)}</span>
                  <span className="channel-name">{c.display_name || c.handle}</span>
                  <span className="channel-handle">{c.handle}</span>
                  <LanguageList languages={c.languages} />
                  {c.status === 'dormant' && <span className="channel-dormant">{t('status.dormant')}</span>}
                  {owner && (
                    <span className="channel-owner">
                      <OrgName names={owner.names} fallback={owner.slug} />
                    </span>
                  )}
                </span>
              </Checkbox>
              {own.length > 0 && (
                <ul id={problemId} className="channel-problems" lang="en">
                  {own.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <FieldError className="field-error">{error}</FieldError>
    </CheckboxGroup>
  );
}
