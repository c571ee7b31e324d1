import { ErrorAlert, Loading, Notice } from '../lib/feedback.tsx';
import { hintWith, TextField } from '../lib/fields.tsx';
import { CheckboxField, RadioGroup } from '../lib/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { usePageTitle } from '../lib/page.hooks.ts';
import { type ChannelSettings, useChannelSettings, useChannelSettingsForm } from './channel-settings.hooks.ts';
import '../delivery.css';

/** `/admin/channels`: where chat messages are posted and which provider sends SMS. */
export function ChannelSettingsPage() {
  usePageTitle('Channels');
  const settings = useChannelSettings();
  return (
    <>
      <h1>Channels</h1>
      <p className="lead">Besides the web app and email, Morsel can post lessons to a chat channel and send them by SMS. Each person chooses their channels in their profile; a campaign can also force one.</p>
      <ErrorAlert error={settings.error} />
      {settings.isPending ? <Loading /> : settings.data && <ChannelSettingsForm settings={settings.data} />}
    </>
  );
}


function ChannelSettingsForm({ settings }: { settings: ChannelSettings }) {
  const form = useChannelSettingsForm(settings);
  const { values, set, errors } = form;
  return (
    <form onSubmit={form.submit} className="form form-wide">
      <fieldset className="form-section">
        <legend>Chat</legend>
        <p className="hint">
          Lessons for people who prefer chat are posted to a channel through its incoming webhook (a team can have its own channel, set on the team’s page). Everyone in a channel can read what is posted there, so a chat message carries a plain link to the lesson, never a sign-in link: people sign in as usual when they open it.
        </p>
        <RadioGroup
          legend="Chat tool"
          options={[
            { value: 'slack', label: 'Slack (or a Slack-compatible tool such as Mattermost)' },
            { value: 'teams', label: 'Microsoft Teams' },
          ]}
          value={values.chatFlavour}
          onValueChange={(v) => set('chatFlavour', v)}
        />
        <TextField
          label="Chat webhook URL"
          hint={hintWith('The organisation’s channel; leave empty to post nothing to chat except for teams that have their own.', errors.chatWebhookUrl)}
          type="url"
          inputMode="url"
          value={values.chatWebhookUrl}
          onValueChange={(v) => set('chatWebhookUrl', v)}
          maxLength={2000}
          placeholder={values.chatFlavour === 'teams' ? 'https://….webhook.office.com/…' : 'https://hooks.slack.com/services/…'}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={Boolean(errors.chatWebhookUrl)}
        />
      </fieldset>

      <fieldset className="form-section">
        <legend>SMS</legend>
        <p className="hint">SMS goes through a provider with a Twilio-compatible API. An SMS goes to one person, so it carries a short, single-use sign-in link to the lesson: frontline staff without email need no password.</p>
        <CheckboxField label="Send SMS through a provider" checked={values.hasSms} onCheckedChange={(v) => set('hasSms', v)} />
        {values.hasSms && (
          <div className="form-grid">
            <TextField
              label="Provider API address"
              hint={hintWith('The provider’s API root, e.g. https://api.twilio.com.', errors.smsBaseUrl)}
              type="url"
              inputMode="url"
              value={values.smsBaseUrl}
              onValueChange={(v) => set('smsBaseUrl', v)}
              maxLength={2000}
              required
              spellCheck={false}
              autoComplete="off"
              aria-invalid={Boolean(errors.smsBaseUrl)}
            />
            <TextField label="Account SID" hint={hintWith('Your account’s identifier at the provider.', errors.smsAccountSid)} value={values.smsAccountSid} onValueChange={(v) => set('smsAccountSid', v)} maxLength={64} required spellCheck={false} autoComplete="off" aria-invalid={Boolean(errors.smsAccountSid)} />
            <TextField
              label="Auth token"
              hint={hintWith(form.hasAuthToken ? 'A token is stored; it is never shown. Type a new one only to replace it.' : 'Kept on the server and never shown again.', errors.smsAuthToken)}
              type="password"
              value={values.smsAuthToken}
              onValueChange={(v) => set('smsAuthToken', v)}
              placeholder={form.hasAuthToken ? 'stored — leave blank to keep' : undefined}
              maxLength={200}
              autoComplete="new-password"
              aria-invalid={Boolean(errors.smsAuthToken)}
            />
            <TextField label="Sender" hint={hintWith('An E.164 number such as +441234567890, or a name of up to 11 letters and digits.', errors.smsFrom)} value={values.smsFrom} onValueChange={(v) => set('smsFrom', v)} maxLength={20} required autoComplete="off" aria-invalid={Boolean(errors.smsFrom)} />
          </div>
        )}
      </fieldset>

      <fieldset className="form-section">
        <legend>Review nudges</legend>
        <CheckboxField
          label="Nudge people to their daily boost"
          hint="Once a working day, half an hour after their work starts, people with review questions due get a short message on their first channel (as lessons do) linking to their boost. Nothing is sent to people with nothing due."
          checked={values.boostNudges}
          onCheckedChange={(v) => set('boostNudges', v)}
        />
      </fieldset>

      <Notice>{form.isSaved ? 'The channel settings were saved.' : undefined}</Notice>
      <ErrorAlert error={form.summary} title="The settings were not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={form.isSaving}>
          {form.isSaving ? 'Saving…' : 'Save channel settings'}
        </button>
        {settings.updatedAt && <span className="muted">Last changed {formatDateTime(settings.updatedAt)}</span>}
      </div>
    </form>
  );
}
