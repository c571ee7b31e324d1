// The learning module's public surface: enrolments, the lesson player's API, attempts and review items, baseline
// and post checks, certifications and compliance, review-load forecasts, fitted FSRS parameters.
export { registerLearningRoutes } from './learning.routes.ts';
export { registerAssessmentRoutes } from './assessment.routes.ts';
export { createLearningService, type LearningService } from './learning.service.ts';
export { createChecksService, type ChecksService } from './checks.service.ts';
export { createCertificationService, type CertificationService } from './certification.service.ts';
export { createForecastService, type ForecastService } from './forecast.service.ts';
export { createFsrsFitService, type FsrsFitService } from './fsrs-fit.service.ts';
export { startLearningJobs } from './learning.jobs.ts';
export { createCourseVersionCache, lessonsOf } from './course-versions.ts';
export * as LearningSchemas from './learning.schemas.ts';
export * as CheckSchemas from './checks.schemas.ts';
export * as CertificationSchemas from './certification.schemas.ts';
export * as ReinforcementSchemas from './reinforcement.schemas.ts';
export { listCertificationChoices, listTrainedPeople, type TrainedBy } from './outcome-groups.ts';
export { teamsByPerson, visibleTeams, type VisibleTeams } from './team-scope.ts';
export { learningPersonData } from './privacy.ts';
