/**
 * Lessons: the list, one lesson, its revisions and learner preview, and the editor (working copy, live lint and
 * duration, save with conflict detection, submit for review, publish).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { DEFAULT_DURATION_SETTINGS, type DurationSettings } from '../../core/lessons/duration.ts';
import { lintLesson, mediaIdsOf, type LintResult } from '../../core/lessons/linter.ts';
import { api, ApiError } from '../lib/api-client.ts';
import type { Organisation } from '../lib/api-types.ts';
import type { Block, BlockType, Lesson, LessonCreate, LessonList, LessonRevisionList, LessonStatus, LintFinding, QuestionKind, RenderedLesson } from '../lib/content-types.ts';
import { useSignedInSession } from '../lib/session.hooks.ts';
import { LESSONS_KEY, ORGANISATION_KEY } from './author-keys.ts';
import { blockIssues, blockIssuesFromApi, changedFields, createBlock, draftOf, emptyDraft, isDirty, moveItem, stableStringify, type BlockIssue, type LessonDraft } from './lesson-draft.ts';
import { mediaFactsOf, useMediaItems } from './media.hooks.ts';

const lessonPath = (id: string) => `/api/lessons/${encodeURIComponent(id)}`;

/** Lessons matching a search, a status and an objective. */
export function useLessons(filters: { q?: string; status?: LessonStatus | ''; objectiveId?: string } = {}) {
  return useQuery({
    queryKey: [...LESSONS_KEY, 'list', filters.q ?? '', filters.status ?? '', filters.objectiveId ?? ''],
    queryFn: () => api.get<LessonList>('/api/lessons', { q: filters.q, status: filters.status, objectiveId: filters.objectiveId }),
    placeholderData: (previous) => previous,
  });
}

/** One lesson with its blocks and the server's lint report. */
export function useLesson(id: string) {
  return useQuery({ queryKey: [...LESSONS_KEY, 'one', id], queryFn: () => api.get<Lesson>(lessonPath(id)) });
}

/** Who changed what, newest first. */
export function useLessonRevisions(id: string, revision: number) {
  return useQuery({ queryKey: [...LESSONS_KEY, 'revisions', id, revision], queryFn: () => api.get<LessonRevisionList>(`${lessonPath(id)}/revisions`) });
}

/** The saved lesson as a learner gets it, with variables filled by `values` (or their defaults). */
export function useLessonPreview(id: string, revision: number, values: Record<string, string>, enabled: boolean) {
  return useQuery({
    queryKey: [...LESSONS_KEY, 'preview', id, revision, values],
    queryFn: () => api.get<RenderedLesson>(`${lessonPath(id)}/preview`, values),
    enabled,
    staleTime: 0,
  });
}

/** The figures of the duration estimate, with the organisation's reading speed. */
export function useDurationSettings(): DurationSettings {
  const { organisation } = useSignedInSession();
  const fresh = useQuery({ queryKey: ORGANISATION_KEY, queryFn: () => api.get<Organisation>('/api/organisation'), placeholderData: organisation });
  const wordsPerMinute = fresh.data?.readingWordsPerMinute ?? organisation.readingWordsPerMinute;
  return useMemo(() => ({ ...DEFAULT_DURATION_SETTINGS, wordsPerMinute }), [wordsPerMinute]);
}

/** The live check of a draft: the core linter over the media library's facts, run in the browser as the author types. */
export function useLiveLint(draft: LessonDraft): { result: LintResult | undefined; isMediaKnown: boolean; mediaSignature: string } {
  const settings = useDurationSettings();
  const media = useMediaItems(draft.blocks.flatMap(mediaIdsOf));
  // Until the files are known, every media block would look missing: wait for them (or their failure).
  const isMediaKnown = !media.isLoading;
  const facts = useMemo(() => mediaFactsOf(media.byId.values()), [media.byId]);
  const result = useMemo(() => {
    const lint = lintLesson(draft, facts, settings);
    // A block with no file chosen yet says so itself; "not in the library" would mislead.
    const unchosen = new Set(draft.blocks.filter((block) => 'mediaId' in block && !block.mediaId).map((block) => block.id));
    const findings = lint.findings.map((finding) =>
      finding.rule === 'missing_media' && finding.blockId && unchosen.has(finding.blockId) ? { ...finding, message: 'Choose a file for this block from the media library.' } : finding,
    );
    return { ...lint, findings };
  }, [draft, facts, settings]);
  return { result, isMediaKnown, mediaSignature: media.signature };
}

type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date; revision: number } | { kind: 'failed' };

/** Why the last publish was refused: the findings the API listed, while the draft has not changed since. */
interface PublishRefusal {
  findings: LintFinding[];
  message: string;
}

/**
 * The lesson editor. Edits stay in the browser until saved; saving sends only the changed fields with the
 * revision the author started from, so a colleague's save in between is reported (409) instead of overwritten.
 */
export function useLessonEditor(lesson: Lesson | undefined, initialObjectiveId: string | null = null, initialCoreQuestion: string | null = null) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [saved, setSaved] = useState<Lesson | undefined>(lesson);
  const savedDraft = useMemo(() => (saved ? draftOf(saved) : emptyDraft(initialObjectiveId)), [saved, initialObjectiveId]);
  // A new lesson written for a question learners asked (a content gap) starts with it as its core question, unsaved.
  const [draft, setDraft] = useState<LessonDraft>(() => (!lesson && initialCoreQuestion ? { ...savedDraft, coreQuestion: initialCoreQuestion } : savedDraft));
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [hasTriedSaving, setTriedSaving] = useState(false);
  const [apiBlockIssues, setApiBlockIssues] = useState<Map<string, BlockIssue[]>>(new Map());
  const [publishRefusal, setPublishRefusal] = useState<PublishRefusal | null>(null);
  const [lastRemoved, setLastRemoved] = useState<{ block: Block; index: number } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const sentDraft = useRef<LessonDraft | null>(null);

  const dirty = !saved || isDirty(draft, savedDraft);
  const issuesByBlock = useMemo(() => {
    const map = new Map<string, BlockIssue[]>();
    for (const block of draft.blocks) {
      const issues = [...blockIssues(block), ...(apiBlockIssues.get(block.id) ?? [])];
      if (issues.length > 0) map.set(block.id, issues);
    }
    return map;
  }, [draft.blocks, apiBlockIssues]);

  // Closing or reloading the tab with unsaved changes asks first.
  useEffect(() => {
    if (!dirty || !saved) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty, saved]);

  const edit = useCallback((change: (current: LessonDraft) => LessonDraft) => {
    setDraft(change);
    setPublishRefusal(null);
    setSaveState((state) => (state.kind === 'saved' || state.kind === 'failed' ? { kind: 'idle' } : state));
  }, []);

  function acceptSaved(next: Lesson) {
    setSaved(next);
    queryClient.setQueryData([...LESSONS_KEY, 'one', next.id], next);
    void queryClient.invalidateQueries({ queryKey: [...LESSONS_KEY, 'list'] });
    void queryClient.invalidateQueries({ queryKey: [...LESSONS_KEY, 'revisions', next.id] });
    // Edits typed while the save was on its way stay; otherwise take the server's (trimmed) copy.
    setDraft((current) => (sentDraft.current && stableStringify(current) === stableStringify(sentDraft.current) ? draftOf(next) : current));
    sentDraft.current = null;
  }

  /** Checks what the browser can before sending; returns a problem to show, or undefined. */
  function checkBeforeSaving(): Error | undefined {
    setTriedSaving(true);
    if (!draft.title.trim()) return new Error('Give the lesson a title before saving.');
    const badName = draft.variables.find((variable) => !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(variable.name));
    if (badName) return new Error(`“${badName.name}” cannot be a variable name: use a letter, then letters, digits or _ (e.g. product or store_name).`);
    const incomplete = draft.blocks.filter((block) => blockIssues(block).length > 0).length;
    if (incomplete > 0) return new Error(`${incomplete === 1 ? 'One block is' : `${incomplete} blocks are`} not complete yet: see the problems marked in the blocks.`);
    return undefined;
  }

  async function saveNow(): Promise<Lesson | undefined> {
    const problem = checkBeforeSaving();
    if (problem) {
      setError(problem);
      setSaveState({ kind: 'failed' });
      return undefined;
    }
    setError(null);
    setApiBlockIssues(new Map());
    setSaveState({ kind: 'saving' });
    sentDraft.current = draft;
    try {
      if (!saved) {
        const body: LessonCreate = { ...draft, title: draft.title.trim() };
        const created = await api.post<Lesson>('/api/lessons', body);
        queryClient.setQueryData([...LESSONS_KEY, 'one', created.id], created);
        await queryClient.invalidateQueries({ queryKey: [...LESSONS_KEY, 'list'] });
        await navigate(`/author/lessons/${encodeURIComponent(created.id)}`, { replace: true, state: { notice: 'Lesson created. Keep adding blocks; save as you go.' } });
        return created;
      }
      const changes = changedFields(draft, savedDraft);
      if (Object.keys(changes).length === 0) {
        setSaveState({ kind: 'saved', at: new Date(), revision: saved.revision });
        return saved;
      }
      const next = await api.patch<Lesson>(lessonPath(saved.id), { ...changes, baseRevision: saved.revision });
      acceptSaved(next);
      setSaveState({ kind: 'saved', at: new Date(), revision: next.revision });
      return next;
    } catch (failure) {
      sentDraft.current = null;
      setSaveState({ kind: 'failed' });
      if (failure instanceof ApiError && failure.code === 'lesson_conflict') {
        setConflict(failure);
        return undefined;
      }
      if (failure instanceof ApiError && failure.code === 'validation_failed') setApiBlockIssues(blockIssuesFromApi(failure.details, draft.blocks));
      setError(failure);
      return undefined;
    }
  }

  const reload = useMutation({
    mutationFn: (id: string) => api.get<Lesson>(lessonPath(id)),
    onSuccess: (latest) => {
      setSaved(latest);
      setDraft(draftOf(latest));
      queryClient.setQueryData([...LESSONS_KEY, 'one', latest.id], latest);
      setConflict(null);
      setError(null);
      setPublishRefusal(null);
      setSaveState({ kind: 'idle' });
      setAnnouncement(`Reloaded revision ${latest.revision}.`);
    },
  });

  // The server's lint of the saved revision, again: after a media file used by the lesson changed (captions
  // added, say), so the panel shows the server's verdict on the same revision.
  const relint = useMutation({
    mutationFn: (id: string) => api.get<Lesson>(lessonPath(id)),
    onSuccess: (latest) => {
      setSaved((current) => (current && latest.revision === current.revision ? latest : current));
    },
  });

  const transition = useMutation({
    mutationFn: async (action: 'submit' | 'publish') => {
      const current = dirty ? await saveNow() : saved;
      if (!current) return undefined;
      return api.post<Lesson>(`${lessonPath(current.id)}/${action}`);
    },
    onMutate: () => {
      setPublishRefusal(null);
      setError(null);
    },
    onSuccess: (next, action) => {
      if (!next) return;
      acceptSaved(next);
      setAnnouncement(action === 'publish' ? `Published revision ${next.revision}. Learners now get this version.` : 'Submitted for review.');
    },
    onError: (failure) => {
      if (failure instanceof ApiError && failure.code === 'lesson_not_publishable') {
        const findings = (failure.details as { findings?: LintFinding[] } | undefined)?.findings ?? [];
        setPublishRefusal({ findings, message: failure.message });
        return;
      }
      if (failure instanceof ApiError && failure.code === 'lesson_conflict') {
        setConflict(failure);
        return;
      }
      setError(failure);
    },
  });

  const remove = useMutation({
    mutationFn: (id: string) => api.delete(lessonPath(id)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: LESSONS_KEY });
      await navigate('/author', { replace: true, state: { notice: `The lesson “${saved?.title ?? ''}” was deleted.` } });
    },
  });

  return {
    saved,
    draft,
    dirty,
    saveState,
    error: error ?? remove.error,
    conflict,
    publishRefusal,
    issuesByBlock,
    showBlockIssues: hasTriedSaving,
    announcement,
    lastRemoved,
    isBusy: saveState.kind === 'saving' || transition.isPending || reload.isPending,
    pendingAction: transition.isPending ? transition.variables : saveState.kind === 'saving' ? 'save' : undefined,

    update: (fields: Partial<LessonDraft>) => edit((current) => ({ ...current, ...fields })),
    updateBlock: (block: Block) => edit((current) => ({ ...current, blocks: current.blocks.map((b) => (b.id === block.id ? block : b)) })),
    /** Adds a block at the end and returns its id (to focus it). */
    addBlock: (type: BlockType, kind?: QuestionKind): string => {
      const block = createBlock(type, kind);
      edit((current) => ({ ...current, blocks: [...current.blocks, block] }));
      return block.id;
    },
    moveBlock: (id: string, direction: -1 | 1) => {
      const index = draft.blocks.findIndex((block) => block.id === id);
      const target = index + direction;
      if (index < 0 || target < 0 || target >= draft.blocks.length) return;
      edit((current) => ({ ...current, blocks: moveItem(current.blocks, index, target) }));
      setAnnouncement(`Moved to position ${target + 1} of ${draft.blocks.length}.`);
    },
    removeBlock: (id: string) => {
      const index = draft.blocks.findIndex((block) => block.id === id);
      const block = draft.blocks[index];
      if (!block) return;
      edit((current) => ({ ...current, blocks: current.blocks.filter((b) => b.id !== id) }));
      setLastRemoved({ block, index });
    },
    undoRemove: () => {
      if (!lastRemoved) return;
      const { block, index } = lastRemoved;
      edit((current) => {
        const blocks = [...current.blocks];
        blocks.splice(Math.min(index, blocks.length), 0, block);
        return { ...current, blocks };
      });
      setLastRemoved(null);
    },
    dismissRemoved: () => setLastRemoved(null),

    save: () => void saveNow(),
    submitForReview: () => transition.mutate('submit'),
    publish: () => transition.mutate('publish'),
    reloadLatest: () => saved && reload.mutate(saved.id),
    relint: () => saved && relint.mutate(saved.id),
    deleteLesson: () => {
      if (saved && window.confirm(`Delete the lesson “${saved.title}”? This cannot be undone.`)) remove.mutate(saved.id);
    },
  };
}

export type LessonEditor = ReturnType<typeof useLessonEditor>;
