/** Learning objectives: the list, one objective, adding, editing and deleting. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../lib/api-client.ts';
import type { Objective, ObjectiveCreate, ObjectiveList } from '../lib/content-types.ts';
import { OBJECTIVES_KEY } from './author-keys.ts';

const objectivePath = (id: string) => `/api/objectives/${encodeURIComponent(id)}`;

/** Every objective of the organisation. */
export function useObjectives() {
  return useQuery({ queryKey: [...OBJECTIVES_KEY, 'list'], queryFn: () => api.get<ObjectiveList>('/api/objectives') });
}

/** One objective. */
export function useObjective(id: string) {
  return useQuery({ queryKey: [...OBJECTIVES_KEY, 'one', id], queryFn: () => api.get<Objective>(objectivePath(id)) });
}

/** The objective form's fields; retention and proficiency are edited as percentages. */
export interface ObjectiveFormValues {
  title: string;
  performance: string;
  whyItMatters: string;
  challenge: string;
  desiredRetention: string;
  targetProficiency: string;
}

const NEW_OBJECTIVE: ObjectiveFormValues = { title: '', performance: '', whyItMatters: '', challenge: '', desiredRetention: '90', targetProficiency: '80' };

function toFormValues(objective: Objective): ObjectiveFormValues {
  return {
    title: objective.title,
    performance: objective.performance,
    whyItMatters: objective.whyItMatters,
    challenge: objective.challenge,
    desiredRetention: String(Math.round(objective.desiredRetention * 100)),
    targetProficiency: String(Math.round(objective.targetProficiency * 100)),
  };
}

/** The body the API takes: percentages back to shares (90 → 0.9). */
export function toObjectiveBody(values: ObjectiveFormValues): ObjectiveCreate {
  return {
    title: values.title.trim(),
    performance: values.performance.trim(),
    whyItMatters: values.whyItMatters.trim(),
    challenge: values.challenge.trim(),
    desiredRetention: Number(values.desiredRetention) / 100,
    targetProficiency: Number(values.targetProficiency) / 100,
  };
}

/** Adding or editing an objective. A new one opens its page; an edited one stays with "Changes saved.". */
export function useObjectiveForm(objective: Objective | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<ObjectiveFormValues>(() => (objective ? toFormValues(objective) : NEW_OBJECTIVE));
  const [isSaved, setSaved] = useState(false);

  const save = useMutation({
    mutationFn: (body: ObjectiveCreate) => (objective ? api.patch<Objective>(objectivePath(objective.id), body) : api.post<Objective>('/api/objectives', body)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: OBJECTIVES_KEY });
      if (objective) {
        setValues(toFormValues(saved));
        setSaved(true);
      } else {
        await navigate(`/author/objectives/${encodeURIComponent(saved.id)}`, { state: { notice: `The objective “${saved.title}” was recorded. Next, build a lesson for it.` } });
      }
    },
  });

  return {
    values,
    set: (name: keyof ObjectiveFormValues, value: string) => {
      setValues((current) => ({ ...current, [name]: value }));
      setSaved(false);
    },
    submit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      save.mutate(toObjectiveBody(values));
    },
    isSaving: save.isPending,
    isSaved,
    error: save.error,
  };
}

/** Deleting an objective no lesson serves (the API answers 409 objective_in_use otherwise). */
export function useDeleteObjective(objective: Objective) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => api.delete(objectivePath(objective.id)),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: [...OBJECTIVES_KEY, 'one', objective.id] });
      await queryClient.invalidateQueries({ queryKey: OBJECTIVES_KEY });
      await navigate('/author/objectives', { replace: true, state: { notice: `The objective “${objective.title}” was deleted.` } });
    },
  });
  return {
    deleteObjective: () => {
      if (window.confirm(`Delete the objective “${objective.title}”?`)) remove.mutate();
    },
    isDeleting: remove.isPending,
    error: remove.error,
  };
}
