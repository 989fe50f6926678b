/**
 * A small element tree over fast-xml-parser, shared by the HL7 aECG, MUSE and Philips readers. Namespace prefixes
 * are dropped (the three formats each live in one namespace), attribute and text values stay strings, and the
 * document is validated first so that a truncated file is a FormatError with a line number, not a partial tree.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatError } from './errors.js';

export interface XmlNode {
  /** local name (namespace prefix removed) */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** concatenated, trimmed character data directly inside this element */
  text: string;
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: false,
});

type Ordered = Record<string, unknown>;

function toNode(name: string, items: unknown, attrs: Record<string, string> | undefined): XmlNode {
  const node: XmlNode = { name, attrs: attrs ?? {}, children: [], text: '' };
  const texts: string[] = [];
  for (const item of (items as Ordered[] | undefined) ?? []) {
    for (const key of Object.keys(item)) {
      if (key === ':@') continue;
      if (key === '#text') texts.push(String(item[key]));
      else node.children.push(toNode(key, item[key], item[':@'] as Record<string, string> | undefined));
    }
  }
  node.text = texts.join(' ');
  return node;
}

/** Parses XML text into its root element; throws FormatError naming the line of the first syntax error. */
export function parseXml(text: string, file: string): XmlNode {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new FormatError(file, `XML is not well-formed at line ${line}, column ${col}: ${msg} (truncated or damaged file?)`);
  }
  let doc: Ordered[];
  try {
    doc = parser.parse(text) as Ordered[];
  } catch (e) {
    // e.g. nesting deeper than the parser's limit (maxNestedTags): hostile or not an ECG document
    throw new FormatError(file, `XML could not be parsed: ${(e as Error).message}`);
  }
  const roots = doc.flatMap((item) => Object.keys(item).filter((k) => k !== ':@' && k !== '#text').map((k) => toNode(k, item[k], item[':@'] as Record<string, string> | undefined)));
  if (roots.length !== 1) throw new FormatError(file, `XML document has ${roots.length} root elements, expected one`);
  return roots[0]!;
}

/** First child element called `name`. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** All child elements called `name`. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  return node ? node.children.filter((c) => c.name === name) : [];
}

/** Follows a '/'-separated path of child names, first match at each step. */
export function at(node: XmlNode | undefined, path: string): XmlNode | undefined {
  let cur = node;
  for (const step of path.split('/')) cur = child(cur, step);
  return cur;
}

/** Text of the element at `path`, or undefined when absent or empty (missing is missing). */
export function textAt(node: XmlNode | undefined, path: string): string | undefined {
  const t = at(node, path)?.text.trim();
  return t ? t : undefined;
}

/** Attribute value, undefined when absent or empty. */
export function attr(node: XmlNode | undefined, name: string): string | undefined {
  const v = node?.attrs[name]?.trim();
  return v ? v : undefined;
}

/** Depth-first list of descendant elements called `name` (not descending into matches). */
export function descendants(node: XmlNode | undefined, name: string): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === name) out.push(c);
      else walk(c);
    }
  };
  if (node) walk(node);
  return out;
}
