/** Row types of the import module's table, exactly as stored (portable types: text, integer, JSON as text). */
export interface ImportJobTable {
  /** UUIDv7: lists page by it. */
  id: string;
  org_id: string;
  kind: 'document' | 'transcript' | 'recording';
  /** queued → ready (proposals to review) → accepting → accepted; or failed, cancelled. */
  status: 'queued' | 'ready' | 'accepting' | 'accepted' | 'failed' | 'cancelled';
  /** The suggested course's title (the author may change it before accepting). */
  title: string;
  /** The uploaded or pasted file's name, for people. */
  source_name: string;
  /** markdown | html | text for documents; vtt | srt for transcripts; media for recordings. */
  source_format: string;
  /** The document, or the captions of a transcript; empty for a recording. */
  source_text: string;
  chapters_text: string | null;
  /** The recording (in the media library) the clips are cut from. */
  media_id: string | null;
  /** JSON array of StoredProposal, once chunked. */
  proposals: string | null;
  /** JSON { language }: the captions' language, given at creation. */
  options: string;
  /** JSON array of strings. */
  warnings: string;
  /** Goes up with every change to the proposals; a review or accept from a stale revision is refused. */
  revision: number;
  /** What the background job is doing, for the progress display. */
  stage: string;
  progress_done: number;
  progress_total: number;
  /** How many times the job has been started (a crashed run is retried, three times at most). */
  attempts: number;
  /** ISO time until which a runner owns the job; null when nobody does. */
  lease_until: string | null;
  /** JSON { courseTitle, objectiveId, language } given on accept. */
  accept_options: string | null;
  /** JSON array of media ids chosen for the clips before cutting, so a retried accept makes each clip once. */
  clip_media_ids: string | null;
  /** The draft course the accept created. */
  course_id: string | null;
  error_code: string | null;
  error_message: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Where an imported lesson came from. */
export interface ImportLessonTable {
  lesson_id: string;
  org_id: string;
  import_id: string;
  /** The document's or captions' file name. */
  source_name: string;
  /** JSON array: the heading path (or chapter) of the proposal it was made from. */
  heading_path: string;
}

export interface ImportTables {
  import_job: ImportJobTable;
  import_lesson: ImportLessonTable;
}
