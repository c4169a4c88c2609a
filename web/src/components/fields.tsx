// Form fields. Text fields and checkbox groups are react-aria-components (label, description and
// error message wired with aria-labelledby / aria-describedby); selects are native <select>s with
// the same wiring done by hand. `error` is the server's message for that field (problem errors[]).
import { type ReactNode, useId } from 'react';
import { Checkbox, CheckboxGroup, FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';

function RequiredMark() {
  return (
    <span className="required" aria-hidden="true">
      {' *'}
    </span>
  );
}

interface TextInputProps {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  description?: ReactNode;
  type?: 'text' | 'url' | 'email' | 'password' | 'search' | 'date' | 'datetime-local' | 'time';
  isRequired?: boolean;
  autoComplete?: string;
  multiline?: boolean;
  lang?: string;
  className?: string;
  inputMode?: 'text' | 'url' | 'email' | 'numeric';
  spellCheck?: boolean;
  /** Rows of a multiline field (default 3). */
  rows?: number;
  /** Lower bound of a date or date-time field (shown by the browser's picker). */
  min?: string;
}

export function TextInput(p: TextInputProps) {
  return (
    <TextField
      className={p.className ? `field ${p.className}` : 'field'}
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      type={p.type ?? 'text'}
      autoComplete={p.autoComplete}
      inputMode={p.inputMode}
      validationBehavior="aria"
    >
      <Label className="field-label">
        {p.label}
        {p.isRequired && <RequiredMark />}
      </Label>
      {p.description && (
        <Text slot="description" className="field-description">
          {p.description}
        </Text>
      )}
      {p.multiline ? (
        <TextArea className="input" lang={p.lang} rows={p.rows ?? 3} spellCheck={p.spellCheck} />
      ) : (
        <Input className="input" lang={p.lang} spellCheck={p.spellCheck} min={p.min} />
      )}
      <FieldError className="field-error">{p.error}</FieldError>
    </TextField>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  options: { value: string; label: string; lang?: string }[];
  error?: string;
  description?: ReactNode;
  isRequired?: boolean;
  className?: string;
}

export function SelectField(p: SelectFieldProps) {
  const id = useId();
  const descId = `${id}-desc`;
  const errId = `${id}-err`;
  const describedBy = [p.description ? descId : null, p.error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={p.className ? `field ${p.className}` : 'field'}>
      <label className="field-label" htmlFor={id}>
        {p.label}
        {p.isRequired && <RequiredMark />}
      </label>
      {p.description && (
        <p id={descId} className="field-description">
          {p.description}
        </p>
      )}
      <select
        id={id}
        name={p.name}
        className="input"
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error ? true : undefined}
        aria-required={p.isRequired || undefined}
        aria-describedby={describedBy}
      >
        {p.options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
      {p.error && (
        <p id={errId} className="field-error">
          {p.error}
        </p>
      )}
    </div>
  );
}

interface CheckboxesProps {
  label: string;
  name: string;
  value: string[];
  onChange: (v: string[]) => void;
  options: { value: string; label: string; lang?: string }[];
  error?: string;
  description?: ReactNode;
  isRequired?: boolean;
}

export function Checkboxes(p: CheckboxesProps) {
  return (
    <CheckboxGroup
      className="field checkbox-group"
      name={p.name}
      value={p.value}
      onChange={p.onChange}
      isInvalid={!!p.error}
      isRequired={p.isRequired}
      validationBehavior="aria"
    >
      <Label className="field-label">
        {p.label}
        {p.isRequired && <RequiredMark />}
      </Label>
      {p.description && (
        <Text slot="description" className="field-description">
          {p.description}
        </Text>
      )}
      <div className="checkbox-row">
        {p.options.map((o) => (
          <Checkbox key={o.value} value={o.value} className="checkbox">
            <span className="checkbox-box" aria-hidden="true" />
            <span lang={o.lang}>{o.label}</span>
          </Checkbox>
        ))}
      </div>
      <FieldError className="field-error">{p.error}</FieldError>
    </CheckboxGroup>
  );
}

export function SingleCheckbox({ label, isSelected, onChange, name }: { label: string; isSelected: boolean; onChange: (v: boolean) => void; name: string }) {
  return (
    <Checkbox className="checkbox field-inline" name={name} isSelected={isSelected} onChange={onChange}>
      <span className="checkbox-box" aria-hidden="true" />
      <span>{label}</span>
    </Checkbox>
  );
}
