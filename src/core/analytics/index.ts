/**
 * Analytics' pure rules. So far issue 8's organisational outcomes: trained against untrained (or treated against a
 * randomised hold-out) and difference in differences, with Welch's t-test, Hedges' g, 95 % intervals and
 * plain-language warnings. The server reads the metric rows and calls these.
 */
export {
  CONFIDENCE_LEVEL,
  SMALL_GROUP_SIZE,
  MINIMUM_GROUP_SIZE_TO_TEST,
  BASELINE_IMBALANCE_LIMIT,
  UNEQUAL_GROUP_SIZE_RATIO,
  summariseValues,
  welchTTest,
  hedgesG,
  standardisedMeanDifference,
  compareGroups,
  compareTrainedWithUntrained,
  compareTreatedWithHoldOut,
  differenceInDifferences,
} from './outcomes.ts';
export type {
  ComparisonDesign,
  GroupRole,
  GroupLabel,
  GroupStatistics,
  GroupSummary,
  ConfidenceInterval,
  WelchTest,
  HedgesG,
  OutcomeWarningCode,
  OutcomeWarning,
  GroupComparison,
  Baseline,
  CompareGroupsOptions,
  MetricObservation,
  PersonPeriod,
  DifferenceInDifferencesOptions,
  DifferenceInDifferencesGroup,
  DifferenceInDifferences,
} from './outcomes.ts';
