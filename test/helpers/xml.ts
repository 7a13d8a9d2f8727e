/**
 * A strict XML 1.0 reader for tests: saxes (a conformant, non-validating parser) throws on
 * anything not well-formed (a bad character, an unescaped `<` or `&`, a tag left open or closed
 * out of order, two roots), and the document comes back as a tree of elements.
 */
import { SaxesParser } from 'saxes';

/** An element: its name, attributes (references decoded), child elements and text. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own character data, concatenated. */
  text: string;
}

/** Parses a whole document; throws on the first well-formedness error. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const el: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => {
    if (stack.length) stack[stack.length - 1]!.text += t;
  });
  parser.write(xml).close();
  if (!root) throw new Error('no root element');
  return root;
}
