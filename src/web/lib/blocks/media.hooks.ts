/** Media as lessons show it, shared by the author studio and the learner app: file addresses, items, playback. */
import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../api-client.ts';
import type { MediaItem } from '../content-types.ts';
import { MEDIA_KEY } from '../query-keys.ts';
import { positionToRemember } from './playback.ts';

/** Where a media item's file, poster and captions are streamed from. */
export const mediaUrls = {
  content: (id: string) => `/api/media/${encodeURIComponent(id)}/content`,
  poster: (id: string) => `/api/media/${encodeURIComponent(id)}/poster`,
  captions: (id: string, language: string) => `/api/media/${encodeURIComponent(id)}/captions/${encodeURIComponent(language)}`,
};

/**
 * The media items with these ids (those a lesson uses), each fetched on its own so a lesson's files are found
 * however large the library is. Unknown or deleted ids are simply absent from the map.
 */
export function useMediaItems(ids: readonly string[]) {
  const unique = [...new Set(ids.filter(Boolean))].sort();
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: [...MEDIA_KEY, 'one', id],
      queryFn: () => api.get<MediaItem>(`/api/media/${encodeURIComponent(id)}`),
      staleTime: 60_000,
    })),
  });
  const items = results.map((result) => result.data);
  const key = items.map((item) => (item ? `${item.id}:${item.captions.length}:${item.durationSeconds ?? ''}` : '')).join('|');
  // A new map only when what the items say changed, so memoised checks do not rerun on every render.
  const byId = useMemo(() => new Map(items.flatMap((item) => (item ? [[item.id, item] as const] : []))), [key]);
  return { byId, signature: key, isLoading: results.some((result) => result.isPending) };
}

const POSITION_PREFIX = 'morsel.media-position.';

/** Reads the remembered playback position of a media file (seconds), or 0. */
export function readPosition(mediaId: string): number {
  try {
    const value = Number(window.localStorage.getItem(POSITION_PREFIX + mediaId));
    return Number.isFinite(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}

/**
 * Remembers where a learner stopped in a video or audio file (in localStorage, by media id), and forgets it once
 * they reach the end, so the next visit resumes where they were. Writes at most every few seconds.
 */
export function usePlaybackPosition(mediaId: string, enabled: boolean) {
  const save = useCallback(
    (seconds: number, duration: number) => {
      if (!enabled) return;
      try {
        const keep = positionToRemember(seconds, duration);
        if (keep === null) window.localStorage.removeItem(POSITION_PREFIX + mediaId);
        else window.localStorage.setItem(POSITION_PREFIX + mediaId, String(keep));
      } catch {
        // Storage full or blocked: resuming is a convenience.
      }
    },
    [mediaId, enabled],
  );
  return { initial: enabled ? readPosition(mediaId) : 0, save };
}
