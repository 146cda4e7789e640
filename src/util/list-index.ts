/**
 * An index of a list built once and kept while the list is the same array of the same length (so a list that grows
 * is indexed again). `cache` belongs to the caller: one per kind of index.
 */
export function indexOfList<T, V>(
  cache: WeakMap<readonly T[], { length: number; value: V }>,
  list: readonly T[],
  build: (list: readonly T[]) => V,
): V {
  let entry = cache.get(list);
  if (!entry || entry.length !== list.length) {
    entry = { length: list.length, value: build(list) };
    cache.set(list, entry);
  }
  return entry.value;
}

/** Items by key, the first of each key winning (as Array.find would find it). */
export function firstByKey<T, K>(list: readonly T[], key: (item: T) => K): Map<K, T> {
  const map = new Map<K, T>();
  for (const item of list) {
    const k = key(item);
    if (!map.has(k)) map.set(k, item);
  }
  return map;
}
