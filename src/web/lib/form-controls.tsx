/**
 * More labelled form controls, in the manner of `fields.tsx`: multi-line text, lists edited one per line or
 * separated by commas, a single checkbox and a radio group. Every control has a label (visible unless
 * `hideLabel`, for rows whose context is already visible) and hints tied to it with aria-describedby.
 */
import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value' | 'onChange'> & {
  label: string;
  hint?: ReactNode;
  hideLabel?: boolean;
  value: string;
  onValueChange: (value: string) => void;
};

/** A multi-line text field with its label and an optional hint. */
export function TextAreaField({ label, hint, hideLabel, value, onValueChange, className, rows = 4, ...rest }: TextAreaProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <textarea id={id} rows={rows} value={value} onChange={(event) => onValueChange(event.target.value)} aria-describedby={hint ? hintId : undefined} {...rest} />
    </div>
  );
}

/**
 * Keeps the text a person is typing for a list value, so a trailing newline or comma is not swallowed by the
 * round trip text → list → text; the text is replaced only when the list changes from elsewhere.
 */
function useListText(values: readonly string[], toText: (values: readonly string[]) => string, toList: (text: string) => string[]) {
  const [text, setText] = useState(() => toText(values));
  const emitted = useRef<string>(JSON.stringify(values));
  useEffect(() => {
    const incoming = JSON.stringify(values);
    if (incoming !== emitted.current) {
      emitted.current = incoming;
      setText(toText(values));
    }
  }, [values, toText]);
  return {
    text,
    change: (next: string) => {
      setText(next);
      const list = toList(next);
      emitted.current = JSON.stringify(list);
      return list;
    },
  };
}

const linesToText = (values: readonly string[]) => values.join('\n');
const textToLines = (text: string) => text.split('\n').map((line) => line.trim()).filter(Boolean);

/** A list of short texts edited one per line (checklist items, expected answers, keywords…). */
export function LinesField({ values, onValuesChange, ...rest }: Omit<TextAreaProps, 'value' | 'onValueChange'> & { values: readonly string[]; onValuesChange: (values: string[]) => void }) {
  const list = useListText(values, linesToText, textToLines);
  return <TextAreaField {...rest} value={list.text} onValueChange={(text) => onValuesChange(list.change(text))} />;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> & {
  label: string;
  hint?: ReactNode;
  hideLabel?: boolean;
};

const commasToText = (values: readonly string[]) => values.join(', ');
const textToCommaList = (text: string) => [...new Set(text.split(',').map((part) => part.trim()).filter(Boolean))];

/** A short list typed on one line, separated by commas (tags). */
export function CommaListField({ label, hint, hideLabel, values, onValuesChange, className, ...rest }: InputProps & { values: readonly string[]; onValuesChange: (values: string[]) => void }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const list = useListText(values, commasToText, textToCommaList);
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input id={id} type="text" value={list.text} onChange={(event) => onValuesChange(list.change(event.target.value))} aria-describedby={hint ? hintId : undefined} {...rest} />
    </div>
  );
}

/** One checkbox with its label beside it (and an optional hint below). */
export function CheckboxField({ label, hint, checked, onCheckedChange, className, ...rest }: Omit<InputProps, 'hideLabel' | 'checked'> & { checked: boolean; onCheckedChange: (checked: boolean) => void }) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={['field field-checkbox', className].filter(Boolean).join(' ')}>
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(event) => onCheckedChange(event.target.checked)} aria-describedby={hint ? hintId : undefined} {...rest} />
        <span>{label}</span>
      </label>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}

interface RadioGroupProps<T extends string> {
  legend: string;
  hint?: ReactNode;
  name?: string;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T;
  onValueChange: (value: T) => void;
  className?: string;
}

/** A fieldset of radio buttons choosing one value. */
export function RadioGroup<T extends string>({ legend, hint, name, options, value, onValueChange, className }: RadioGroupProps<T>) {
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
          <label key={option.value} className="checkbox">
            <input type="radio" name={name ?? id} checked={value === option.value} onChange={() => onValueChange(option.value)} />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
