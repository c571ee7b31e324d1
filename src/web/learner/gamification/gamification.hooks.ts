/**
 * Points, streak, badges, leaderboards and the rewards shop through TanStack Query. Every key sits under
 * `GAMIFICATION_KEY`, so an answer, a redemption or a changed choice refreshes all of them.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api-client.ts';
import type { BadgeView, Leaderboard, MyBadges, MyPoints, Redemption, Redemptions, RewardsCatalogue, SeasonChoice, TeamBoard, TeamLeaderboardSetting, Visibility } from '../../lib/gamification-types.ts';
import type { TeamList } from '../../lib/api-types.ts';
import { GAMIFICATION_KEY, TEAMS_KEY } from '../../lib/query-keys.ts';
import { findCelebration, parseSeenPoints } from './celebration.ts';

/** The query keys of this feature (the admin pages share them). */
export const gamificationKeys = {
  points: [...GAMIFICATION_KEY, 'points'] as const,
  board: (scope: 'organisation' | 'team', season: SeasonChoice, teamId: string | undefined) => [...GAMIFICATION_KEY, 'board', scope, season, teamId ?? ''] as const,
  teams: (season: SeasonChoice) => [...GAMIFICATION_KEY, 'teams', season] as const,
  rewards: (all: boolean) => [...GAMIFICATION_KEY, 'rewards', all ? 'all' : 'offered'] as const,
  redemptions: (all: boolean) => [...GAMIFICATION_KEY, 'redemptions', all ? 'all' : 'mine'] as const,
  settings: [...GAMIFICATION_KEY, 'settings'] as const,
  myBadges: [...GAMIFICATION_KEY, 'badges', 'mine'] as const,
  allBadges: [...GAMIFICATION_KEY, 'badges', 'all'] as const,
};

/** How long after an answer the points are polled: they are awarded in the background a moment after it. */
const AWARD_WAIT_MS = 8_000;
const AWARD_POLL_MS = 1_000;
let awardsExpectedUntil = 0;

/**
 * Says points may be on their way (after a lesson answer or a review): refreshes them now and polls them briefly,
 * because the server awards them in the background just after answering.
 */
export function expectPointsSoon(queryClient: QueryClient, now = Date.now()): void {
  awardsExpectedUntil = now + AWARD_WAIT_MS;
  void queryClient.invalidateQueries({ queryKey: GAMIFICATION_KEY });
}

/** The learner's points, streak, recent awards, leaderboard choice and the rules; polled while awards are due. */
export function useMyPoints() {
  return useQuery({
    queryKey: gamificationKeys.points,
    queryFn: () => api.get<MyPoints>('/api/me/points'),
    refetchInterval: () => (Date.now() < awardsExpectedUntil ? AWARD_POLL_MS : false),
  });
}

/**
 * The learner's badges, earned and still to earn. Under `GAMIFICATION_KEY` and polled like the points: badges are
 * awarded in the same background sync as the points, so they refresh along with them.
 */
export function useMyBadges() {
  return useQuery({
    queryKey: gamificationKeys.myBadges,
    queryFn: () => api.get<MyBadges>('/api/me/badges'),
    refetchInterval: () => (Date.now() < awardsExpectedUntil ? AWARD_POLL_MS : false),
  });
}

/** Every badge of the organisation, active or not (admins). */
export function useAllBadges() {
  return useQuery({ queryKey: gamificationKeys.allBadges, queryFn: () => api.get<BadgeView[]>('/api/badges') });
}

const seenKey = (personId: string) => `morsel.points-seen.${personId}`;

/**
 * A message to celebrate a streak milestone or a first award that arrived since this browser last showed the
 * learner's points, then cleared after a while. What was seen is remembered per person in local storage.
 */
export function useCelebration(points: MyPoints | undefined, personId: string): string | null {
  const [message, setMessage] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => {
    if (!points) return;
    let stored: string | null = null;
    try {
      stored = localStorage.getItem(seenKey(personId));
    } catch {
      return; // No storage (private mode): nothing to compare with, so nothing to celebrate.
    }
    const found = findCelebration(points.recent, parseSeenPoints(stored), new Date(), points.streak.current);
    try {
      localStorage.setItem(seenKey(personId), JSON.stringify(found.seen));
    } catch {
      // Full or unavailable: the next visit may celebrate again, which is harmless.
    }
    // Only a found message replaces the shown one: a second run of this effect must not clear it.
    if (found.message) {
      setMessage(found.message);
      clearTimeout(timer.current);
      timer.current = setTimeout(() => setMessage(null), 15_000);
    }
  }, [points, personId]);
  useEffect(() => () => clearTimeout(timer.current), []);
  return message;
}

/** Appear on leaderboards by name, anonymously, or not at all. */
export function useSetVisibility() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (visibility: Visibility) => api.put<void>('/api/me/leaderboard-visibility', { visibility }),
    onSuccess: (_, visibility) => {
      queryClient.setQueryData<MyPoints>(gamificationKeys.points, (points) => (points ? { ...points, leaderboardVisibility: visibility } : points));
      void queryClient.invalidateQueries({ queryKey: GAMIFICATION_KEY });
    },
  });
}

/** A board of individuals: the organisation's or a team's, for a season. */
export function useLeaderboard(scope: 'organisation' | 'team', season: SeasonChoice, teamId?: string) {
  return useQuery({
    queryKey: gamificationKeys.board(scope, season, teamId),
    queryFn: () => api.get<Leaderboard>('/api/leaderboards', { scope, season, teamId, limit: 20 }),
  });
}

/** Team against team: points per member. */
export function useTeamBoard(season: SeasonChoice, isEnabled = true) {
  return useQuery({ queryKey: gamificationKeys.teams(season), queryFn: () => api.get<TeamBoard>('/api/leaderboards/teams', { season }), enabled: isEnabled });
}

/** Every team of the organisation, for admins (who may open any team's board); the admin pages share the key. */
export function useAllTeams(isEnabled: boolean) {
  return useQuery({ queryKey: [...TEAMS_KEY, 'list'], queryFn: () => api.get<TeamList>('/api/teams'), enabled: isEnabled });
}

/** A team manager (or an admin) turns the team's leaderboard on or off. */
export function useSetTeamLeaderboard() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { teamId: string; enabled: boolean }) => api.put<TeamLeaderboardSetting>(`/api/teams/${encodeURIComponent(input.teamId)}/leaderboard`, { enabled: input.enabled }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: [...GAMIFICATION_KEY, 'board'] }),
  });
}

/** The rewards on offer with the learner's balance (admins with `all`: inactive ones too). */
export function useRewards(all = false) {
  return useQuery({ queryKey: gamificationKeys.rewards(all), queryFn: () => api.get<RewardsCatalogue>('/api/rewards', { all: all ? 'true' : undefined }) });
}

/** The learner's own redemptions, newest first (admins with `all`: everyone's, those to decide first). */
export function useRedemptions(all = false) {
  return useQuery({ queryKey: gamificationKeys.redemptions(all), queryFn: () => api.get<Redemptions>('/api/redemptions', { all: all ? 'true' : undefined }) });
}

/**
 * Redeems a reward. The client id is made once per reward the learner confirms, so a retry after a lost answer
 * redeems once.
 */
export function useRedeem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { rewardId: string; clientId: string }) => api.post<Redemption>(`/api/rewards/${encodeURIComponent(input.rewardId)}/redemptions`, { clientId: input.clientId }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: GAMIFICATION_KEY }),
  });
}
