// "When to publish": at a chosen Brussels time, in each account's next free slot, or right away
// (after confirmation). The caller schedules (onSchedule) and hands back the server's refusal.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ApiError, type ScheduleInput } from '../../api';
import { useT } from '../../i18n/useT';
import { BRUSSELS, localDateTimeInZone } from '../../time';
import { ConfirmButton } from '../ConfirmButton';
import { TextInput } from '../fields';
import { ProblemAlert } from '../ProblemAlert';

interface Props {
  busy: boolean;
  error: unknown;
  channelCount: number;
  onSchedule: (input: ScheduleInput) => void;
  /** Said under the heading (e.g. that the approved version is the one that goes out). */
  note?: string;
}

export function ScheduleOptions({ busy, error, channelCount, onSchedule, note }: Props) {
  const t = useT();
  const [when, setWhen] = useState('');
  const [whenError, setWhenError] = useState<string | undefined>(undefined);
  const schedErrs = error instanceof ApiError ? error.fieldErrors() : {};
  const minWhen = localDateTimeInZone(Date.now()) ?? undefined;

  const scheduleAt = () => {
    if (!when) {
      setWhenError(t('composer.whenRequired'));
      return;
    }
    setWhenError(undefined);
    onSchedule({ local_time: when, time_zone: BRUSSELS });
  };

  return (
    <section aria-labelledby="schedule-title" className="section schedule">
      <h2 id="schedule-title">{t('schedule.title')}</h2>
      {note && <p className="field-description">{note}</p>}
      {error != null && <ProblemAlert error={error} title={t('schedule.refused')} autoFocus />}
      <div className="schedule-options">
        <div className="schedule-option">
          <h3>{t('schedule.later')}</h3>
          <TextInput
            label={t('schedule.when')}
            name="local_time"
            type="datetime-local"
            value={when}
            onChange={(v) => {
              setWhen(v);
              setWhenError(undefined);
            }}
            description={t('schedule.whenHelp')}
            error={whenError ?? schedErrs.local_time ?? schedErrs.publish_at ?? schedErrs.time_zone}
            min={minWhen}
          />
          <div className="actions">
            <Button className="btn btn-primary" isDisabled={busy} onPress={scheduleAt}>
              {t('schedule.submit')}
            </Button>
          </div>
        </div>
        <div className="schedule-option">
          <h3>{t('schedule.slotTitle')}</h3>
          <p className="field-description">{t('schedule.slotHelp')}</p>
          <div className="actions">
            <Button className="btn btn-primary" isDisabled={busy} onPress={() => onSchedule({ next_free_slot: true })}>
              {t('schedule.slotSubmit')}
            </Button>
          </div>
        </div>
        <div className="schedule-option">
          <h3>{t('schedule.nowTitle')}</h3>
          <p className="field-description">{t('schedule.nowHelp')}</p>
          <div className="actions">
            <ConfirmButton
              label={t('schedule.now')}
              title={t('schedule.nowConfirmTitle')}
              message={t('schedule.nowConfirmText', { count: channelCount })}
              confirmLabel={t('schedule.nowConfirm')}
              danger={false}
              isDisabled={busy}
              onConfirm={() => onSchedule({ now: true })}
            />
          </div>
        </div>
      </div>
    </section>
  );
}
