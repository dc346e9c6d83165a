#!/usr/bin/env node
// Generates Sources/HeadlessDOM/ReflectionTable.swift: which IDL attribute of which HTML element interface
// reflects which content attribute, and how (string, URL, boolean, long, unsigned long, limited/clamped
// numbers with defaults, enumerated with missing/invalid defaults, DOMTokenList).
//
// Source: WPT's own reflection tables, `html/dom/elements-*.js` (the data `html/dom/reflection.js` tests).
// They are read at generation time from a WPT checkout (never copied into this repository):
//   node scripts/gen-reflection-table.mjs /work/shared/wpt [/tmp/wpt-extra ...]
// Each later directory may supply tables the first lacks. The subset in /work/shared/wpt has no
// `elements-forms.js` nor `elements-grouping.js`; `elements-forms.js` was read from web-platform-tests/wpt at
// commit 0b188a4b9ca19178b0bc84c72688f8b40ab83274 (the search tool's stored copy) into /tmp/wpt-extra.
// `elements-grouping.js` has no stored copy: the grouping elements (p, hr, pre, ol, ul, li, dl, div,
// blockquote) come from the HTML standard's IDL in `STANDARD` below, as do the global attributes
// (reflection.js tests those for every element without listing them), and `CORRECTIONS`: where the 2013
// tables predate the standard (keygen, applet, `<input type=datetime>`, `<select required>` as a string).
// The committed Swift file is our own data: regenerate it with the command above when a table changes.
import { readFileSync, existsSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import vm from "node:vm";
import { fileURLToPath } from "node:url";

const roots = process.argv.slice(2);
if (roots.length === 0) { console.error("usage: gen-reflection-table.mjs WPT_DIR [EXTRA_DIR...]"); process.exit(2); }
const tableFiles = ["elements-embedded.js", "elements-forms.js", "elements-metadata.js", "elements-misc.js",
  "elements-obsolete.js", "elements-sections.js", "elements-tabular.js", "elements-text.js", "elements-grouping.js"];

const elements = {};
const sources = [];
for (const file of tableFiles) {
  const path = roots.map((root) => join(root, "html/dom", file)).find(existsSync);
  if (!path) { sources.push(`${file}: missing`); continue; }
  sources.push(`${file}: ${path}`);
  const sandbox = { extraTests: [], ReflectionTests: { reflects() {} }, document: {},
    mergeElements(src) { for (const [tag, attrs] of Object.entries(src)) elements[tag] = { ...(elements[tag] || {}), ...attrs }; } };
  vm.runInNewContext(readFileSync(path, "utf8"), sandbox, { filename: path });
}

const referrer = ["", "no-referrer", "no-referrer-when-downgrade", "same-origin", "origin", "strict-origin",
  "origin-when-cross-origin", "strict-origin-when-cross-origin", "unsafe-url"];
const enctypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];
// From the HTML standard's IDL: what the WPT subset has no table for.
const STANDARD = {
  p: { align: "string" },
  hr: { align: "string", color: "string", noShade: "boolean", size: "string", width: "string" },
  pre: { width: "long" },
  listing: { width: "long" },
  xmp: { width: "long" },
  blockquote: { cite: "url" },
  ol: { reversed: "boolean", start: { type: "long", defaultVal: 1 }, type: "string", compact: "boolean" },
  ul: { compact: "boolean", type: "string" },
  li: { value: "long", type: "string" },
  dl: { compact: "boolean" },
  div: { align: "string" },
  form: { action: "url", autocomplete: { type: "enum", keywords: ["on", "off"], defaultVal: "on", invalidVal: "on" },
    rel: "string", relList: { type: "tokenlist", domAttrName: "rel" } },
  input: { formAction: "url", autocomplete: "string", maxLength: "limited long", minLength: "limited long",
    popoverTargetAction: { type: "enum", keywords: ["toggle", "show", "hide"], defaultVal: "toggle" },
    popoverTarget: null },
  button: { formAction: "url", popoverTargetAction: { type: "enum", keywords: ["toggle", "show", "hide"], defaultVal: "toggle" } },
  select: { autocomplete: "string", required: "boolean" },
  textarea: { autocomplete: "string", minLength: "limited long",
    wrap: "string" },
  fieldset: {},
  meter: { value: "double", min: "double", max: { type: "double", defaultVal: 1 }, low: "double", high: "double", optimum: "double" },
  img: { referrerPolicy: { type: "enum", keywords: referrer }, decoding: { type: "enum", keywords: ["sync", "async", "auto"], defaultVal: "auto", invalidVal: "auto" },
    loading: { type: "enum", keywords: ["lazy", "eager"], defaultVal: "eager", invalidVal: "eager" }, sizes: "string" },
  iframe: { referrerPolicy: { type: "enum", keywords: referrer }, allow: "string",
    loading: { type: "enum", keywords: ["lazy", "eager"], defaultVal: "eager", invalidVal: "eager" } },
  script: { referrerPolicy: { type: "enum", keywords: referrer } },
  td: { headers: "string", colSpan: { type: "clamped unsigned long", defaultVal: 1, min: 1, max: 1000 },
    rowSpan: { type: "clamped unsigned long", defaultVal: 1, min: 0, max: 65534 } },
  th: { headers: "string", colSpan: { type: "clamped unsigned long", defaultVal: 1, min: 1, max: 1000 },
    rowSpan: { type: "clamped unsigned long", defaultVal: 1, min: 0, max: 65534 } },
  col: { span: { type: "clamped unsigned long", defaultVal: 1, min: 1, max: 1000 } },
  colgroup: { span: { type: "clamped unsigned long", defaultVal: 1, min: 1, max: 1000 } },
  slot: { name: "string" },
  details: { name: "string" },
};
// Where the 2013 tables predate the standard: removed elements and attributes, changed keyword lists.
const CORRECTIONS = {
  drop: ["keygen", "applet", "basefont"],
  dropAttributes: { table: ["sortable"], input: ["inputMode"], textarea: ["inputMode"], form: [] },
  inputTypes: ["hidden", "text", "search", "tel", "url", "email", "password", "date", "month", "week", "time",
    "datetime-local", "number", "range", "color", "checkbox", "radio", "file", "submit", "image", "reset", "button"],
};
// Every HTML element (HTMLElement) and every element (Element) has these; reflection.js tests the first
// group on every element, the second is the standard's (ARIA reflection: nullable strings, as Chromium has).
const GLOBAL = {
  HTMLElement: {
    title: "string", lang: "string", dir: { type: "enum", keywords: ["ltr", "rtl", "auto"] },
    accessKey: "string", hidden: "boolean", inert: "boolean", autofocus: "boolean",
    tabIndex: { type: "long", defaultVal: -1, tabIndex: true }, nonce: "string",
    enterKeyHint: { type: "enum", keywords: ["enter", "done", "go", "next", "previous", "search", "send"] },
    inputMode: { type: "enum", keywords: ["none", "text", "tel", "url", "email", "numeric", "decimal", "search"] },
  },
  Element: { id: "string", className: { type: "string", domAttrName: "class" }, slot: "string",
    role: { type: "string", isNullable: true } },
};
const ariaFile = roots.map((root) => join(root, "html/dom/elements-aria-enumerated.js")).find(existsSync);
if (ariaFile) {
  const sandbox = { mergeElements(src) { for (const attrs of Object.values(src)) for (const name of Object.keys(attrs)) GLOBAL.Element[name] = { type: "string", isNullable: true, domAttrName: "aria-" + name.slice(4).toLowerCase() }; } };
  vm.runInNewContext(readFileSync(ariaFile, "utf8"), sandbox, { filename: ariaFile });
  sources.push(`elements-aria-enumerated.js: ${ariaFile} (names only)`);
}

for (const tag of CORRECTIONS.drop) delete elements[tag];
for (const [tag, names] of Object.entries(CORRECTIONS.dropAttributes)) for (const n of names) if (elements[tag]) delete elements[tag][n];
for (const [tag, attrs] of Object.entries(STANDARD)) {
  elements[tag] = { ...(elements[tag] || {}) };
  for (const [name, type] of Object.entries(attrs)) { if (type === null) delete elements[tag][name]; else elements[tag][name] = type; }
}
if (elements.input?.type) elements.input.type = { ...elements.input.type, keywords: CORRECTIONS.inputTypes, invalidVal: "text" };
delete elements.undefinedelement;

// The HTML standard's element → interface map (elements absent here are HTMLElement, or HTMLUnknownElement).
const INTERFACES = {
  a: "HTMLAnchorElement", area: "HTMLAreaElement", audio: "HTMLAudioElement", base: "HTMLBaseElement",
  body: "HTMLBodyElement", br: "HTMLBRElement", button: "HTMLButtonElement", canvas: "HTMLCanvasElement",
  data: "HTMLDataElement", datalist: "HTMLDataListElement", details: "HTMLDetailsElement", dialog: "HTMLDialogElement",
  dir: "HTMLDirectoryElement", div: "HTMLDivElement", dl: "HTMLDListElement", embed: "HTMLEmbedElement",
  fieldset: "HTMLFieldSetElement", font: "HTMLFontElement", form: "HTMLFormElement", frame: "HTMLFrameElement",
  frameset: "HTMLFrameSetElement", h1: "HTMLHeadingElement", h2: "HTMLHeadingElement", h3: "HTMLHeadingElement",
  h4: "HTMLHeadingElement", h5: "HTMLHeadingElement", h6: "HTMLHeadingElement", head: "HTMLHeadElement",
  hr: "HTMLHRElement", html: "HTMLHtmlElement", iframe: "HTMLIFrameElement", img: "HTMLImageElement",
  input: "HTMLInputElement", ins: "HTMLModElement", del: "HTMLModElement", label: "HTMLLabelElement",
  legend: "HTMLLegendElement", li: "HTMLLIElement", link: "HTMLLinkElement", map: "HTMLMapElement",
  marquee: "HTMLMarqueeElement", menu: "HTMLMenuElement", meta: "HTMLMetaElement", meter: "HTMLMeterElement",
  object: "HTMLObjectElement", ol: "HTMLOListElement", optgroup: "HTMLOptGroupElement", option: "HTMLOptionElement",
  output: "HTMLOutputElement", p: "HTMLParagraphElement", param: "HTMLParamElement", picture: "HTMLPictureElement",
  pre: "HTMLPreElement", listing: "HTMLPreElement", xmp: "HTMLPreElement", progress: "HTMLProgressElement",
  q: "HTMLQuoteElement", blockquote: "HTMLQuoteElement", script: "HTMLScriptElement", select: "HTMLSelectElement",
  slot: "HTMLSlotElement", source: "HTMLSourceElement", span: "HTMLSpanElement", style: "HTMLStyleElement",
  caption: "HTMLTableCaptionElement", td: "HTMLTableCellElement", th: "HTMLTableCellElement",
  col: "HTMLTableColElement", colgroup: "HTMLTableColElement", table: "HTMLTableElement",
  tr: "HTMLTableRowElement", tbody: "HTMLTableSectionElement", thead: "HTMLTableSectionElement",
  tfoot: "HTMLTableSectionElement", template: "HTMLTemplateElement", textarea: "HTMLTextAreaElement",
  time: "HTMLTimeElement", title: "HTMLTitleElement", track: "HTMLTrackElement", ul: "HTMLUListElement",
  video: "HTMLVideoElement",
};
// Elements of the standard whose interface is HTMLElement itself; any other tag without a dash is unknown.
const PLAIN = `abbr acronym address article aside b basefont bdi bdo big center cite code dd dfn dt em figcaption
  figure footer header hgroup i kbd main mark nav nobr noembed noframes noscript plaintext rb rp rt rtc ruby s samp
  search section small strike strong sub summary sup tt u var wbr`.split(/\s+/);

const field = (v) => { if (v === null) return "@null"; const s = String(v); if (/[\t\n|>=]/.test(s)) throw new Error(`bad value ${s}`); return s; };
function line(iface, idl, spec) {
  const data = typeof spec === "string" ? { type: spec } : spec;
  const attribute = (data.domAttrName ?? idl).toLowerCase();
  const opts = [];
  let kind;
  switch (data.type) {
    case "string": kind = data.isNullable ? "string?" : "string"; break;
    case "url": kind = "url"; break;
    case "boolean": kind = "boolean"; break;
    case "long": kind = data.tabIndex ? "tabindex" : "long"; break;
    case "limited long": kind = "limited-long"; break;
    case "unsigned long": kind = "ulong"; break;
    case "limited unsigned long": kind = "limited-ulong"; break;
    case "clamped unsigned long": kind = "clamped-ulong"; opts.push(`min=${data.min}`, `max=${data.max}`); break;
    case "double": kind = "double"; break;
    case "limited double": kind = "limited-double"; break;
    case "tokenlist": case "settable tokenlist": kind = "tokenlist"; break;
    case "enum": {
      kind = "enum";
      opts.push(`keywords=${data.keywords.map(field).join("|")}`);
      const missing = data.defaultVal === undefined || data.defaultVal === null ? (data.isNullable ? null : "") : data.defaultVal;
      opts.push(`missing=${field(missing)}`, `invalid=${field(data.invalidVal === undefined ? missing : data.invalidVal)}`);
      if (data.nonCanon) opts.push(`noncanon=${Object.entries(data.nonCanon).map(([k, v]) => `${field(k)}>${field(v)}`).join("|")}`);
      if (data.isNullable) opts.push("nullable");
      break;
    }
    default: return null;  // URL lists, FrozenArray: not reflections of one content attribute
  }
  if (data.defaultVal !== undefined && data.defaultVal !== null && kind !== "enum") opts.push(`default=${field(data.defaultVal)}`);
  // The sections table spells some `treatnullAsEmptyString`; the standard has them all [LegacyNullToEmptyString].
  if (data.treatNullAsEmptyString || data.treatnullAsEmptyString) opts.push("nullempty");
  return ["A", iface, idl, attribute, kind, ...opts].join("\t");
}

const lines = [];
for (const [iface, attrs] of Object.entries(GLOBAL)) for (const [idl, spec] of Object.entries(attrs)) { const l = line(iface, idl, spec); if (l) lines.push(l); }
const byInterface = new Map();
for (const tag of Object.keys(elements).sort()) {
  const iface = INTERFACES[tag];
  if (!iface) { if (Object.keys(elements[tag]).length) throw new Error(`no interface for <${tag}> with attributes`); continue; }
  const attrs = byInterface.get(iface) ?? {};
  for (const [idl, spec] of Object.entries(elements[tag])) attrs[idl] = spec;
  byInterface.set(iface, attrs);
}
for (const [tag, iface] of Object.entries(INTERFACES).sort()) lines.push(["I", tag, iface].join("\t"));
for (const tag of PLAIN) lines.push(["I", tag, "HTMLElement"].join("\t"));
for (const [iface, attrs] of [...byInterface].sort()) for (const [idl, spec] of Object.entries(attrs).sort()) { const l = line(iface, idl, spec); if (l) lines.push(l); }

const out = `// Generated by scripts/gen-reflection-table.mjs — do not edit; regenerate instead.
// Made from WPT's html/dom/elements-*.js reflection tables, plus the HTML standard's IDL where the WPT
// subset has no table (see the script). Read:
${sources.map((s) => "//   " + s.replace(/^.*\/(html\/dom\/)/, "$1").replace(/: .*\/html\/dom\//, ": ")).join("\n")}
//
// Lines: \`I tag interface\`, and \`A interface idlName contentAttribute kind options…\` (tab-separated).
extension ReflectionTable {
    static let source = """
${lines.join("\n")}
"""
}
`;
const target = join(dirname(fileURLToPath(import.meta.url)), "../Sources/HeadlessDOM/ReflectionTable.swift");
writeFileSync(target, out);
console.log(`${lines.length} lines → ${target}`);
