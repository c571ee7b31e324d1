// The import module's public surface: documents, transcripts and recordings into proposed lessons, then drafts.
export { startImportJobs } from './import.jobs.ts';
export { registerImportRoutes } from './import.routes.ts';
export { createImportService, documentFormatOf, type ImportService } from './import.service.ts';
export * as ImportSchemas from './import.schemas.ts';
