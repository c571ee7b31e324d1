/** Choosing people by searching their name or email: the campaign's audience and "Add people". */
import { useId, useState } from 'react';
import { ErrorAlert } from '../lib/feedback.tsx';
import { TextField } from '../lib/fields.tsx';
import { type ChosenPerson, usePeopleSearch } from './campaigns.hooks.ts';

interface PeoplePickerProps {
  /** The visible name of the search field. */
  label: string;
  hint?: string;
  chosen: readonly ChosenPerson[];
  onAdd: (person: ChosenPerson) => void;
  onRemove: (personId: string) => void;
  /** People who cannot be chosen again (e.g. already in the campaign), by id. */
  excludeIds?: ReadonlySet<string>;
}

/** A search field with "Add" beside each match, and the chosen people with "Remove". */
export function PeoplePicker({ label, hint, chosen, onAdd, onRemove, excludeIds }: PeoplePickerProps) {
  const id = useId();
  const [text, setText] = useState('');
  const search = usePeopleSearch(text);
  const chosenIds = new Set(chosen.map((person) => person.id));
  const matches = text.trim() === '' ? [] : (search.data?.items ?? []).filter((person) => !chosenIds.has(person.id) && !excludeIds?.has(person.id));
  return (
    <div className="people-picker">
      {chosen.length > 0 && (
        <ul className="picked-people" aria-label="Chosen people">
          {chosen.map((person) => (
            <li key={person.id}>
              <span>
                {person.displayName}
                {person.email && <span className="muted cell-email"> {person.email}</span>}
              </span>
              <button type="button" className="button button-small button-quiet" onClick={() => onRemove(person.id)}>
                Remove<span className="visually-hidden"> {person.displayName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <TextField label={label} hint={hint} type="search" value={text} onValueChange={setText} autoComplete="off" placeholder="Name or email" aria-controls={`${id}-matches`} />
      <ErrorAlert error={search.error} />
      <ul id={`${id}-matches`} className="people-matches" aria-label="Matching people" aria-busy={search.isFetching}>
        {matches.map((person) => (
          <li key={person.id}>
            <span>
              {person.displayName} <span className="muted cell-email">{person.email}</span>
            </span>
            <button type="button" className="button button-small" onClick={() => onAdd({ id: person.id, displayName: person.displayName, email: person.email })}>
              Add<span className="visually-hidden"> {person.displayName}</span>
            </button>
          </li>
        ))}
      </ul>
      {text.trim() === '' ? null : search.data && matches.length === 0 && !search.isFetching && <p className="hint">Nobody else matches “{text.trim()}”.</p>}
    </div>
  );
}
