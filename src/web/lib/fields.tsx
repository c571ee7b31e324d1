/** Labelled form controls. Every control has a visible label; hints are tied to it with aria-describedby. */
import { useId, useMemo, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import type { Channel } from './api-types.ts';
import { CHANNEL_LABELS, CHANNELS, WEEKDAYS } from './profile-fields.ts';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> & {
  label: string;
  hint?: ReactNode;
  value: string;
  onValueChange: (value: string) => void;
};

/** A text-like input (text, email, password, search, time, tel) with its label and an optional hint. */
export function TextField({ label, hint, value, onValueChange, className, ...rest }: InputProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={hint ? hintId : undefined}
        {...rest}
      />
    </div>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange'> & {
  label: string;
  hint?: ReactNode;
  value: string;
  onValueChange: (value: string) => void;
  options: ReadonlyArray<{ value: string; label: string }>;
};

/** A select with its label. */
export function SelectField({ label, hint, value, onValueChange, options, className, ...rest }: SelectProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <select
        id={id}
        value={value}
        onChange={(event) => onValueChange(event.target.value)}
        aria-describedby={hint ? hintId : undefined}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The IANA time zones this browser knows, for suggestions. */
function listTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

/** A time-zone input suggesting every IANA zone while accepting any (the server validates). */
export function TimeZoneField(props: Omit<InputProps, 'list' | 'type'>) {
  const listId = useId();
  const zones = useMemo(listTimeZones, []);
  return (
    <>
      <TextField {...props} type="text" list={listId} autoComplete="off" spellCheck={false} />
      <datalist id={listId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
    </>
  );
}

interface CheckboxGroupProps<T extends string | number> {
  legend: string;
  hint?: ReactNode;
  options: ReadonlyArray<{ value: T; label: string }>;
  selected: readonly T[];
  onSelectedChange: (selected: T[]) => void;
  className?: string;
}

/** A fieldset of checkboxes choosing several values; the result keeps the options' order. */
export function CheckboxGroup<T extends string | number>({ legend, hint, options, selected, onSelectedChange, className }: CheckboxGroupProps<T>) {
  const id = useId();
  return (
    <fieldset className={['checkbox-group', className].filter(Boolean).join(' ')} aria-describedby={hint ? `${id}-hint` : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="checkbox-options">
        {options.map((option) => (
          <label key={String(option.value)} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(option.value)}
              onChange={(event) => {
                const next = new Set(selected);
                if (event.target.checked) next.add(option.value);
                else next.delete(option.value);
                onSelectedChange(options.map((o) => o.value).filter((value) => next.has(value)));
              }}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Working days as seven checkboxes, Monday first (ISO weekdays 1–7). */
export function WorkingDaysField(props: Omit<CheckboxGroupProps<number>, 'options' | 'legend'> & { legend?: string }) {
  return <CheckboxGroup legend="Working days" {...props} options={WEEKDAYS} className="weekdays" />;
}

/** The channels a person prefers to be reached on. */
export function ChannelsField(props: Omit<CheckboxGroupProps<Channel>, 'options' | 'legend'> & { legend?: string }) {
  return (
    <CheckboxGroup
      legend="Preferred channels"
      {...props}
      options={CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABELS[channel] }))}
    />
  );
}

/** A field's hint with its problem below it, so both are read with the field (the hint is its description). */
export function hintWith(hint: ReactNode, problem: string | undefined): ReactNode {
  if (!problem) return hint;
  return (
    <>
      {hint}
      <span className="field-problem">{problem}</span>
    </>
  );
}
