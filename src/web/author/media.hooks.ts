/** The media library: listing, uploading with progress, captions and deleting; and what the linter needs of it. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { MediaFacts } from '../../core/lessons/linter.ts';
import { api } from '../lib/api-client.ts';
import type { MediaItem, MediaKind, MediaList } from '../lib/content-types.ts';
import { uploadForm, type Upload, type UploadProgress } from '../lib/upload.ts';
import { MEDIA_KEY } from './author-keys.ts';

// Shared with the learner app: the same files, fetched the same way.
export { mediaUrls, useMediaItems } from '../lib/blocks/media.hooks.ts';

/** The library, optionally narrowed to a kind and a search. */
export function useMediaLibrary(filters: { kind?: MediaKind | ''; q?: string } = {}) {
  return useQuery({
    queryKey: [...MEDIA_KEY, 'list', filters.kind ?? '', filters.q ?? ''],
    queryFn: () => api.get<MediaList>('/api/media', { kind: filters.kind, q: filters.q, limit: 200 }),
    placeholderData: (previous) => previous,
  });
}

/** The facts the linter needs of each media file: its length and whether it has captions. */
export function mediaFactsOf(items: Iterable<MediaItem>): Map<string, MediaFacts> {
  const facts = new Map<string, MediaFacts>();
  for (const item of items) facts.set(item.id, { seconds: item.durationSeconds ?? undefined, hasCaptions: item.captions.length > 0 });
  return facts;
}

/**
 * Uploading one file into the library, with progress. The finished item is added to the cached lists at once
 * so pickers can use it.
 */
export function useMediaUpload() {
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [uploaded, setUploaded] = useState<MediaItem | null>(null);
  const current = useRef<Upload<MediaItem> | null>(null);

  useEffect(() => () => current.current?.abort(), []);

  async function upload(file: File, title?: string): Promise<MediaItem | undefined> {
    setError(null);
    setUploaded(null);
    setFileName(file.name);
    setProgress({ loaded: 0, total: file.size, percent: 0 });
    const form = new FormData();
    if (title?.trim()) form.append('title', title.trim());
    // The file goes last, so the server has the other fields when it starts reading the file.
    form.append('file', file, file.name);
    const running = uploadForm<MediaItem>('/api/media', form, setProgress);
    current.current = running;
    try {
      const item = await running.result;
      setUploaded(item);
      await queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
      return item;
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      current.current = null;
      setProgress(null);
    }
  }

  return {
    upload,
    cancel: () => current.current?.abort(),
    isUploading: progress !== null,
    progress,
    fileName,
    uploaded,
    error,
    reset: () => {
      setError(null);
      setUploaded(null);
    },
  };
}

/** Adding a captions file (WebVTT or SRT) in a language to a video or audio item. */
export function useCaptionsUpload(item: MediaItem) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ file, language, label }: { file: File; language: string; label: string }) => {
      const form = new FormData();
      form.append('language', language.trim());
      if (label.trim()) form.append('label', label.trim());
      form.append('file', file, file.name);
      return uploadForm<MediaItem>(`/api/media/${encodeURIComponent(item.id)}/captions`, form).result;
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
    },
  });
}

/** Deleting a media item (after confirmation). */
export function useDeleteMedia() {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (item: MediaItem) => api.delete(`/api/media/${encodeURIComponent(item.id)}`),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: MEDIA_KEY });
    },
  });
  return {
    deleteItem: (item: MediaItem, name: string) => {
      if (window.confirm(`Delete “${name}” from the media library? Lessons that use it will show it as missing.`)) remove.mutate(item);
    },
    deleted: remove.isSuccess ? remove.variables : undefined,
    isDeleting: remove.isPending,
    error: remove.error,
  };
}
