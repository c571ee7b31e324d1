/** People: the list with its filters, one person, adding, editing, sign-in links and CSV import. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../lib/api-client.ts';
import type { Accepted, ImportReport, Person, PersonPage, Role } from '../lib/api-types.ts';
import { PEOPLE_KEY, SESSION_KEY, TEAMS_KEY } from '../lib/query-keys.ts';
import { type AttributeRow, findAttributeProblems, NEW_PERSON, toPersonCreate, toPersonFormValues, toPersonPatch, type PersonFormValues } from './person-form.ts';
import { useCsvSource } from '../lib/csv-source.hooks.ts';

/** How many people one page of the list shows. */
export const PEOPLE_PAGE_SIZE = 25;

type StatusFilter = 'active' | 'deactivated' | 'all';

/** The list filters, kept in the address so they survive reloads and the back button. */
export interface PeopleFilters {
  q: string;
  teamId: string;
  role: Role | '';
  status: StatusFilter;
}

/**
 * The people-list filters. The search box updates the address a moment after typing stops, so each
 * keystroke does not fire a request.
 */
export function usePeopleFilters() {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters: PeopleFilters = {
    q: searchParams.get('q') ?? '',
    teamId: searchParams.get('teamId') ?? '',
    role: (searchParams.get('role') as Role | null) ?? '',
    status: (searchParams.get('status') as StatusFilter | null) ?? 'active',
  };
  const [searchText, setSearchText] = useState(filters.q);

  function setFilter(name: keyof PeopleFilters, value: string) {
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        const isDefault = value === '' || (name === 'status' && value === 'active');
        if (isDefault) next.delete(name);
        else next.set(name, value);
        return next;
      },
      { replace: true },
    );
  }

  useEffect(() => {
    if (searchText.trim() === filters.q) return;
    const timer = setTimeout(() => setFilter('q', searchText.trim()), 300);
    return () => clearTimeout(timer);
    // Only typing starts the timer; the address changing under it must not.
  }, [searchText]);

  return {
    filters,
    searchText,
    setSearchText,
    submitSearch: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      setFilter('q', searchText.trim());
    },
    setTeamId: (value: string) => setFilter('teamId', value),
    setRole: (value: string) => setFilter('role', value),
    setStatus: (value: string) => setFilter('status', value),
    isFiltered: filters.q !== '' || filters.teamId !== '' || filters.role !== '' || filters.status !== 'active',
  };
}

/** The people matching the filters, a page at a time (`nextCursor`). */
export function usePeopleList(filters: PeopleFilters) {
  const query = useInfiniteQuery({
    queryKey: [...PEOPLE_KEY, 'list', filters],
    queryFn: ({ pageParam }) =>
      api.get<PersonPage>('/api/people', {
        q: filters.q,
        teamId: filters.teamId,
        role: filters.role,
        status: filters.status,
        limit: PEOPLE_PAGE_SIZE,
        cursor: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
  const people = query.data?.pages.flatMap((page) => page.items) ?? [];
  const total = query.data?.pages[0]?.total ?? 0;
  return { query, people, total };
}

/** Every active person (first 200), for pickers such as "add a member". */
export function useAllPeople() {
  return useQuery({
    queryKey: [...PEOPLE_KEY, 'all'],
    queryFn: () => api.get<PersonPage>('/api/people', { limit: 200, status: 'active' }),
  });
}

/** One person. */
export function usePerson(id: string) {
  return useQuery({ queryKey: [...PEOPLE_KEY, 'one', id], queryFn: () => api.get<Person>(`/api/people/${encodeURIComponent(id)}`) });
}

/**
 * The add/edit person form. Saving a new person opens their page; saving an existing one refreshes the lists
 * (and the session, when the admin edited themselves).
 */
export function usePersonForm(person: Person | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<PersonFormValues>(() => (person ? toPersonFormValues(person) : NEW_PERSON));
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const [formError, setFormError] = useState<Error | null>(null);

  function set<K extends keyof PersonFormValues>(name: K, value: PersonFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setSavedAt(null);
  }

  function setAttributes(change: (rows: AttributeRow[]) => AttributeRow[]) {
    setValues((current) => ({ ...current, attributes: change(current.attributes) }));
    setSavedAt(null);
  }

  const save = useMutation({
    mutationFn: (form: PersonFormValues) =>
      person
        ? api.patch<Person>(`/api/people/${encodeURIComponent(person.id)}`, toPersonPatch(form))
        : api.post<Person>('/api/people', toPersonCreate(form)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: PEOPLE_KEY });
      await queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      if (person) {
        setValues(toPersonFormValues(saved));
        setSavedAt(Date.now());
      } else {
        await navigate(`/admin/people/${encodeURIComponent(saved.id)}`, { state: { notice: `${saved.displayName} was added.` } });
      }
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = findAttributeProblems(values.attributes);
    if (problems.length > 0) {
      setFormError(new Error(problems.join(' ')));
      return;
    }
    setFormError(null);
    save.mutate(values);
  }

  return {
    values,
    set,
    attributes: {
      add: () => setAttributes((rows) => [...rows, { key: '', value: '' }]),
      change: (index: number, change: Partial<AttributeRow>) => setAttributes((rows) => rows.map((row, i) => (i === index ? { ...row, ...change } : row))),
      remove: (index: number) => setAttributes((rows) => rows.filter((_, i) => i !== index)),
    },
    submit,
    isSaving: save.isPending,
    error: formError ?? save.error,
    isSaved: savedAt !== null,
  };
}

/** "Send sign-in link": emails the person a magic link. */
export function useSendSignInLink(personId: string) {
  return useMutation({
    mutationFn: () => api.post<Accepted>(`/api/people/${encodeURIComponent(personId)}/sign-in-link`),
  });
}

/**
 * The CSV import: a file (read into the text area) or pasted text, checked (dry run) or imported.
 * All or nothing: a report with errors means nothing changed.
 */
export function usePeopleImport() {
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: ({ csv, dryRun }: { csv: string; dryRun: boolean }) => api.postText<ImportReport>('/api/people/import', csv, 'text/csv', { dryRun }),
    onSuccess: async (report) => {
      if (report.applied) {
        await queryClient.invalidateQueries({ queryKey: PEOPLE_KEY });
        await queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
      }
    },
  });
  const source = useCsvSource(() => run.reset());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const dryRun = submitter instanceof HTMLButtonElement && submitter.value === 'check';
    if (source.isReady()) run.mutate({ csv: source.csv, dryRun });
  }

  return {
    csv: source.csv,
    fileName: source.fileName,
    editCsv: source.editCsv,
    chooseFile: source.chooseFile,
    submit,
    isRunning: run.isPending,
    runningDryRun: run.isPending ? run.variables.dryRun : undefined,
    report: run.data,
    error: source.problem ?? run.error,
  };
}
