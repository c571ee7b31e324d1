/** Admins: the point rules and leaderboard settings, the badges, the rewards catalogue, and the redemption requests to decide. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '../../lib/api-client.ts';
import { splitFieldErrors } from '../../lib/field-errors.ts';
import type { BadgeView, GamificationSettings, Redemption, Reward } from '../../lib/gamification-types.ts';
import { GAMIFICATION_KEY } from '../../lib/query-keys.ts';
import { gamificationKeys } from '../../learner/gamification/gamification.hooks.ts';
import {
  badgeFieldOf,
  emptyBadgeForm,
  rewardFieldOf,
  settingsFieldOf,
  toBadgeBody,
  toCreateRewardBody,
  toRewardFormValues,
  toSettingsBody,
  toSettingsFormValues,
  toUpdateRewardBody,
  type BadgeField,
  type BadgeFormValues,
  type RewardField,
  type RewardFormValues,
  type SettingsField,
  type SettingsFormValues,
} from './gamification-forms.ts';

/** The organisation's rules, season kind and leaderboard switch. */
export function useGamificationSettings() {
  return useQuery({ queryKey: gamificationKeys.settings, queryFn: () => api.get<GamificationSettings>('/api/gamification/settings') });
}

/** The settings form: saving sends every rule; the API's refusals show beside the rule at fault. */
export function useSettingsForm(settings: GamificationSettings) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SettingsFormValues>(() => toSettingsFormValues(settings));
  const [isSaved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (form: SettingsFormValues) => api.patch<GamificationSettings>('/api/gamification/settings', toSettingsBody(form)),
    onSuccess: (saved) => {
      queryClient.setQueryData(gamificationKeys.settings, saved);
      void queryClient.invalidateQueries({ queryKey: GAMIFICATION_KEY });
      setValues(toSettingsFormValues(saved));
      setSaved(true);
    },
  });
  function update(change: (current: SettingsFormValues) => SettingsFormValues) {
    setValues(change);
    setSaved(false);
  }
  const errors = splitFieldErrors<SettingsField>(save.error, (path) => settingsFieldOf(path, values.milestones));
  return {
    values,
    update,
    submit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      save.mutate(values);
    },
    isSaving: save.isPending,
    isSaved,
    errors: errors.fields,
    summary: errors.summary,
  };
}

/**
 * A form saved through the API: its values, a setter per field, submit, and the API's refusals beside the field at
 * fault (`fieldOf` maps an error path to a field) with the rest as a summary.
 */
function useApiForm<Values, Field extends string, Saved>(initial: () => Values, save: (values: Values) => Promise<Saved>, fieldOf: (path: string) => Field | undefined, onSuccess: (saved: Saved, reset: () => void) => void) {
  const [values, setValues] = useState<Values>(initial);
  const mutation = useMutation({ mutationFn: save, onSuccess: (saved) => onSuccess(saved, () => setValues(initial())) });
  const errors = splitFieldErrors<Field>(mutation.error, fieldOf);
  return {
    values,
    set: <K extends keyof Values>(name: K, value: Values[K]) => setValues((current) => ({ ...current, [name]: value })),
    submit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      mutation.mutate(values);
    },
    isSaving: mutation.isPending,
    errors: errors.fields,
    summary: errors.summary,
  };
}

/** A reward's form: creates a new one (then empties) or saves what changed in an existing one. */
export function useRewardForm(reward: Reward | undefined, onSaved: (saved: Reward) => void) {
  const queryClient = useQueryClient();
  return useApiForm<RewardFormValues, RewardField, Reward>(
    () => toRewardFormValues(reward),
    async (form) => {
      if (!reward) return api.post<Reward>('/api/rewards', toCreateRewardBody(form));
      const patch = toUpdateRewardBody(form, reward);
      return patch ? api.patch<Reward>(`/api/rewards/${encodeURIComponent(reward.id)}`, patch) : reward;
    },
    rewardFieldOf,
    (saved, reset) => {
      void queryClient.invalidateQueries({ queryKey: [...GAMIFICATION_KEY, 'rewards'] });
      if (!reward) reset();
      onSaved(saved);
    },
  );
}

/** Offers a reward again, or stops offering it (requests already made are still decided). */
export function useSetRewardActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { reward: Reward; active: boolean }) => api.patch<Reward>(`/api/rewards/${encodeURIComponent(input.reward.id)}`, { active: input.active }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...GAMIFICATION_KEY, 'rewards'] }),
  });
}

/** Approves or declines a requested redemption, with an optional note for the learner. */
export function useDecideRedemption() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { redemption: Redemption; decision: 'approve' | 'decline'; note: string }) =>
      api.post<Redemption>(`/api/redemptions/${encodeURIComponent(input.redemption.id)}/${input.decision}`, input.note.trim() ? { note: input.note.trim() } : {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: GAMIFICATION_KEY }),
  });
}

/** A new badge's form: adds it (then empties); the API's refusals show beside the field at fault, a taken slug too. */
export function useBadgeForm(onSaved: (saved: BadgeView) => void) {
  const queryClient = useQueryClient();
  return useApiForm<BadgeFormValues, BadgeField, BadgeView>(emptyBadgeForm, (form) => api.post<BadgeView>('/api/badges', toBadgeBody(form)), badgeFieldOf, (saved, reset) => {
    void queryClient.invalidateQueries({ queryKey: [...GAMIFICATION_KEY, 'badges'] });
    reset();
    onSaved(saved);
  });
}

/** Turns a badge on or off: off, no one earns it any more; badges already awarded stay awarded. */
export function useSetBadgeActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { badge: BadgeView; active: boolean }) => api.patch<BadgeView>(`/api/badges/${encodeURIComponent(input.badge.id)}`, { active: input.active }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...GAMIFICATION_KEY, 'badges'] }),
  });
}
