import { hash } from 'node:crypto';

/**
 * An SQS record's md5OfBody, made when first read, as plain JavaScript source: the one definition
 * both the runtime's thread (for in-process handlers, `lazyMd5` below) and each environment's
 * worker thread (interpolated into `host-source.ts`) run, so the two keep the same behaviour. It
 * defines `lazyMd5(record, body)` and reads `md5Hex(text)` from its scope.
 *
 * md5OfBody is an own enumerable property whose value is made when first read: `Object.keys`,
 * JSON.stringify, spreads and `in` see it where JSON.parse puts it (its getter and setter are the
 * same functions for every record, so records keep one shape). The body as sent is kept in a
 * private field (no key, not in JSON), so the MD5 is the one of the body as sent even when the
 * handler changes `body` first; a value the handler assigns is kept as it is. Computing the MD5
 * of every body at once costs more than the rest of a record together (about 0.5 µs a message),
 * for what few handlers read. Unlike a data property, Object.getOwnPropertyDescriptor shows a
 * getter and setter.
 */
export const LAZY_MD5_SOURCE = String.raw`
// A base class whose constructor returns the object it is given: its subclass adds private fields to any object.
class Stamp {
  constructor(o) {
    return o;
  }
}
class Md5OfBody extends Stamp {
  #body;
  #md5;
  constructor(o, body) {
    super(o);
    this.#body = body;
    this.#md5 = undefined;
  }
  static read(o) {
    return (o.#md5 ??= md5Hex(o.#body));
  }
  static write(o, v) {
    o.#md5 = v;
  }
}
const MD5_OF_BODY = {
  get() {
    return Md5OfBody.read(this);
  },
  set(v) {
    Md5OfBody.write(this, v);
  },
  enumerable: true,
  configurable: true,
};
function lazyMd5(record, body) {
  new Md5OfBody(record, body);
  Object.defineProperty(record, 'md5OfBody', MD5_OF_BODY);
}
`;

/** Gives `record` its md5OfBody, made from `body` when first read (see `LAZY_MD5_SOURCE`). */
export const lazyMd5: (record: object, body: string) => void = new Function('md5Hex', `${LAZY_MD5_SOURCE}\nreturn lazyMd5;`)((text: string) => hash('md5', text));
