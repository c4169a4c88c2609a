// Small form pieces for the inbox settings pages: a radio group in a fieldset, and the choice
// between inheriting the settings of the organisation above and setting them here.
import type { ReactNode } from 'react';
import { useT } from '../../i18n/useT';

export function RadioChoice<T extends string>({
  legend,
  name,
  value,
  onChange,
  options,
  description,
}: {
  legend: string;
  name: string;
  value: T;
  onChange: (v: T) => void;
  options: { value: T; label: ReactNode }[];
  description?: ReactNode;
}) {
  return (
    <fieldset className="fieldset radio-group">
      <legend>{legend}</legend>
      {description && <p className="field-description">{description}</p>}
      {options.map((o) => (
        <label key={o.value} className="radio-option">
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
          <span>{o.label}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** "Inherit from X" or "Set for this organisation". */
export function InheritChoice({ name, own, onChange, inheritedFrom }: { name: string; own: boolean; onChange: (own: boolean) => void; inheritedFrom: string | null }) {
  const t = useT();
  return (
    <RadioChoice
      legend={t('settings.whereFrom')}
      name={name}
      value={own ? 'own' : 'inherit'}
      onChange={(v) => onChange(v === 'own')}
      options={[
        { value: 'inherit', label: inheritedFrom ? t('settings.inheritFrom', { organisation: inheritedFrom }) : t('settings.inheritDefault') },
        { value: 'own', label: t('settings.setHere') },
      ]}
    />
  );
}

export const lines = (s: string) =>
  s
    .split(/[\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);
