/**
 * `compute` remembered per string key, for the few header names and codes servers send again and
 * again. At most 1,024 keys of at most `maxKeyLength` characters are kept, so hostile input cannot
 * grow it; anything else is computed each time.
 *
 * @internal
 */
export const memoize = <V>(compute: (key: string) => V, maxKeyLength: number): ((key: string) => V) => {
  const known = new Map<string, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      value = compute(key);
      if (key.length <= maxKeyLength && known.size < 1_024) known.set(key, value);
    }
    return value;
  };
};

/** Each list's names by position, built once per list (lists are module constants). */
const rankings = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/**
 * The position of each name in `names`, built once per list.
 *
 * @internal
 */
export const rankOf = (names: readonly string[]): ReadonlyMap<string, number> => {
  let rank = rankings.get(names);
  if (rank === undefined) {
    rank = new Map(names.map((name, i) => [name, i]));
    rankings.set(names, rank);
  }
  return rank;
};
