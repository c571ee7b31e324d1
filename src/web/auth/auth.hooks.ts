/** Signing in: password, magic link, password reset. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, ApiError } from '../lib/api-client.ts';
import type { Accepted, RedeemedLink, SessionInfo } from '../lib/api-types.ts';
import { homePathFor, safeNextPath } from '../lib/roles.ts';
import { applySession } from '../lib/session.hooks.ts';

/** A message handed to the next page through navigation state (e.g. "You have signed out."). */
export function useNavigationNotice(): string | undefined {
  const { state } = useLocation();
  const notice = (state as { notice?: unknown } | null)?.notice;
  return typeof notice === 'string' ? notice : undefined;
}

/**
 * The sign-in form. One email field serves both ways in: "Sign in" with the password, or "Email me a sign-in
 * link". When the address belongs to several organisations the API asks which one, and the form shows a field.
 */
export function useSignInForm() {
  const queryClient = useQueryClient();
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [organisation, setOrganisation] = useState('');
  const [isOrganisationAsked, setOrganisationAsked] = useState(false);
  const [problem, setProblem] = useState<Error | null>(null);
  const [hasSubmitted, setSubmitted] = useState(false);

  const organisationSlug = organisation.trim() || undefined;

  const signIn = useMutation({
    mutationFn: () => api.post<SessionInfo>('/api/auth/sign-in', { email: email.trim(), password, organisation: organisationSlug }),
    // The public-page guard sees the session and moves on to `next` or the person's home.
    onSuccess: (session) => applySession(queryClient, session),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'organisation_required') setOrganisationAsked(true);
    },
  });

  const requestLink = useMutation({
    mutationFn: () => api.post<Accepted>('/api/auth/magic-link', { email: email.trim(), organisation: organisationSlug, redirectTo: next }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const wantsLink = submitter instanceof HTMLButtonElement && submitter.value === 'link';
    signIn.reset();
    requestLink.reset();
    setProblem(null);
    setSubmitted(true);
    if (!email.trim()) {
      setProblem(new Error('Enter your email address.'));
      return;
    }
    if (wantsLink) {
      requestLink.mutate();
    } else if (!password) {
      setProblem(new Error('Enter your password, or choose “Email me a sign-in link”.'));
    } else {
      signIn.mutate();
    }
  }

  return {
    fields: { email, password, organisation },
    set: { setEmail, setPassword, setOrganisation },
    isOrganisationAsked,
    hasSubmitted,
    submit,
    isSigningIn: signIn.isPending,
    isSendingLink: requestLink.isPending,
    linkSentMessage: requestLink.data?.message,
    error: problem ?? signIn.error ?? requestLink.error,
  };
}

/** `/forgot-password`: asks for a reset email. The answer is the same whether or not the address is known. */
export function useForgotPasswordForm() {
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => api.post<Accepted>('/api/auth/password-reset', { email: email.trim() }),
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate();
  }
  return { email, setEmail, submit, isSending: request.isPending, sentMessage: request.data?.message, error: request.error };
}

/** `/reset-password?token=`: choose a new password; the person is signed in afterwards. */
export function useResetPasswordForm() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<Error | null>(null);
  const confirm = useMutation({
    mutationFn: () => api.post<SessionInfo>('/api/auth/password-reset/confirm', { token, password }),
    onSuccess: async (session) => {
      applySession(queryClient, session);
      await navigate(homePathFor(session.person.roles), { replace: true });
    },
  });
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    if (password !== confirmation) {
      setProblem(new Error('The two passwords are not the same.'));
      return;
    }
    confirm.mutate();
  }
  return {
    hasToken: token.length > 0,
    fields: { password, confirmation },
    set: { setPassword, setConfirmation },
    submit,
    isSaving: confirm.isPending,
    error: problem ?? confirm.error,
  };
}

/**
 * `/auth/link?token=` (or the short `/l/:token`): redeems the single-use magic link once (even under React's development double
 * effects), then goes to where the link points or the person's home.
 */
export function useRedeemMagicLink() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  // `/auth/link?token=` from email and chat; `/l/:token`, the short form SMS uses.
  const params = useParams<{ token?: string }>();
  const token = params.token ?? searchParams.get('token') ?? '';
  const hasStarted = useRef(false);
  const redeem = useMutation({
    mutationFn: () => api.post<RedeemedLink>('/api/auth/magic-link/redeem', { token }),
    onSuccess: async ({ redirectTo, ...session }) => {
      applySession(queryClient, session);
      await navigate(safeNextPath(redirectTo) ?? homePathFor(session.person.roles), { replace: true });
    },
  });
  const { mutate } = redeem;
  useEffect(() => {
    if (hasStarted.current || !token) return;
    hasStarted.current = true;
    mutate();
  }, [token, mutate]);
  return { hasToken: token.length > 0, isRedeeming: redeem.isPending || redeem.isIdle, error: redeem.error };
}
