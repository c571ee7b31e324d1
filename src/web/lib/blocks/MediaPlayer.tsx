/**
 * A lesson's image, video or audio as learners get it: captions tracks for every language (the first on by
 * default), a playback speed control, and for video and audio the position remembered on this device so a
 * learner who is interrupted resumes where they stopped.
 */
import { useEffect, useRef, useState } from 'react';
import type { MediaItem } from '../content-types.ts';
import { SelectField } from '../fields.tsx';
import { mediaUrls, usePlaybackPosition } from './media.hooks.ts';
import { formatClock, PLAYBACK_SPEEDS, resumePosition } from './playback.ts';

const SPEED_OPTIONS = PLAYBACK_SPEEDS.map((speed) => ({ value: speed, label: speed === '1' ? 'Normal (1×)' : `${speed}×` }));

function Captions({ item }: { item: MediaItem | undefined }) {
  if (!item) return null;
  return (
    <>
      {item.captions.map((track, index) => (
        <track key={track.language} kind="captions" src={mediaUrls.captions(item.id, track.language)} srcLang={track.language} label={track.label || track.language} default={index === 0} />
      ))}
    </>
  );
}

interface MediaViewProps {
  mediaId: string;
  /** The item's facts (kind, captions, poster); undefined while loading or when it is gone. */
  item: MediaItem | undefined;
  /** The accessible name of a video or audio, or an image's alternative text. */
  title?: string;
  /** Remember the playback position on this device (the learner app; not the author's preview). */
  rememberPosition?: boolean;
}

/** An image, or a video or audio player with captions, speed and (optionally) resume. */
export function MediaView({ mediaId, item, title, rememberPosition = false }: MediaViewProps) {
  if (item?.kind === 'image') return <img src={mediaUrls.content(mediaId)} alt={title ?? ''} className="learner-media" />;
  // Remounted once the item (and so its captions) is known: tracks present from the start are honoured as default.
  return <Player key={item ? `${item.id}:${item.captions.length}` : 'loading'} mediaId={mediaId} item={item} title={title} rememberPosition={rememberPosition} />;
}

function Player({ mediaId, item, title, rememberPosition }: Required<Pick<MediaViewProps, 'mediaId' | 'rememberPosition'>> & Pick<MediaViewProps, 'item' | 'title'>) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [speed, setSpeed] = useState('1');
  const position = usePlaybackPosition(mediaId, rememberPosition);
  const [resumedAt, setResumedAt] = useState<number | null>(null);
  const lastSaved = useRef(0);

  useEffect(() => {
    if (ref.current) ref.current.playbackRate = Number(speed);
  }, [speed]);

  const save = () => {
    const media = ref.current;
    if (media) position.save(media.currentTime, media.duration);
  };
  const common = {
    ref,
    controls: true,
    preload: 'metadata' as const,
    src: mediaUrls.content(mediaId),
    className: 'learner-media',
    onLoadedMetadata: () => {
      const media = ref.current;
      if (!media) return;
      media.playbackRate = Number(speed);
      const resumeAt = resumePosition(position.initial, media.duration);
      if (resumeAt !== null) {
        media.currentTime = resumeAt;
        setResumedAt(resumeAt);
      }
    },
    onTimeUpdate: () => {
      const media = ref.current;
      if (!media || Math.abs(media.currentTime - lastSaved.current) < 3) return;
      lastSaved.current = media.currentTime;
      save();
    },
    onPause: save,
    onEnded: save,
    onRateChange: () => {
      // The browser's own menu may change the speed too: keep the control in step.
      const rate = ref.current?.playbackRate;
      if (rate !== undefined && String(rate) !== speed && (PLAYBACK_SPEEDS as readonly string[]).includes(String(rate))) setSpeed(String(rate));
    },
  };
  const isAudio = item?.kind === 'audio';
  return (
    <div className="media-player">
      {isAudio ? (
        <audio {...common} aria-label={title || 'Audio'}>
          <Captions item={item} />
        </audio>
      ) : (
        <video {...common} playsInline poster={item?.hasPoster ? mediaUrls.poster(mediaId) : undefined} aria-label={title || 'Video'}>
          <Captions item={item} />
        </video>
      )}
      <div className="media-controls">
        <SelectField label="Playback speed" value={speed} onValueChange={setSpeed} options={SPEED_OPTIONS} className="media-speed" />
        {resumedAt !== null && (
          <p className="media-resumed">
            <span>Resumed at {formatClock(resumedAt)}.</span>{' '}
            <button
              type="button"
              className="button button-link button-small"
              onClick={() => {
                if (ref.current) ref.current.currentTime = 0;
                setResumedAt(null);
              }}
            >
              Start from the beginning
            </button>
          </p>
        )}
      </div>
    </div>
  );
}
