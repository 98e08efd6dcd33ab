/**
 * Own properties computed on first read: `provenance` and `journal` of a merge result are objects keyed by
 * never-seen strings (field paths), which V8 makes expensive (a string-table entry per path), and many callers
 * read only the contact and the patch. Each property is an enumerable, configurable own accessor until first
 * read, then a plain data property holding the value, so `JSON.stringify`, spreading, `Object.keys` and deep
 * equality see the same object as if it had been filled eagerly; assigning to it replaces the value.
 *
 * The accessor functions are shared by every result (per-object getter closures would give every result its
 * own hidden class), and the thunks ride along in a private field: invisible to reflection, JSON and
 * `structuredClone`, and no WeakMap to sweep.
 *
 * @internal
 * @packageDocumentation
 */

type Thunks = Record<string, () => unknown>

// A base class whose constructor returns the object it is given, so a subclass can add its private field to
// an existing plain object (the object keeps its prototype; only `#thunks in object` can see the field).
class Stamp {
  constructor(target: object) {
    // biome-ignore lint/correctness/noConstructorReturn: returning the target is how the private field lands on it.
    return target
  }
}

class Lazy extends Stamp {
  readonly #thunks: Thunks

  constructor(target: object, thunks: Thunks) {
    super(target)
    this.#thunks = thunks
  }

  /** The thunks of `target` or of the nearest object in its prototype chain that has them. */
  static thunksOf(target: object): Thunks | undefined {
    for (let current: object | null = target; current !== null; current = Object.getPrototypeOf(current)) {
      if (#thunks in current) return (current as Lazy).#thunks
    }
    return undefined
  }
}

function settle(target: object, key: string, value: unknown): void {
  // Reflect, so a frozen result (which can no longer take the data property) still answers every read.
  Reflect.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}

const descriptors = new Map<string, PropertyDescriptor>()

function descriptorFor(key: string): PropertyDescriptor {
  let descriptor = descriptors.get(key)
  if (descriptor === undefined) {
    descriptor = {
      get(this: object) {
        const thunks = Lazy.thunksOf(this)
        const compute = thunks?.[key]
        if (thunks === undefined || compute === undefined) return undefined
        const value = compute()
        // Once computed, a read of an object that could not be settled gets the same value again.
        thunks[key] = () => value
        settle(this, key, value)
        return value
      },
      set(this: object, value: unknown) {
        settle(this, key, value)
      },
      enumerable: true,
      configurable: true,
    }
    descriptors.set(key, descriptor)
  }
  return descriptor
}

/** @internal Adds the `thunks` to `target` as properties computed on first read, in the order given. */
export function withLazyProperties<T extends object>(target: object, thunks: Thunks): T {
  for (const key in thunks) Object.defineProperty(target, key, descriptorFor(key))
  new Lazy(target, thunks)
  return target as T
}
