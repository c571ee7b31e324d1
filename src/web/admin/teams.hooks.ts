/** Teams: list, create, rename, delete, members and their roles. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../lib/api-client.ts';
import type { Team, TeamDetail, TeamList, TeamRole } from '../lib/api-types.ts';
import { PEOPLE_KEY, SESSION_KEY, TEAMS_KEY } from '../lib/query-keys.ts';
import { useAllPeople } from './people.hooks.ts';

const teamPath = (id: string) => `/api/teams/${encodeURIComponent(id)}`;

/** Every team of the organisation. */
export function useTeams() {
  return useQuery({ queryKey: [...TEAMS_KEY, 'list'], queryFn: () => api.get<TeamList>('/api/teams') });
}

/** One team with its members. */
export function useTeam(id: string) {
  return useQuery({ queryKey: [...TEAMS_KEY, 'one', id], queryFn: () => api.get<TeamDetail>(teamPath(id)) });
}

/** After any membership change: teams, people (their team columns) and the session (a manager's teams). */
async function refreshAfterTeamChange(queryClient: ReturnType<typeof useQueryClient>, detail?: TeamDetail) {
  if (detail) queryClient.setQueryData([...TEAMS_KEY, 'one', detail.id], detail);
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: [...TEAMS_KEY, 'list'] }),
    queryClient.invalidateQueries({ queryKey: PEOPLE_KEY }),
    queryClient.invalidateQueries({ queryKey: SESSION_KEY }),
  ]);
}

/** The "New team" form: creates the team and clears the field. */
export function useCreateTeamForm() {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (teamName: string) => api.post<Team>('/api/teams', { name: teamName }),
    onSuccess: async () => {
      setName('');
      await refreshAfterTeamChange(queryClient);
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(name.trim());
  }
  return { name, setName, submit, isSaving: create.isPending, error: create.error, created: create.data };
}

/**
 * Renaming a team, setting its chat channel, and deleting it. Deleting asks for confirmation, then returns to
 * the list.
 */
export function useTeamSettings(team: TeamDetail) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(team.name);
  const [webhookUrl, setWebhookUrl] = useState(team.chatWebhookUrl ?? '');
  const rename = useMutation({
    mutationFn: (teamName: string) => api.patch<Team>(teamPath(team.id), { name: teamName }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: TEAMS_KEY });
      await refreshAfterTeamChange(queryClient);
    },
  });
  const saveWebhook = useMutation({
    // An emptied field removes the team's channel: the organisation's applies again.
    mutationFn: (url: string) => api.patch<TeamDetail>(teamPath(team.id), { chatWebhookUrl: url === '' ? null : url }),
    onSuccess: async (detail) => {
      setWebhookUrl(detail.chatWebhookUrl ?? '');
      await refreshAfterTeamChange(queryClient, detail);
    },
  });
  const remove = useMutation({
    mutationFn: () => api.delete(teamPath(team.id)),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: [...TEAMS_KEY, 'one', team.id] });
      await refreshAfterTeamChange(queryClient);
      await navigate('/admin/teams', { replace: true, state: { notice: `The team ${team.name} was deleted.` } });
    },
  });
  return {
    name,
    setName,
    submitRename: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      rename.mutate(name.trim());
    },
    isRenamed: rename.isSuccess && name.trim() === team.name,
    webhookUrl,
    setWebhookUrl: (value: string) => {
      setWebhookUrl(value);
      saveWebhook.reset();
    },
    submitWebhook: (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      saveWebhook.mutate(webhookUrl.trim());
    },
    isWebhookChanged: webhookUrl.trim() !== (team.chatWebhookUrl ?? ''),
    isWebhookSaved: saveWebhook.isSuccess,
    webhookError: saveWebhook.error,
    deleteTeam: () => {
      if (window.confirm(`Delete the team ${team.name}? Its members stay in the organisation.`)) remove.mutate();
    },
    isBusy: rename.isPending || remove.isPending || saveWebhook.isPending,
    error: rename.error ?? remove.error,
  };
}

/** Adding people to a team, changing their role in it and removing them. */
export function useTeamMembers(teamId: string) {
  const queryClient = useQueryClient();
  const [personId, setPersonId] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const [lastChange, setLastChange] = useState<string | undefined>();

  const put = useMutation({
    mutationFn: (input: { personId: string; role: TeamRole; describe: string }) =>
      api.put<TeamDetail>(`${teamPath(teamId)}/members/${encodeURIComponent(input.personId)}`, { role: input.role }),
    onSuccess: async (detail, input) => {
      setLastChange(input.describe);
      await refreshAfterTeamChange(queryClient, detail);
    },
  });
  const remove = useMutation({
    mutationFn: (input: { personId: string; describe: string }) =>
      api.delete<TeamDetail>(`${teamPath(teamId)}/members/${encodeURIComponent(input.personId)}`),
    onSuccess: async (detail, input) => {
      setLastChange(input.describe);
      await refreshAfterTeamChange(queryClient, detail);
      // A 204 answer carries no detail: fetch it.
      if (!detail) await queryClient.invalidateQueries({ queryKey: [...TEAMS_KEY, 'one', teamId] });
    },
  });

  return {
    personId,
    setPersonId,
    role,
    setRole: (value: string) => setRole(value === 'manager' ? 'manager' : 'member'),
    submitAdd: (event: FormEvent<HTMLFormElement>, displayName: string) => {
      event.preventDefault();
      if (!personId) return;
      put.mutate(
        { personId, role, describe: `${displayName} was added as ${role}.` },
        {
          onSuccess: () => {
            setPersonId('');
            setRole('member');
          },
        },
      );
    },
    changeRole: (memberId: string, displayName: string, newRole: TeamRole) =>
      put.mutate({ personId: memberId, role: newRole, describe: `${displayName} is now ${newRole === 'manager' ? 'a manager' : 'a member'}.` }),
    removeMember: (memberId: string, displayName: string) => remove.mutate({ personId: memberId, describe: `${displayName} was removed from the team.` }),
    isBusy: put.isPending || remove.isPending,
    lastChange,
    error: put.error ?? remove.error,
  };
}

/** The people who could join the team (everyone active not in it yet) and the one chosen in the form. */
export function useMemberCandidates(team: TeamDetail, chosenId: string) {
  const people = useAllPeople();
  const memberIds = new Set(team.members.map((member) => member.personId));
  const candidates = (people.data?.items ?? []).filter((person) => !memberIds.has(person.id));
  return {
    candidates,
    chosen: candidates.find((person) => person.id === chosenId),
    isLoading: people.isPending,
    error: people.error,
  };
}
