/**
 * A strict JSON syntax check (ECMA-404, which CloudFormation follows) with the offset of the first
 * error. The `yaml` package reads JSON as YAML flow collections, which gives every node its
 * position, but YAML flow is more lenient than JSON (a trailing comma, an unquoted word, a
 * comment): a JSON template that CloudFormation would refuse must be refused here too, with a
 * clear message, before `yaml` reads it.
 */

/** The first syntax error of a JSON text: its offset and what is wrong. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly message: string;
}

class Fail {
  constructor(readonly offset: number, readonly message: string) {}
}

/** The characters of a string that need no look: not '"', not '\\', not a control character. */
const PLAIN_RUN = /[^"\\\x00-\x1F]*/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

/** The first syntax error of `text` as JSON, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const describe = (at: number): string => (at >= text.length ? 'the end of the file' : `'${text[at]}'`);
  const fail = (message: string, at = i): never => {
    throw new Fail(at, message);
  };
  const skip = (): void => {
    // JSON's white space: space, LF, CR, TAB (by code: no one-character string for each).
    for (let c = text.charCodeAt(i); c === 32 || c === 10 || c === 13 || c === 9; c = text.charCodeAt(++i));
    if (text[i] === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) fail('JSON allows no comments (use a YAML template to comment it)');
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      // A run of characters that need no look (not '"', not '\\', not a control character) at once.
      PLAIN_RUN.lastIndex = i;
      PLAIN_RUN.test(text);
      i = PLAIN_RUN.lastIndex;
      if (i >= text.length) fail('unterminated string: it needs a closing "');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape: it needs 4 hex digits');
          i += 6;
        } else if (e !== undefined && ESCAPES.has(e)) i += 2;
        else fail(`invalid escape '\\${e ?? ''}' in a string (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
        continue;
      }
      if (c < ' ') fail('control character in a string: write it as an escape (\\n, \\t, \\u0000...)');
      i++;
    }
  };
  const value = (depth: number): void => {
    if (depth > 1000) fail('the JSON is nested too deeply');
    skip();
    const c = text[i];
    if (c === '{') return object(depth);
    if (c === '[') return array(depth);
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if (c !== undefined && /[-0-9]/.test(c) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail(`expected a value (a string in double quotes, a number, an object, an array, true, false or null), got ${describe(i)}`);
  };
  const object = (depth: number): void => {
    i++; // {
    skip();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skip();
      if (text[i] !== '"') fail(`expected a property name in double quotes, got ${describe(i)}`);
      string();
      skip();
      if (text[i] !== ':') fail(`expected ':' after the property name, got ${describe(i)}`);
      i++;
      value(depth + 1);
      skip();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`expected ',' or '}' after a property value, got ${describe(i)}`);
      const comma = i;
      i++;
      skip();
      if (text[i] === '}') fail("trailing comma: JSON allows no ',' before '}'", comma);
    }
  };
  const array = (depth: number): void => {
    i++; // [
    skip();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value(depth + 1);
      skip();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') fail(`expected ',' or ']' after an array element, got ${describe(i)}`);
      const comma = i;
      i++;
      skip();
      if (text[i] === ']') fail("trailing comma: JSON allows no ',' before ']'", comma);
    }
  };
  try {
    value(0);
    skip();
    if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON document`);
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return { offset: e.offset, message: e.message };
    throw e;
  }
}
