/**
 * Lookups keyed by input. A plain object inherits `constructor`, `toString`, `__proto__`, … from
 * Object.prototype: `TABLE[engineName]` for an engine named `constructor` is a function, and
 * `tags["__proto__"] = value` sets nothing. These helpers read and write own properties only.
 */

/** The own property `key` of `table`, or undefined (never an inherited member). */
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Set `key` as an own data property (a `__proto__` key is a key, not the prototype). */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

export { own, setOwn };
