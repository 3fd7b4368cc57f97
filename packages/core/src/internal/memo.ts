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
