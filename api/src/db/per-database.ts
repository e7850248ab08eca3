/**
 * An in-process helper kept once per database handle: the app and its procedures share the
 * deps, so they share it; each test file's deps get their own.
 */
export function perDatabase<T>(create: () => T): (deps: { db: object }) => T {
  const made = new WeakMap<object, T>();
  return (deps) => {
    let value = made.get(deps.db);
    if (value === undefined) {
      value = create();
      made.set(deps.db, value);
    }
    return value;
  };
}
