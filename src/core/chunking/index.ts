/**
 * The chunker of issue 10 ("Break it up"): documents and transcripts in, proposed micro-lessons out. Pure; the
 * CLI (`morsel chunk`) prints a `ChunkResult` as JSON and the import service turns accepted proposals into drafts.
 */
export {
  chunkDocument,
  chunkRecording,
  chunkTranscript,
  mergeProposals,
  proposalPieces,
  splitProposal,
  type ChunkOptions,
  type ChunkResult,
  type DocumentInput,
  type ProposedLesson,
  type SourceRange,
  type SuggestedCourse,
  type TranscriptInput,
} from './chunker.ts';
export { draftCoreQuestion, draftQuestions } from './questions.ts';
export { splitSentences } from './sentences.ts';
export { formatVttTimestamp, parseChapters, parseTranscript, rebaseCaptions, TranscriptFormatError, type Chapter, type Transcript, type TranscriptCue } from './transcript.ts';
