import { NotFoundError } from '../../platform/errors.ts';
import type { ContentSchemas, ContentService } from '../content/index.ts';

type CourseVersion = ContentSchemas.CourseVersion;

/**
 * A reader of course versions that keeps the ones in use (at most 500): published versions never change, and
 * the learner's loop reads the same few on every request.
 * @throws NotFoundError from the returned function when the organisation has no such course version.
 */
export function createCourseVersionCache(content: Pick<ContentService, 'findCourseVersion'>) {
  const versions = new Map<string, CourseVersion>();
  return async function versionOf(orgId: string, courseId: string, version: number): Promise<CourseVersion> {
    const key = `${orgId}/${courseId}/${version}`;
    let found = versions.get(key);
    if (!found) {
      found = await content.findCourseVersion(orgId, courseId, version);
      if (!found) throw new NotFoundError('course', courseId);
      if (versions.size >= 500) versions.delete(versions.keys().next().value as string);
      versions.set(key, found);
    }
    return found;
  };
}

/** Every lesson of a version, in course order. */
export const lessonsOf = (version: CourseVersion) => version.modules.flatMap((m) => m.lessons);
