/** Row types of the tables of Morsel's own statements (migration 0016). */

/** Where the sweep of Morsel's own statements has read up to. */
export interface OwnStatementCursorTable {
  /** One row per sweep; `statements` is the only one. */
  name: string;
  /** UTC ISO 8601: every learning record dated before this (less the overlap) has been written. */
  through: string;
}

export interface OwnStatementsTables {
  own_statement_cursor: OwnStatementCursorTable;
}
