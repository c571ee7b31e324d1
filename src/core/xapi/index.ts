/** xAPI 1.0.3: statements as an LRS checks, indexes and returns them. Pure; the server's lrs module stores them. */
export { Activity, ActivityDefinition, Actor, Agent, Group, isIri, isLanguageTag, isTimestamp, isUuid, toUtcIso, LanguageMap, parseStatement, Statement, StatementRef, SubStatement, VOIDED_VERB } from './statement.ts';
export type { StatementIssue } from './statement.ts';
export { canonicalJson, formatStatement, ifiOf, isSameStatement, termsOf, withActivityLists } from './terms.ts';
export type { StatementFormat, StatementTerms } from './terms.ts';
export { attachmentHashes, attachmentsNeedingData, matchesSha2, SIGNATURE_USAGE_TYPE, signatureProblem } from './attachments.ts';
