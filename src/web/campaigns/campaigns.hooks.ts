/**
 * Campaigns through TanStack Query: the list, one campaign's live view, the draft form, launching, pausing,
 * resuming and cancelling, adding people, and the pickers the form needs (published courses, teams, people).
 */
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { z } from 'zod';
import type { Campaign, CampaignView, AddMembersResult as AddMembersResultSchema, CampaignList as CampaignListSchema } from '../../server/modules/delivery/campaign.schemas.ts';
import { api, ApiError } from '../lib/api-client.ts';
import type { Person, PersonPage, TeamList } from '../lib/api-types.ts';
import type { CourseList } from '../lib/content-types.ts';
import { splitFieldErrors } from '../lib/field-errors.ts';
import { PEOPLE_KEY, TEAMS_KEY } from '../lib/query-keys.ts';
import { campaignFieldOf, type CampaignField, type CampaignFormErrors, type CampaignFormValues, newCampaignForm, toCampaignBody, toCampaignFormValues, validateCampaignForm } from './campaign-form.ts';
import { refreshIntervalFor } from './campaign-view.ts';

export type { Campaign, CampaignMember, CampaignView, MemberStanding } from '../../server/modules/delivery/campaign.schemas.ts';
export type CampaignList = z.infer<typeof CampaignListSchema>;
export type AddMembersResult = z.infer<typeof AddMembersResultSchema>;

export const CAMPAIGNS_KEY = ['campaigns'] as const;
const keys = {
  list: [...CAMPAIGNS_KEY, 'list'] as const,
  view: (id: string) => [...CAMPAIGNS_KEY, 'view', id] as const,
  courses: [...CAMPAIGNS_KEY, 'published-courses'] as const,
};

const campaignPath = (id: string) => `/api/campaigns/${encodeURIComponent(id)}`;

/** Every campaign, newest first. */
export function useCampaigns() {
  return useQuery({ queryKey: keys.list, queryFn: () => api.get<CampaignList>('/api/campaigns') });
}

/**
 * One campaign with each member's standing. While it is live the view is asked for again every 10 seconds, so
 * completions appear without reloading.
 */
export function useCampaignView(id: string) {
  return useQuery({
    queryKey: keys.view(id),
    queryFn: () => api.get<CampaignView>(campaignPath(id)),
    refetchInterval: (query) => refreshIntervalFor(query.state.data?.campaign.status),
    // The numbers must be fresh whenever the page opens, not up to 30 s old.
    refetchOnMount: 'always',
  });
}

/** The published courses a campaign can deliver (drafts and unpublished courses cannot be launched). */
export function usePublishedCourses() {
  return useQuery({
    queryKey: keys.courses,
    queryFn: () => api.get<CourseList>('/api/courses'),
    select: (list) => list.items.filter((course) => course.status === 'published' && course.latestVersion !== null),
  });
}

/**
 * The organisation's teams for the audience. Only admins and managers may list teams, so for an author the
 * answer is "not allowed" and the form says teams cannot be chosen.
 */
export function useAudienceTeams() {
  const teams = useQuery({ queryKey: [...TEAMS_KEY, 'list'], queryFn: () => api.get<TeamList>('/api/teams') });
  const isForbidden = teams.error instanceof ApiError && teams.error.status === 403;
  return { teams: teams.data?.items ?? [], isPending: teams.isPending, isForbidden, error: isForbidden ? null : teams.error };
}

/** Active people matching a search (name or email), a moment after typing stops; the first 20. Nothing is asked for before something is typed. */
export function usePeopleSearch(text: string) {
  const [q, setQ] = useState(text.trim());
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  return useQuery({
    queryKey: [...PEOPLE_KEY, 'search', q],
    queryFn: () => api.get<PersonPage>('/api/people', { q, limit: 20, status: 'active' }),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
}

/** A chosen person as the pickers show them. */
export interface ChosenPerson {
  id: string;
  displayName: string;
  email: string;
}

/**
 * The people already chosen (a saved draft only has their ids), one request each, shared with the admin's
 * person pages. Until a person loads, their id stands in for their name.
 */
export function useChosenPeople(ids: readonly string[], known: ReadonlyMap<string, ChosenPerson>) {
  const missing = ids.filter((id) => !known.has(id));
  const results = useQueries({
    queries: missing.map((id) => ({ queryKey: [...PEOPLE_KEY, 'one', id], queryFn: () => api.get<Person>(`/api/people/${encodeURIComponent(id)}`), staleTime: 5 * 60_000 })),
  });
  const loaded = new Map<string, ChosenPerson>();
  results.forEach((result, index) => {
    const id = missing[index]!;
    if (result.data) loaded.set(id, { id, displayName: result.data.displayName, email: result.data.email });
  });
  return ids.map((id) => known.get(id) ?? loaded.get(id) ?? { id, displayName: id, email: '' });
}

/**
 * The new-campaign form, or the form of a draft being changed. Checks what the server checks before sending;
 * what the server refuses is shown beside the field it names. Saving opens the campaign's page.
 */
export function useCampaignForm(campaign: Campaign | undefined) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [values, setValues] = useState<CampaignFormValues>(() => (campaign ? toCampaignFormValues(campaign) : newCampaignForm(new Date())));
  // After a first attempt to save, the form's own checks follow every change, so a fixed field clears at once.
  const [hasTriedSaving, setTriedSaving] = useState(false);
  // Names of people picked in this visit, so they show at once (a draft's earlier picks load by id).
  const [picked, setPicked] = useState<ReadonlyMap<string, ChosenPerson>>(new Map());
  const save = useMutation({
    mutationFn: (form: CampaignFormValues) =>
      campaign ? api.patch<Campaign>(campaignPath(campaign.id), toCampaignBody(form)) : api.post<Campaign>('/api/campaigns', toCampaignBody(form)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: CAMPAIGNS_KEY });
      await navigate(`/campaigns/${encodeURIComponent(saved.id)}`, { state: { notice: campaign ? 'The draft was saved.' : 'The campaign was saved as a draft. Launch it when you are ready.' } });
    },
  });

  function set<K extends keyof CampaignFormValues>(name: K, value: CampaignFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTriedSaving(true);
    if (Object.keys(validateCampaignForm(values)).length > 0) {
      save.reset();
      return;
    }
    save.mutate(values);
  }

  const clientErrors: CampaignFormErrors = hasTriedSaving ? validateCampaignForm(values) : {};
  const hasClientErrors = Object.keys(clientErrors).length > 0;
  const server = splitFieldErrors<CampaignField>(save.error, campaignFieldOf);
  const chosenPeople = useChosenPeople(values.personIds, picked);
  return {
    values,
    set,
    submit,
    /** Problems by field: the form's own checks, else the server's answer. */
    errors: hasClientErrors ? clientErrors : server.fields,
    /** What to announce above the buttons. */
    summary: hasClientErrors ? new Error('Some fields need correcting: see the messages beside them.') : server.summary,
    isSaving: save.isPending,
    chosenPeople,
    addPerson: (person: ChosenPerson) => {
      setPicked((current) => new Map(current).set(person.id, person));
      setValues((current) => (current.personIds.includes(person.id) ? current : { ...current, personIds: [...current.personIds, person.id] }));
    },
    removePerson: (id: string) => setValues((current) => ({ ...current, personIds: current.personIds.filter((personId) => personId !== id) })),
  };
}

/** The actions that move a campaign from one status to another. */
export type CampaignAction = 'launch' | 'pause' | 'resume' | 'cancel';

const DONE: Record<CampaignAction, string> = {
  launch: 'The campaign is launched. Each person’s lessons go out in their own working hours.',
  pause: 'The campaign is paused: nothing more is sent until you resume it.',
  resume: 'The campaign is running again. Lessons not yet sent were planned again from now.',
  cancel: 'The campaign is cancelled. Lessons not yet sent will not go; lessons already sent stay with the learners.',
};

/** Launch, pause, resume or cancel; the view is replaced by the fresh one afterwards. */
export function useCampaignAction(id: string) {
  const queryClient = useQueryClient();
  const action = useMutation({
    mutationFn: (name: CampaignAction) => api.post<Campaign>(`${campaignPath(id)}/${name}`),
    onSuccess: async () => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: keys.view(id) }), queryClient.invalidateQueries({ queryKey: keys.list })]);
    },
  });
  return {
    run: (name: CampaignAction) => action.mutate(name),
    isBusy: action.isPending,
    pending: action.isPending ? action.variables : undefined,
    done: action.isSuccess ? DONE[action.variables] : undefined,
    error: action.error,
  };
}

/** Adds people to a campaign; after launch each gets a plan from now. */
export function useAddMembers(id: string) {
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<ChosenPerson[]>([]);
  const add = useMutation({
    mutationFn: (people: ChosenPerson[]) => api.post<AddMembersResult>(`${campaignPath(id)}/members`, { personIds: people.map((person) => person.id) }),
    onSuccess: async () => {
      setChosen([]);
      await queryClient.invalidateQueries({ queryKey: keys.view(id) });
    },
  });
  return {
    chosen,
    choose: (person: ChosenPerson) => setChosen((current) => (current.some((p) => p.id === person.id) ? current : [...current, person])),
    unchoose: (personId: string) => setChosen((current) => current.filter((p) => p.id !== personId)),
    submit: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (chosen.length > 0) add.mutate(chosen);
    },
    isBusy: add.isPending,
    result: add.data,
    error: add.error,
  };
}
