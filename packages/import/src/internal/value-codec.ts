// A compact form for handing rows from a worker thread to the main thread. JSON text cost the worker ~2 µs a row
// to write and the main thread ~3 µs to read back, and structured clone of the row objects more still (V8's
// deserializer makes every string and object one by one). Here a batch of values becomes one Int32Array of codes
// (transferred, not copied), the batch's strings as one text (short ones once: names, cities, companies and kinds
// repeat, and a contact's values often are its raw cells), and the key lists ("shapes") of objects, each sent
// once per worker. The reader builds an object of a known shape with a function made for that shape, so the
// objects come out with the same keys in the same order as JSON would give them.

const STRING = 0
const ARRAY = 1
const OBJECT = 2
const INTEGER = 3
const NUMBER = 4
const TRUE = 5
const FALSE = 6
const NULL = 7
const TAG_BITS = 3
const TAG_MASK = 7
// Payloads (string and shape indexes, array lengths, integers) must fit in the 29 bits above the tag.
const MAX_PAYLOAD = 0x0fffffff
// Strings up to this length are written once per batch (kinds, countries, names, cities, companies repeat);
// longer ones (emails, phone numbers, streets with numbers) are mostly unique, and hashing them costs more than
// sending them twice.
const SHARED_STRING_LENGTH = 24

/** @internal What one batch of written values consists of; all of it is plain data that can be posted. */
export interface EncodedBatch {
  /** The values as codes: a tag in the low 3 bits, a payload above it. */
  codes: Int32Array
  /** The strings of the batch, one after the other (one string posts faster than many). */
  text: string
  /** Where each string ends in `text`. */
  ends: Int32Array
  /** Key lists of object shapes first used in this batch; their indexes continue the writer's earlier ones. */
  shapes: string[][]
}

interface ShapeNode {
  keys: string[]
  nodes: ShapeNode[]
  shape: number
  key: string
  parent: ShapeNode | undefined
}

function node(key: string, parent: ShapeNode | undefined): ShapeNode {
  return { keys: [], nodes: [], shape: -1, key, parent }
}

/**
 * Writes JSON-like values (strings, numbers, booleans, null, arrays and plain objects) in batches. What a value
 * reads back as is what `JSON.parse(JSON.stringify(value))` gives: keys whose value is `undefined` or a function
 * are left out, and such array items become `null`; other values (dates, typed arrays) go as JSON text.
 *
 * @internal
 */
export class ValueWriter {
  // Object shapes as a tree of keys in order (V8's hidden-class transitions, in small): one step per key, and a
  // key is an internalised string compared by identity, so finding an object's shape costs no string building.
  private readonly root = node('', undefined)
  private readonly shapes: string[][] = []
  private shapesSent = 0
  private codes = new Int32Array(16 * 1024)
  private length = 0
  private strings: string[] = []
  private stringIndex = new Map<string, number>()

  /** Adds one value to the batch. */
  write(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.push(this.string(value) << TAG_BITS)
        return
      case 'number':
        if (Number.isInteger(value) && value >= 0 && value <= MAX_PAYLOAD)
          this.push((value << TAG_BITS) | INTEGER)
        else this.push((this.string(JSON.stringify(value)) << TAG_BITS) | NUMBER)
        return
      case 'boolean':
        this.push(value ? TRUE : FALSE)
        return
      case 'object':
        if (value === null) this.push(NULL)
        else if (Array.isArray(value)) this.writeArray(value)
        else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null)
          this.writeObject(value as Record<string, unknown>)
        else this.writeJson(value)
        return
      default:
        // undefined, functions, symbols (top level or in an array): what JSON writes for them in an array.
        if (typeof value === 'bigint') this.writeJson(value)
        else this.push(NULL)
    }
  }

  /** Ends the batch: its codes, strings and new shapes; the writer starts an empty batch. */
  take(): EncodedBatch {
    const ends = new Int32Array(this.strings.length)
    let end = 0
    for (let i = 0; i < this.strings.length; i++) {
      end += (this.strings[i] as string).length
      ends[i] = end
    }
    const batch: EncodedBatch = {
      codes: this.codes.slice(0, this.length),
      text: this.strings.join(''),
      ends,
      shapes: this.shapes.slice(this.shapesSent),
    }
    this.shapesSent = this.shapes.length
    this.length = 0
    this.strings = []
    this.stringIndex = new Map()
    return batch
  }

  private push(code: number): void {
    if (this.length === this.codes.length) {
      const grown = new Int32Array(this.codes.length * 2)
      grown.set(this.codes)
      this.codes = grown
    }
    this.codes[this.length++] = code
  }

  private string(text: string): number {
    if (text.length > SHARED_STRING_LENGTH) {
      this.strings.push(text)
      return this.strings.length - 1
    }
    let index = this.stringIndex.get(text)
    if (index === undefined) {
      index = this.strings.length
      if (index > MAX_PAYLOAD) throw new RangeError('Too many distinct strings in one batch')
      this.strings.push(text)
      this.stringIndex.set(text, index)
    }
    return index
  }

  private writeJson(value: unknown): void {
    // JSON.stringify turns a toJSON value (a Date) into its text; JSON.parse then reads that text back.
    const text = JSON.stringify(value, (_key, item) => (typeof item === 'bigint' ? undefined : item))
    if (text === undefined) this.push(NULL)
    else this.push((this.string(text) << TAG_BITS) | NUMBER)
  }

  private writeArray(items: readonly unknown[]): void {
    if (items.length > MAX_PAYLOAD) throw new RangeError('Array too long to hand over')
    this.push((items.length << TAG_BITS) | ARRAY)
    for (let i = 0; i < items.length; i++) this.write(items[i])
  }

  private writeObject(object: Record<string, unknown>): void {
    const at = this.length
    this.push(0)
    let current = this.root
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue
      const item = object[key]
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue
      const { keys, nodes } = current
      let next: ShapeNode | undefined
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] === key) {
          next = nodes[i]
          break
        }
      }
      if (next === undefined) {
        next = node(key, current)
        keys.push(key)
        nodes.push(next)
      }
      current = next
      this.write(item)
    }
    if (current.shape === -1) {
      current.shape = this.shapes.length
      const keys: string[] = []
      for (let step: ShapeNode = current; step.parent !== undefined; step = step.parent) keys.push(step.key)
      this.shapes.push(keys.reverse())
    }
    ;(this.codes as Int32Array)[at] = (current.shape << TAG_BITS) | OBJECT
  }
}

type Make = (reader: ValueReader) => Record<string, unknown>

// One function per shape builds its objects from a literal, so that all objects of a shape share one hidden class
// and are made without a dictionary step. The keys are written as JSON string literals; `__proto__` is computed,
// since as a literal key it would set the prototype instead of making an own property (JSON.parse makes one).
function maker(keys: readonly string[]): Make {
  const fields = keys.map((key) =>
    key === '__proto__' ? '["__proto__"]: r.next()' : `${JSON.stringify(key)}: r.next()`,
  )
  return new Function('r', `return { ${fields.join(', ')} }`) as Make
}

/**
 * Reads the batches of one {@link ValueWriter}, in the order it wrote them.
 *
 * @internal
 */
export class ValueReader {
  private readonly makers: Make[] = []
  private codes: Int32Array = new Int32Array(0)
  private text = ''
  private ends: Int32Array = new Int32Array(0)
  private strings: (string | undefined)[] = []
  private position = 0

  /** Registers a batch's new shapes; call for every batch of the writer, in order, before reading it. */
  addShapes(batch: EncodedBatch): void {
    for (const keys of batch.shapes) this.makers.push(maker(keys))
  }

  /** Starts reading a batch (its shapes registered). */
  open(batch: EncodedBatch): void {
    this.codes = batch.codes
    this.text = batch.text
    this.ends = batch.ends
    this.strings = new Array(batch.ends.length)
    this.position = 0
  }

  // A string is cut from the batch's text when first read; a repeated one is the same string each time.
  private string(index: number): string {
    let text = this.strings[index]
    if (text === undefined) {
      text = this.text.slice(index === 0 ? 0 : this.ends[index - 1], this.ends[index])
      this.strings[index] = text
    }
    return text
  }

  /** Whether the open batch has values left. */
  get more(): boolean {
    return this.position < this.codes.length
  }

  /** The next value of the open batch. */
  next(): unknown {
    const code = this.codes[this.position++] as number
    const payload = code >>> TAG_BITS
    switch (code & TAG_MASK) {
      case STRING:
        return this.string(payload)
      case ARRAY: {
        const items: unknown[] = new Array(payload)
        for (let i = 0; i < payload; i++) items[i] = this.next()
        return items
      }
      case OBJECT:
        return (this.makers[payload] as Make)(this)
      case INTEGER:
        return payload
      case NUMBER:
        return JSON.parse(this.string(payload))
      case TRUE:
        return true
      case FALSE:
        return false
      default:
        return null
    }
  }
}
