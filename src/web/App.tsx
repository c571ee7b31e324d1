/** The routes of the web app. */
import { QueryClientProvider } from '@tanstack/react-query';
import { lazy, useEffect, useState, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AdminLayout } from './admin/AdminLayout.tsx';
import { ImportPeoplePage } from './admin/ImportPeoplePage.tsx';
import { PeoplePage } from './admin/PeoplePage.tsx';
import { EditPersonPage, NewPersonPage } from './admin/PersonFormPage.tsx';
import { TeamPage } from './admin/TeamPage.tsx';
import { TeamsPage } from './admin/TeamsPage.tsx';
import { OutboxPage } from './admin/OutboxPage.tsx';
import { TokensPage } from './admin/TokensPage.tsx';
import { ChannelSettingsPage } from './admin/ChannelSettingsPage.tsx';
import { TriggerRulesPage } from './admin/TriggerRulesPage.tsx';
import { UnsubscribePage } from './auth/UnsubscribePage.tsx';
import { CampaignPage } from './campaigns/CampaignPage.tsx';
import { CampaignsPage } from './campaigns/CampaignsPage.tsx';
import { EditCampaignPage, NewCampaignPage } from './campaigns/NewCampaignPage.tsx';
import { ForgotPasswordPage } from './auth/ForgotPasswordPage.tsx';
import { MagicLinkPage } from './auth/MagicLinkPage.tsx';
import { ResetPasswordPage } from './auth/ResetPasswordPage.tsx';
import { SignInPage } from './auth/SignInPage.tsx';
import { AuthorLayout } from './author/AuthorLayout.tsx';
import { BoostPage } from './learner/BoostPage.tsx';
import { CoursePage } from './learner/CoursePage.tsx';
import { LessonPlayerPage } from './learner/LessonPlayerPage.tsx';
import { CheckPage } from './learner/checks/CheckPage.tsx';
import { SearchPage } from './learner/search/SearchPage.tsx';
import { TodayPage } from './learner/TodayPage.tsx';
import { LearnerLayout } from './learner/LearnerLayout.tsx';
import { HomeRedirect, NotFoundPage, RedirectSignedIn, RequireRole, RequireSession, SetupGate } from './lib/guards.tsx';
import { PublicLayout, Shell } from './lib/Layouts.tsx';
import { createQueryClient } from './lib/query-client.ts';
import { registerServiceWorker } from './lib/service-worker.ts';
import { CheckResultsPage } from './manage/CheckResultsPage.tsx';
import { CompliancePage } from './manage/CompliancePage.tsx';
import { ForecastPage } from './manage/ForecastPage.tsx';
import { ManageHomePage } from './manage/ManageHomePage.tsx';
import { OutcomesPage } from './manage/OutcomesPage.tsx';
import { ProgressPage } from './manage/ProgressPage.tsx';
import { ProficiencyPage } from './manage/ProficiencyPage.tsx';
import { ProfilePage } from './profile/ProfilePage.tsx';
import { SetupPage } from './setup/SetupPage.tsx';

/** A page loaded on first use, from a module's named export. */
function lazyPage<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

// The author studio runs the lesson linter (and so zod) in the browser: it loads only when an author opens it.
const AuthorHomePage = lazyPage(() => import('./author/AuthorHomePage.tsx'), 'AuthorHomePage');
const ObjectivesPage = lazyPage(() => import('./author/ObjectivesPages.tsx'), 'ObjectivesPage');
const NewObjectivePage = lazyPage(() => import('./author/ObjectivesPages.tsx'), 'NewObjectivePage');
const EditObjectivePage = lazyPage(() => import('./author/ObjectivesPages.tsx'), 'EditObjectivePage');
const NewLessonPage = lazyPage(() => import('./author/LessonEditorPage.tsx'), 'NewLessonPage');
const EditLessonPage = lazyPage(() => import('./author/LessonEditorPage.tsx'), 'EditLessonPage');
const CoursesPage = lazyPage(() => import('./author/CoursesPage.tsx'), 'CoursesPage');
const NewCoursePage = lazyPage(() => import('./author/CourseStoryboardPage.tsx'), 'NewCoursePage');
const CourseStoryboardPage = lazyPage(() => import('./author/CourseStoryboardPage.tsx'), 'CourseStoryboardPage');
const MediaPage = lazyPage(() => import('./author/MediaPage.tsx'), 'MediaPage');
const CertificationsPage = lazyPage(() => import('./author/certifications/CertificationsPage.tsx'), 'CertificationsPage');
const ImportsPage = lazyPage(() => import('./author/imports/ImportsPage.tsx'), 'ImportsPage');
const NewImportPage = lazyPage(() => import('./author/imports/NewImportPage.tsx'), 'NewImportPage');
const ImportPage = lazyPage(() => import('./author/imports/ImportPage.tsx'), 'ImportPage');
const AuthorSearchPage = lazyPage(() => import('./author/search/AuthorSearchPage.tsx'), 'AuthorSearchPage');
const ContentGapsPage = lazyPage(() => import('./author/search/ContentGapsPage.tsx'), 'ContentGapsPage');
const SynonymsPage = lazyPage(() => import('./author/search/SynonymsPage.tsx'), 'SynonymsPage');
const ImprovePage = lazyPage(() => import('./author/improve/ImprovePage.tsx'), 'ImprovePage');
const LessonImprovementPage = lazyPage(() => import('./author/improve/LessonImprovementPage.tsx'), 'LessonImprovementPage');
// Points, leaderboards and rewards load when first opened (Today's points card is in the main bundle).
const PointsPage = lazyPage(() => import('./learner/gamification/PointsPage.tsx'), 'PointsPage');
const LeaderboardPage = lazyPage(() => import('./learner/gamification/LeaderboardPage.tsx'), 'LeaderboardPage');
const RewardsPage = lazyPage(() => import('./learner/gamification/RewardsPage.tsx'), 'RewardsPage');
const GamificationSettingsPage = lazyPage(() => import('./admin/gamification/GamificationSettingsPage.tsx'), 'GamificationSettingsPage');
const RewardsAdminPage = lazyPage(() => import('./admin/gamification/RewardsAdminPage.tsx'), 'RewardsAdminPage');
const LrsCredentialsPage = lazyPage(() => import('./admin/LrsCredentialsPage.tsx'), 'LrsCredentialsPage');
const AuditLogPage = lazyPage(() => import('./admin/AuditLogPage.tsx'), 'AuditLogPage');

/** The whole app: data cache, router, and every page behind its guards. */
export function App() {
  const [queryClient] = useState(createQueryClient);
  useEffect(registerServiceWorker, []);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Routes>
          <Route element={<SetupGate />}>
            <Route element={<PublicLayout />}>
              <Route path="/setup" element={<SetupPage />} />
              <Route element={<RedirectSignedIn />}>
                <Route path="/sign-in" element={<SignInPage />} />
                <Route path="/forgot-password" element={<ForgotPasswordPage />} />
              </Route>
              <Route path="/reset-password" element={<ResetPasswordPage />} />
              <Route path="/auth/link" element={<MagicLinkPage />} />
              <Route path="/l/:token" element={<MagicLinkPage />} />
              <Route path="/unsubscribe" element={<UnsubscribePage />} />
            </Route>
            <Route element={<RequireSession />}>
              <Route element={<Shell />}>
                <Route index element={<HomeRedirect />} />
                <Route element={<LearnerLayout />}>
                  <Route path="/learn" element={<TodayPage />} />
                  <Route path="/learn/points" element={<PointsPage />} />
                  <Route path="/learn/leaderboard" element={<LeaderboardPage />} />
                  <Route path="/learn/rewards" element={<RewardsPage />} />
                </Route>
                <Route path="/learn/boost" element={<BoostPage />} />
                <Route path="/learn/search" element={<SearchPage />} />
                <Route path="/learn/courses/:courseId" element={<CoursePage />} />
                <Route path="/learn/courses/:courseId/lessons/:lessonId" element={<LessonPlayerPage />} />
                <Route path="/learn/courses/:courseId/checks/:phase" element={<CheckPage />} />
                <Route path="/profile" element={<ProfilePage />} />
                <Route element={<RequireRole roles={['author', 'admin']} />}>
                  <Route path="/author" element={<AuthorLayout />}>
                    <Route index element={<AuthorHomePage />} />
                    <Route path="objectives" element={<ObjectivesPage />} />
                    <Route path="objectives/new" element={<NewObjectivePage />} />
                    <Route path="objectives/:id" element={<EditObjectivePage />} />
                    <Route path="lessons" element={<Navigate to="/author" replace />} />
                    <Route path="lessons/new" element={<NewLessonPage />} />
                    <Route path="lessons/:id" element={<EditLessonPage />} />
                    <Route path="courses" element={<CoursesPage />} />
                    <Route path="courses/new" element={<NewCoursePage />} />
                    <Route path="courses/:id" element={<CourseStoryboardPage />} />
                    <Route path="media" element={<MediaPage />} />
                    <Route path="certifications" element={<CertificationsPage />} />
                    <Route path="imports" element={<ImportsPage />} />
                    <Route path="imports/new" element={<NewImportPage />} />
                    <Route path="imports/:id" element={<ImportPage />} />
                    <Route path="search" element={<AuthorSearchPage />} />
                    <Route path="search/gaps" element={<ContentGapsPage />} />
                    <Route path="search/synonyms" element={<SynonymsPage />} />
                    <Route path="improve" element={<ImprovePage />} />
                    <Route path="improve/lessons/:lessonId" element={<LessonImprovementPage />} />
                  </Route>
                </Route>
                <Route element={<RequireRole roles={['author', 'admin']} />}>
                  <Route path="/campaigns" element={<CampaignsPage />} />
                  <Route path="/campaigns/new" element={<NewCampaignPage />} />
                  <Route path="/campaigns/:id" element={<CampaignPage />} />
                  <Route path="/campaigns/:id/edit" element={<EditCampaignPage />} />
                </Route>
                <Route element={<RequireRole roles={['manager', 'admin']} />}>
                  <Route path="/manage" element={<ManageHomePage />} />
                  <Route path="/manage/compliance" element={<CompliancePage />} />
                  <Route path="/manage/forecast" element={<ForecastPage />} />
                  <Route path="/manage/outcomes" element={<OutcomesPage />} />
                  <Route path="/manage/progress" element={<ProgressPage />} />
                  <Route path="/manage/proficiency" element={<ProficiencyPage />} />
                  <Route path="/manage/courses/:courseId/checks" element={<CheckResultsPage />} />
                </Route>
                <Route element={<RequireRole roles={['admin']} />}>
                  <Route path="/admin" element={<AdminLayout />}>
                    <Route index element={<HomeRedirect />} />
                    <Route path="people" element={<PeoplePage />} />
                    <Route path="people/new" element={<NewPersonPage />} />
                    <Route path="people/import" element={<ImportPeoplePage />} />
                    <Route path="people/:id" element={<EditPersonPage />} />
                    <Route path="teams" element={<TeamsPage />} />
                    <Route path="teams/:id" element={<TeamPage />} />
                    <Route path="tokens" element={<TokensPage />} />
                    <Route path="channels" element={<ChannelSettingsPage />} />
                    <Route path="triggers" element={<TriggerRulesPage />} />
                    <Route path="outbox" element={<OutboxPage />} />
                    <Route path="gamification" element={<GamificationSettingsPage />} />
                    <Route path="rewards" element={<RewardsAdminPage />} />
                    <Route path="lrs" element={<LrsCredentialsPage />} />
                    <Route path="audit" element={<AuditLogPage />} />
                  </Route>
                </Route>
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Route>
          </Route>
        </Routes>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
