/** `/campaigns`: every campaign with its status, start, deadline and courses, and "New campaign". */
import { Link } from 'react-router';
import { useNavigationNotice } from '../auth/auth.hooks.ts';
import { EmptyState, ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { formatDateTime, plural } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { STATUS_CHIPS, STATUS_LABELS } from './campaign-view.ts';
import { useCampaigns } from './campaigns.hooks.ts';

export function CampaignsPage() {
  usePageTitle('Campaigns');
  const notice = useNavigationNotice();
  const campaigns = useCampaigns();
  return (
    <>
      <div className="page-header">
        <h1>Campaigns</h1>
        <Link to="/campaigns/new" className="button button-primary">
          New campaign
        </Link>
      </div>
      <p className="lead">A campaign sends published courses to people, teams or everyone matching a rule, one lesson at a time inside each person’s own working hours, and shows who will finish by the deadline.</p>
      <Notice>{notice}</Notice>
      <ErrorAlert error={campaigns.error} />
      {campaigns.isPending ? (
        <Loading label="Loading campaigns…" />
      ) : campaigns.data && campaigns.data.items.length === 0 ? (
        <EmptyState title="No campaigns yet">
          <p>
            <Link to="/campaigns/new">Create a campaign</Link> to send a published course to the people who need it, paced to a deadline.
          </p>
        </EmptyState>
      ) : (
        <table className="table table-stack">
          <caption className="visually-hidden">Campaigns</caption>
          <thead>
            <tr>
              <th scope="col">Campaign</th>
              <th scope="col">Status</th>
              <th scope="col">Starts</th>
              <th scope="col">Deadline</th>
              <th scope="col">Courses</th>
            </tr>
          </thead>
          <tbody>
            {campaigns.data?.items.map((campaign) => (
              <tr key={campaign.id}>
                <th scope="row" data-label="Campaign">
                  <Link to={`/campaigns/${encodeURIComponent(campaign.id)}`}>{campaign.name}</Link>
                </th>
                <td data-label="Status">
                  <span className={STATUS_CHIPS[campaign.status]}>{STATUS_LABELS[campaign.status]}</span>
                </td>
                <td data-label="Starts">{formatDateTime(campaign.startAt)}</td>
                <td data-label="Deadline">{campaign.deadlineAt ? formatDateTime(campaign.deadlineAt) : <span className="muted">None</span>}</td>
                <td data-label="Courses">{plural(campaign.courseIds.length, 'course', 'courses')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
