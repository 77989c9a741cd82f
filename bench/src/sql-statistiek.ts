/** Time spent on one statement shape during a run: count and total ms from send to answer. */
export interface SqlStatistiek {
  sql: string;
  n: number;
  ms: number;
}

/**
 * One key per statement shape: whitespace collapsed, parameters and literals as `?`, and a multi-row
 * VALUES list as one row, so the same statement with 3 or 300 rows counts as one.
 */
export function normaliseerSql(sql: string): string {
  return sql
    .replace(/\s+/g, ' ')
    .replace(/\$\d+/g, '?')
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\b\d+\b/g, '?')
    .replace(/(\([^()]*\))(?:\s*,\s*\([^()]*\))+/g, '$1, …')
    .trim()
    .slice(0, 140);
}
