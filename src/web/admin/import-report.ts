import type { ImportReport } from '../lib/api-types.ts';
import { plural } from '../lib/format.ts';

/** One sentence saying what happened, stating clearly when nothing was imported. */
export function summariseImport(report: ImportReport): string {
  if (report.errors.length > 0) {
    return `Nothing was imported: the file has ${plural(report.errors.length, 'error', 'errors')}. Fix ${report.errors.length === 1 ? 'it' : 'them'} and try again; the whole file is imported or none of it.`;
  }
  if (report.dryRun) {
    return `The file is valid: importing it would create ${plural(report.created, 'person', 'people')} and update ${report.updated}. Nothing has been imported yet.`;
  }
  if (report.applied) {
    return `Imported ${plural(report.rows, 'row', 'rows')}: ${report.created} created, ${report.updated} updated${report.teamsCreated.length ? `, ${plural(report.teamsCreated.length, 'team', 'teams')} created` : ''}.`;
  }
  return 'Nothing was imported.';
}
