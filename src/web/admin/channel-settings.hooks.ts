/** The organisation's channel settings: the chat webhook and the SMS provider (its auth token is write-only). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ChannelSettings, ChannelSettingsPatch } from '../../server/modules/delivery/inbox.schemas.ts';
import { api } from '../lib/api-client.ts';
import { splitFieldErrors } from '../lib/field-errors.ts';

export type { ChannelSettings } from '../../server/modules/delivery/inbox.schemas.ts';

const CHANNEL_SETTINGS_KEY = ['channel-settings'] as const;

/** The settings as stored (never the SMS auth token, only whether there is one). */
export function useChannelSettings() {
  return useQuery({ queryKey: CHANNEL_SETTINGS_KEY, queryFn: () => api.get<ChannelSettings>('/api/channel-settings') });
}

/** The form's values; the auth token field is empty unless a new token is being typed. */
export interface ChannelSettingsFormValues {
  chatFlavour: ChannelSettings['chatFlavour'];
  chatWebhookUrl: string;
  hasSms: boolean;
  smsBaseUrl: string;
  smsAccountSid: string;
  smsAuthToken: string;
  smsFrom: string;
  boostNudges: boolean;
}

/** The fields a problem can be shown beside. */
export type ChannelSettingsField = 'chatWebhookUrl' | 'smsBaseUrl' | 'smsAccountSid' | 'smsAuthToken' | 'smsFrom';

/** The form showing stored settings. */
export function toChannelSettingsFormValues(settings: ChannelSettings): ChannelSettingsFormValues {
  return {
    chatFlavour: settings.chatFlavour,
    chatWebhookUrl: settings.chatWebhookUrl ?? '',
    hasSms: settings.sms !== null,
    smsBaseUrl: settings.sms?.baseUrl ?? '',
    smsAccountSid: settings.sms?.accountSid ?? '',
    smsAuthToken: '',
    smsFrom: settings.sms?.from ?? '',
    boostNudges: settings.boostNudges,
  };
}

/** The API body: an empty webhook URL removes it; a blank auth token keeps the stored one; no SMS removes the provider. */
export function toChannelSettingsPatch(values: ChannelSettingsFormValues): ChannelSettingsPatch {
  const token = values.smsAuthToken.trim();
  return {
    chatFlavour: values.chatFlavour,
    chatWebhookUrl: values.chatWebhookUrl.trim() === '' ? null : values.chatWebhookUrl.trim(),
    sms: values.hasSms
      ? { baseUrl: values.smsBaseUrl.trim(), accountSid: values.smsAccountSid.trim(), from: values.smsFrom.trim(), ...(token !== '' && { authToken: token }) }
      : null,
    boostNudges: values.boostNudges,
  };
}

/** The field an API problem's path (`chatWebhookUrl`, `sms.baseUrl`, …) belongs to. */
export function channelSettingsFieldOf(path: string): ChannelSettingsField | undefined {
  const fields: Record<string, ChannelSettingsField> = {
    chatWebhookUrl: 'chatWebhookUrl',
    'sms.baseUrl': 'smsBaseUrl',
    'sms.accountSid': 'smsAccountSid',
    'sms.authToken': 'smsAuthToken',
    'sms.from': 'smsFrom',
  };
  return fields[path];
}

/** The settings form: saving sends everything; refused URLs (`unsafe_url`) show beside their field. */
export function useChannelSettingsForm(settings: ChannelSettings) {
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ChannelSettingsFormValues>(() => toChannelSettingsFormValues(settings));
  const [isSaved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (form: ChannelSettingsFormValues) => api.patch<ChannelSettings>('/api/channel-settings', toChannelSettingsPatch(form)),
    onSuccess: (saved) => {
      queryClient.setQueryData(CHANNEL_SETTINGS_KEY, saved);
      setValues(toChannelSettingsFormValues(saved));
      setSaved(true);
    },
  });
  function set<K extends keyof ChannelSettingsFormValues>(name: K, value: ChannelSettingsFormValues[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setSaved(false);
  }
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(values);
  }
  const errors = splitFieldErrors<ChannelSettingsField>(save.error, channelSettingsFieldOf);
  return { values, set, submit, isSaving: save.isPending, isSaved, errors: errors.fields, summary: errors.summary, hasAuthToken: settings.sms?.hasAuthToken ?? false };
}
