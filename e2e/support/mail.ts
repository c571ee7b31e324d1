// The end-to-end tests use the same real SMTP server on loopback as the route tests.
export { findLink, type MailCatcher, type ReceivedMail, startMailCatcher } from '../../src/server/testing/smtp-capture.ts';
