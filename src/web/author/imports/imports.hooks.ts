/**
 * Imports (issue 10, "Break it up"): the list, one import polled while the server works on it, starting one,
 * reviewing its proposals (each change made from the revision last seen, a stale one refetched), accepting,
 * cancelling and deleting.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ImportAccept, ImportCreate, ImportDetail, ImportList, ImportReview } from '../../../server/modules/import/import.schemas.ts';
import { api, ApiError } from '../../lib/api-client.ts';
import { COURSES_KEY, LESSONS_KEY, MEDIA_KEY } from '../author-keys.ts';
import { buildImportBody, describeChange, emptyNewImport, isWorking, MAX_SOURCE_CHARS, type NewImportValues, type ReviewChange, type SourceText } from './import-workflow.ts';

/** The query key of every import query, so one page can refresh another's data. */
export const IMPORTS_KEY = ['imports'] as const;

/** How often a page asks for news while the server works on an import. */
const POLL_MS = 1000;

const importPath = (id: string) => `/api/imports/${encodeURIComponent(id)}`;
const detailKey = (id: string) => [...IMPORTS_KEY, 'one', id] as const;

/** Every import of the organisation, refreshed every few seconds while one of them is being worked on. */
export function useImports() {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: () => api.get<ImportList>('/api/imports'),
    refetchInterval: (query) => (query.state.data?.imports.some((item) => isWorking(item.status)) ? 3 * POLL_MS : false),
  });
}

/**
 * One import with its source and proposals, asked for again every second while it is queued or accepting. When it
 * becomes accepted, the studio's lessons, courses and media are refreshed, since the accept made some.
 */
export function useImport(id: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: detailKey(id),
    queryFn: () => api.get<ImportDetail>(importPath(id)),
    refetchInterval: (current) => (isWorking(current.state.data?.status) ? POLL_MS : false),
  });
  const status = query.data?.status;
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === status) return;
    const was = previous.current;
    previous.current = status;
    void queryClient.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
    if (status === 'accepted' && was !== undefined) {
      void queryClient.invalidateQueries({ queryKey: LESSONS_KEY });
      void queryClient.invalidateQueries({ queryKey: COURSES_KEY });
      void queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
    }
  }, [status, queryClient]);
  return query;
}

/** Starting an import; its page opens once the server has queued it. */
export function useCreateImport() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: (body: ImportCreate) => api.post<ImportDetail>('/api/imports', body),
    onSuccess: async (created) => {
      queryClient.setQueryData(detailKey(created.id), created);
      void queryClient.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
      await navigate(`/author/imports/${encodeURIComponent(created.id)}`);
    },
  });
}

/** The text fields of the new-import form a file can fill. */
export type SourceField = 'document' | 'captions' | 'chapters';

/**
 * The new-import form: the kind of source, files read in the browser (`File.text()`, so the API receives text
 * and never guesses an encoding from bytes), pasted text, the recording, and sending it.
 */
export function useNewImportForm() {
  const create = useCreateImport();
  const [values, setValues] = useState<NewImportValues>(emptyNewImport);
  const [problem, setProblem] = useState<string | null>(null);
  const [reading, setReading] = useState<SourceField | null>(null);

  function set<K extends keyof NewImportValues>(name: K, value: NewImportValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setProblem(null);
    create.reset();
  }

  async function loadFile(field: SourceField, file: File | undefined) {
    setProblem(null);
    if (!file) {
      set(field, field === 'chapters' ? undefined : { text: '' });
      return;
    }
    if (file.size > MAX_SOURCE_CHARS * 4) {
      setProblem(`“${file.name}” is too large to import.`);
      return;
    }
    setReading(field);
    try {
      const text = await file.text();
      const source: SourceText = { text, filename: file.name };
      set(field, source);
    } catch {
      setProblem(`“${file.name}” could not be read. Is it a text file?`);
    } finally {
      setReading(null);
    }
  }

  return {
    values,
    set,
    loadFile,
    isReading: reading !== null,
    submit: () => {
      const built = buildImportBody(values);
      if ('problem' in built) {
        setProblem(built.problem);
        return;
      }
      setProblem(null);
      create.mutate(built.body);
    },
    isSubmitting: create.isPending,
    problem,
    error: create.error,
  };
}

/** Whether an error says someone (or another tab) changed the import first, or it moved on: refetch and retry. */
function isStale(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'import_conflict' || error.code === 'import_wrong_status');
}

/**
 * Reviewing the proposals: merge, split, edit, drop, rename the course. Each change is sent with the revision the
 * page shows; the answer (the next revision) replaces the cached import. A stale revision (409) refetches the
 * import and shows why nothing changed. `announcement` says what the last change did, for a live region, and
 * `selected` follows the proposal it concerned.
 */
export function useImportReview(detail: ImportDetail) {
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const review = useMutation({
    mutationFn: (change: ReviewChange) => api.post<ImportDetail>(`${importPath(detail.id)}/review`, { ...change, baseRevision: detail.revision } satisfies ImportReview),
    onMutate: () => setAnnouncement(''),
    onSuccess: (next, change) => {
      const described = describeChange(change, detail.proposals.map((proposal) => proposal.title));
      queryClient.setQueryData(detailKey(detail.id), next);
      void queryClient.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
      setAnnouncement(described.message);
      if (change.op !== 'course') setSelected(described.select);
    },
    onError: (error) => {
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: detailKey(detail.id) });
    },
  });
  return {
    /** Sends one change; resolves true when it was made. */
    change: async (change: ReviewChange): Promise<boolean> => {
      try {
        await review.mutateAsync(change);
        return true;
      } catch {
        return false;
      }
    },
    isChanging: review.isPending,
    pendingChange: review.isPending ? review.variables : undefined,
    error: review.error,
    isConflict: isStale(review.error),
    announcement,
    selected,
    select: setSelected,
  };
}

/** Accepting the proposals: the server creates the drafts in the background (status accepting, then accepted). */
export function useAcceptImport(detail: ImportDetail) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (options: { courseTitle?: string; objectiveId?: string | null }) =>
      api.post<ImportDetail>(`${importPath(detail.id)}/accept`, { baseRevision: detail.revision, ...options } satisfies ImportAccept),
    onSuccess: (next) => {
      queryClient.setQueryData(detailKey(detail.id), next);
      void queryClient.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
    },
    onError: (error) => {
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: detailKey(detail.id) });
    },
  });
}

/** Cancelling an import that is queued, under review or being accepted (its drafts are then not created). */
export function useCancelImport(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<ImportDetail>(`${importPath(id)}/cancel`),
    onSuccess: (next) => {
      queryClient.setQueryData(detailKey(id), next);
      void queryClient.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
    },
    onError: (error) => {
      if (isStale(error)) void queryClient.invalidateQueries({ queryKey: detailKey(id) });
    },
  });
}

/** Deleting an import (its proposals; lessons and courses an accept created stay); back to the list. */
export function useDeleteImport(id: string) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => api.delete(importPath(id)),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: detailKey(id) });
      await queryClient.invalidateQueries({ queryKey: [...IMPORTS_KEY, 'list'] });
      await navigate('/author/imports', { replace: true, state: { notice: 'The import was deleted.' } });
    },
  });
}
