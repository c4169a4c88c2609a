// A channel's posting schedule: weekly slots (day + local time) in the channel's time zone, used
// when a post is scheduled in the "next free slot". Each slot is a group with its own legend, so a
// screen reader announces "Slot 2, Day, Tuesday" rather than an anonymous row.
import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { ApiError, getChannelSchedule, type PostingSchedule, putChannelSchedule, type Slot, WEEKDAYS, type Weekday } from '../../api';
import { useLocale } from '../../i18n';
import { useFormatBrussels, useT } from '../../i18n/useT';
import { SelectField, TextInput } from '../fields';
import { ProblemAlert, SuccessNote } from '../ProblemAlert';
import { useAsync } from '../useAsync';

/** Weekday names in the interface language (2026-01-05 is a Monday). */
function weekdayNames(locale: string): Record<Weekday, string> {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  const out = {} as Record<Weekday, string>;
  WEEKDAYS.forEach((w, i) => (out[w] = f.format(new Date(Date.UTC(2026, 0, 5 + i)))));
  return out;
}

function Editor({ channelId, initial, canEdit }: { channelId: number; initial: PostingSchedule; canEdit: boolean }) {
  const t = useT();
  const fmt = useFormatBrussels();
  const { locale } = useLocale();
  const names = weekdayNames(locale);
  const headingId = useId();
  const [saved, setSaved] = useState<PostingSchedule>(initial);
  const [zone, setZone] = useState(initial.time_zone);
  const [slots, setSlots] = useState<Slot[]>(initial.slots);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};

  const change = (i: number, patch: Partial<Slot>) => {
    setNote(null);
    setSlots((s) => s.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  };

  if (!canEdit) {
    return (
      <>
        {saved.slots.length === 0 ? (
          <p>{t('slots.none')}</p>
        ) : (
          <ul className="slot-list">
            {saved.slots.map((s) => (
              <li key={`${s.weekday}-${s.time}`}>
                {names[s.weekday]} {s.time}
              </li>
            ))}
          </ul>
        )}
        <p className="field-description">
          {t('slots.timeZone')}: {saved.time_zone}
        </p>
        {saved.next_free_slot && <p>{t('slots.next', { when: fmt(saved.next_free_slot) })}</p>}
      </>
    );
  }

  return (
    <form
      aria-labelledby={headingId}
      className="schedule-editor"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        setNote(null);
        try {
          const s = await putChannelSchedule(channelId, { time_zone: zone.trim() || 'Europe/Brussels', slots });
          setSaved(s);
          setSlots(s.slots);
          setZone(s.time_zone);
          setNote(t('slots.saved'));
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id={headingId} className="sr-only">
        {t('slots.title')}
      </h3>
      <ProblemAlert error={error} />
      {note && <SuccessNote>{note}</SuccessNote>}
      <TextInput
        label={t('slots.timeZone')}
        name="time_zone"
        value={zone}
        onChange={(v) => {
          setZone(v);
          setNote(null);
        }}
        description={t('slots.timeZoneHelp')}
        error={fieldErrors.time_zone}
      />
      {slots.length === 0 && <p>{t('slots.none')}</p>}
      <ol className="slot-rows">
        {slots.map((s, i) => (
          <li key={i}>
            <fieldset className="slot-row" data-testid="slot-row">
              <legend>{t('slots.slot', { n: i + 1 })}</legend>
              <SelectField
                label={t('slots.weekday')}
                name={`slot-${i}-weekday`}
                value={s.weekday}
                onChange={(v) => change(i, { weekday: v as Weekday })}
                options={WEEKDAYS.map((w) => ({ value: w, label: names[w] }))}
              />
              <TextInput label={t('slots.time')} name={`slot-${i}-time`} type="time" value={s.time} onChange={(v) => change(i, { time: v })} />
              <Button
                className="btn"
                onPress={() => {
                  setNote(null);
                  setSlots((x) => x.filter((_, j) => j !== i));
                }}
              >
                {t('slots.remove', { n: i + 1 })}
              </Button>
            </fieldset>
          </li>
        ))}
      </ol>
      {fieldErrors.slots && <p className="field-error">{fieldErrors.slots}</p>}
      <div className="actions">
        <Button
          className="btn"
          onPress={() => {
            setNote(null);
            setSlots((x) => [...x, { weekday: 'monday', time: '09:00' }]);
          }}
        >
          {t('slots.add')}
        </Button>
        <Button type="submit" className="btn btn-primary" isDisabled={busy}>
          {t('slots.save')}
        </Button>
      </div>
      {saved.next_free_slot && (
        <p data-testid="next-free-slot">
          {t('slots.next', { when: fmt(saved.next_free_slot) })}
        </p>
      )}
    </form>
  );
}

/** The schedule section of a channel page; editable by those who may schedule posts there. */
export function ScheduleEditor({ channelId, canEdit }: { channelId: number; canEdit: boolean }) {
  const t = useT();
  const loaded = useAsync(() => getChannelSchedule(channelId), [channelId]);
  return (
    <section aria-labelledby="slots-title" className="section">
      <h2 id="slots-title">{t('slots.title')}</h2>
      <p className="field-description">{t('slots.intro')}</p>
      {loaded.data ? (
        <Editor channelId={channelId} initial={loaded.data} canEdit={canEdit} />
      ) : loaded.error ? (
        <ProblemAlert error={loaded.error} />
      ) : (
        <p role="status">{t('common.loading')}</p>
      )}
    </section>
  );
}
