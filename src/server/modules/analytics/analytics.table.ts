/** Row types of the analytics module's tables (migration 0017). */

export interface BusinessMetricTable {
  org_id: string;
  /** The metric's name as imported (e.g. "win rate"); compared as written. */
  metric: string;
  person_id: string;
  /** YYYY-MM-DD. */
  date: string;
  value: number;
  imported_at: string;
}

export interface AnalyticsTables {
  business_metric: BusinessMetricTable;
}
