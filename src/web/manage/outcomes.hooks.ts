/**
 * The Outcomes page's data through TanStack Query: the organisation's metrics, a metric CSV import (a file or pasted
 * text, all or nothing), the lists "trained" is picked from, the selection (kept in the address) and the outcome.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useAddressState } from '../lib/address-state.hooks.ts';
import { api } from '../lib/api-client.ts';
import { useCsvSource } from '../lib/csv-source.hooks.ts';
import { importProblemsOf, isComplete, type MetricImportReport, type MetricSummary, type Outcome, outcomeUrl, type OutcomeSelection, selectionFromParams, selectionToParams, type TrainingChoices } from './outcomes.ts';

export const OUTCOMES_KEY = ['manage', 'outcomes'] as const;
const keys = {
  metrics: [...OUTCOMES_KEY, 'metrics'] as const,
  outcome: (selection: OutcomeSelection) => [...OUTCOMES_KEY, 'outcome', selection] as const,
  choices: [...OUTCOMES_KEY, 'choices'] as const,
};

/** The organisation's metrics, by name. */
export function useMetrics() {
  return useQuery({ queryKey: keys.metrics, queryFn: () => api.get<MetricSummary[]>('/api/metrics') });
}

/**
 * The import form: a file read into the text area (editable before sending) or pasted text, sent as text/csv. A
 * refusal keeps its problems by line and column; a success refreshes the metrics and any outcome shown, and calls
 * `onImported` with the report (the page picks the metric when none is picked).
 */
export function useMetricImport(onImported: (report: MetricImportReport) => void) {
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (text: string) => api.postText<MetricImportReport>('/api/metrics/import', text, 'text/csv'),
    onSuccess: async (report) => {
      onImported(report);
      await queryClient.invalidateQueries({ queryKey: OUTCOMES_KEY });
    },
  });
  const source = useCsvSource(() => run.reset());

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (source.isReady()) run.mutate(source.csv);
  }

  const error = source.problem ?? run.error;
  return { csv: source.csv, fileName: source.fileName, chooseFile: source.chooseFile, editCsv: source.editCsv, submit, isImporting: run.isPending, report: run.data, error, problems: importProblemsOf(error) };
}

/** What "trained" can mean: the certifications, published courses and campaigns with a hold-out (managers too). */
export function useTrainingChoices() {
  return useQuery({ queryKey: keys.choices, queryFn: () => api.get<TrainingChoices>('/api/outcomes/choices') });
}

/**
 * The selection, in the address too (two changes before the next render, such as the only metric being picked as the
 * person chooses what "trained" means, both hold).
 */
export function useOutcomeSelection() {
  const [selection, setSelection] = useAddressState(selectionFromParams, selectionToParams);
  const change = (patch: Partial<OutcomeSelection>) =>
    setSelection((current) => {
      const next = { ...current, ...patch };
      // Another kind of "trained" forgets the item picked of the previous kind.
      if (patch.by !== undefined && patch.by !== current.by && patch.id === undefined) next.id = '';
      return next;
    });
  return { selection, change };
}

/** The outcome of a complete selection. */
export function useOutcome(selection: OutcomeSelection) {
  return useQuery({ queryKey: keys.outcome(selection), queryFn: () => api.get<Outcome>(outcomeUrl(selection)), enabled: isComplete(selection) });
}
