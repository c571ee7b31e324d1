/** Row types of the media module's tables, exactly as stored (portable types: text, integer, double, JSON as text). */
export interface MediaTable {
  /** UUIDv7: time-ordered, so lists page by id. */
  id: string;
  org_id: string;
  kind: 'image' | 'video' | 'audio';
  /** Detected from the content, never taken from the upload's name or headers. */
  mime_type: string;
  /** The uploaded file's name, sanitised; shown to people and offered as the download name. */
  filename: string;
  title: string | null;
  size_bytes: number;
  /** Where the storage keeps the file: `<orgId>/<mediaId>/original.<ext>`. */
  storage_key: string;
  /** A JPEG frame of a video: `<orgId>/<mediaId>/poster.jpg`; null for images and audio. */
  poster_key: string | null;
  /** Seconds, for video and audio. */
  duration_seconds: number | null;
  /** Pixels, for images and video (as displayed, rotation applied). */
  width: number | null;
  height: number | null;
  /** JSON array of the streams ffprobe found: { type, codec, width?, height?, channels? }. */
  streams: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MediaCaptionTable {
  org_id: string;
  media_id: string;
  /** A canonical BCP 47 tag (`en`, `fr-CA`); one track per language. */
  language: string;
  /** What players show in their captions menu. */
  label: string;
  /** `<orgId>/<mediaId>/captions.<language>.vtt`; always WebVTT (SRT is converted on upload). */
  storage_key: string;
  cue_count: number;
  created_at: string;
  updated_at: string;
}

export interface MediaTables {
  media: MediaTable;
  media_caption: MediaCaptionTable;
}
