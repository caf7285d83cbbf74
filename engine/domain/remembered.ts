/**
 * Answers remembered by key, at most `limit` of them: past the limit all are forgotten and worked out again, so
 * that a sheet whose cells are all different cannot grow memory without end, while the few keys a real sheet
 * makes (its dates, its solution IDs, its deals' places in the lifecycle) are worked out once.
 *
 * @example
 * const midnights = remembered<number>(65_536);
 * midnights.get('2026-11-23', (iso) => Date.parse(`${iso}T00:00:00Z`)); // worked out once, then remembered
 *
 * `work` gets the key, so that a hot path can pass one function made once instead of a new closure per call.
 */
export function remembered<V>(limit: number): { get(key: string, work: (key: string) => V): V } {
  const answers = new Map<string, V>();
  return {
    get(key, work) {
      const known = answers.get(key);
      if (known !== undefined || answers.has(key)) return known as V;
      const answer = work(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
      return answer;
    },
  };
}
