// The Fetch standard's classes as a page sees them (https://fetch.spec.whatwg.org/): Headers (guards, value
// normalization, combining, getSetCookie), Request and Response with bodies that are streams both ways
// (`response.body` is a byte ReadableStream; `new Response(stream)` and `new Request(url, {body: stream,
// duplex: "half"})` read one), the body mixin, Response.error/redirect/json, clone() by tee, a minimal Blob,
// and fetch() answered by the dist (Prerender/PageRuntime.swift). A body made from bytes stays bytes until a
// page reads `.body`, so a program that only calls arrayBuffer() never loads the streams (WebHost's
// streams.js, evaluated on first use). Evaluated once per page; returns nothing.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  const streams = () => native.requireStreams();
  const enumerable = native.exposeInterface;
  const baseURL = () => (globalThis.document ? document.baseURI : globalThis.location ? location.href : undefined);
  const isObject = (x) => (typeof x === "object" && x !== null) || typeof x === "function";

  // --- WebIDL ByteString and the header grammar ---
  const byteString = (value) => {
    const s = String(value);
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xff) throw new TypeError(`Cannot convert "${s}" to a ByteString`);
    return s;
  };
  const tokenRE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const normalizeValue = (v) => v.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
  const validateName = (name) => { if (!tokenRE.test(name)) throw new TypeError(`Invalid header name: "${name}"`); };
  const validateValue = (value) => { if (/[\0\r\n]/.test(value)) throw new TypeError(`Invalid header value: "${value}"`); };
  const forbiddenRequestHeaders = new Set([
    "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method", "connection",
    "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin", "referer",
    "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
  ]);
  const isForbiddenRequestHeader = (name, value) => {
    const lower = name.toLowerCase();
    if (forbiddenRequestHeaders.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) return true;
    if (lower === "x-http-method" || lower === "x-http-method-override" || lower === "x-method-override") {
      return value.split(",").map((m) => normalizeValue(m).toUpperCase()).some((m) => m === "CONNECT" || m === "TRACE" || m === "TRACK");
    }
    return false;
  };
  const isForbiddenResponseHeader = (name) => { const l = name.toLowerCase(); return l === "set-cookie" || l === "set-cookie2"; };
  const corsUnsafeByte = (c) => (c < 0x20 && c !== 0x09) || c === 0x7f || '"():<>?@[\\]{}'.includes(String.fromCharCode(c));
  const isCorsSafelisted = (name, value) => {
    if (value.length > 128) return false;
    const has = (pred) => { for (let i = 0; i < value.length; i++) if (pred(value.charCodeAt(i))) return true; return false; };
    switch (name.toLowerCase()) {
      case "accept": return !has(corsUnsafeByte);
      case "accept-language":
      case "content-language": return !/[^0-9A-Za-z *,\-.;=]/.test(value);
      case "content-type": {
        if (has(corsUnsafeByte)) return false;
        const essence = value.split(";")[0].replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "").toLowerCase();
        return essence === "application/x-www-form-urlencoded" || essence === "multipart/form-data" || essence === "text/plain";
      }
      default: return false;
    }
  };
  const noCorsSafelistedNames = new Set(["accept", "accept-language", "content-language", "content-type"]);

  // --- Headers ---
  const headerSlots = new WeakMap();
  const headersOf = (h) => {
    const s = isObject(h) ? headerSlots.get(h) : undefined;
    if (s === undefined) throw new TypeError("Illegal invocation: not a Headers object");
    return s;
  };
  const listGet = (list, name) => {
    const lower = name.toLowerCase();
    const values = list.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
    return values.length ? values.join(", ") : null;
  };
  const listAppend = (list, name, value) => {
    const lower = name.toLowerCase();
    const existing = list.find(([n]) => n.toLowerCase() === lower);
    list.push([existing ? existing[0] : name, value]);
  };
  const listDelete = (s, name) => { const lower = name.toLowerCase(); s.list = s.list.filter(([n]) => n.toLowerCase() !== lower); };
  const listSet = (s, name, value) => {
    const lower = name.toLowerCase();
    const index = s.list.findIndex(([n]) => n.toLowerCase() === lower);
    if (index < 0) { s.list.push([name, value]); return; }
    s.list[index] = [s.list[index][0], value];
    s.list = s.list.filter(([n], i) => i <= index || n.toLowerCase() !== lower);
  };
  const sortAndCombine = (list) => {
    const names = [...new Set(list.map(([n]) => n.toLowerCase()))].sort();
    const out = [];
    for (const name of names) {
      if (name === "set-cookie") {
        for (const [n, v] of list) if (n.toLowerCase() === name) out.push([name, v]);
      } else {
        out.push([name, listGet(list, name)]);
      }
    }
    return out;
  };
  const headersAppend = (s, name, value) => {
    value = normalizeValue(value);
    validateName(name);
    validateValue(value);
    if (s.guard === "immutable") throw new TypeError("Headers are immutable");
    if (s.guard === "request" && isForbiddenRequestHeader(name, value)) return;
    if (s.guard === "request-no-cors") {
      const current = listGet(s.list, name);
      const temporary = current === null ? value : `${current}, ${value}`;
      if (!isCorsSafelisted(name, temporary)) return;
    }
    if (s.guard === "response" && isForbiddenResponseHeader(name)) return;
    listAppend(s.list, name, value);
  };
  const fillHeaders = (s, init) => {
    if (!isObject(init)) throw new TypeError("The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'");
    const iteratorMethod = init[Symbol.iterator];
    if (iteratorMethod !== undefined && iteratorMethod !== null) {
      if (typeof iteratorMethod !== "function") throw new TypeError("Headers init's Symbol.iterator is not a function");
      const pairs = [];
      for (const pair of { [Symbol.iterator]: () => iteratorMethod.call(init) }) {
        if (!isObject(pair) || typeof pair[Symbol.iterator] !== "function") throw new TypeError("Each header pair must be an iterable");
        const items = [...pair].map(byteString);
        if (items.length !== 2) throw new TypeError("Each header pair must have exactly two items");
        pairs.push(items);
      }
      for (const [name, value] of pairs) headersAppend(s, name, value);
      return;
    }
    const record = [];
    for (const key of Reflect.ownKeys(init)) {
      const desc = Reflect.getOwnPropertyDescriptor(init, key);
      if (desc === undefined || !desc.enumerable) continue;
      if (typeof key === "symbol") throw new TypeError("Cannot convert a Symbol to a ByteString");
      record.push([byteString(key), byteString(init[key])]);
    }
    for (const [name, value] of record) headersAppend(s, name, value);
  };
  const makeHeaders = (guard, list = []) => {
    const h = Object.create(Headers.prototype);
    headerSlots.set(h, { guard, list });
    return h;
  };

  class Headers {
    constructor(init = undefined) {
      const s = { guard: "none", list: [] };
      headerSlots.set(this, s);
      if (init !== undefined) fillHeaders(s, init);
    }
    append(name, value) { headersAppend(headersOf(this), byteString(name), byteString(value)); }
    delete(name) {
      const s = headersOf(this);
      name = byteString(name);
      validateName(name);
      if (s.guard === "immutable") throw new TypeError("Headers are immutable");
      if (s.guard === "request" && isForbiddenRequestHeader(name, "")) return;
      if (s.guard === "request-no-cors" && !noCorsSafelistedNames.has(name.toLowerCase()) && name.toLowerCase() !== "range") return;
      if (s.guard === "response" && isForbiddenResponseHeader(name)) return;
      if (listGet(s.list, name) === null) return;
      listDelete(s, name);
    }
    get(name) {
      const s = headersOf(this);
      name = byteString(name);
      validateName(name);
      return listGet(s.list, name);
    }
    getSetCookie() {
      return headersOf(this).list.filter(([n]) => n.toLowerCase() === "set-cookie").map(([, v]) => v);
    }
    has(name) {
      const s = headersOf(this);
      name = byteString(name);
      validateName(name);
      return listGet(s.list, name) !== null;
    }
    set(name, value) {
      const s = headersOf(this);
      name = byteString(name);
      value = normalizeValue(byteString(value));
      validateName(name);
      validateValue(value);
      if (s.guard === "immutable") throw new TypeError("Headers are immutable");
      if (s.guard === "request" && isForbiddenRequestHeader(name, value)) return;
      if (s.guard === "request-no-cors" && !isCorsSafelisted(name, value)) return;
      if (s.guard === "response" && isForbiddenResponseHeader(name)) return;
      listSet(s, name, value);
    }
    forEach(callback, thisArg = undefined) {
      const s = headersOf(this);
      if (typeof callback !== "function") throw new TypeError("forEach's callback is not a function");
      for (let i = 0; ; i++) {
        const pairs = sortAndCombine(s.list);
        if (i >= pairs.length) break;
        callback.call(thisArg, pairs[i][1], pairs[i][0], this);
      }
    }
    entries() { return headersIterator(this, "key+value"); }
    keys() { return headersIterator(this, "key"); }
    values() { return headersIterator(this, "value"); }
  }
  enumerable(Headers);
  Object.defineProperty(Headers.prototype, Symbol.iterator, { value: Headers.prototype.entries, writable: true, configurable: true });
  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
  const iteratorSlots = new WeakMap();
  const HeadersIteratorPrototype = Object.create(IteratorPrototype, {
    next: {
      writable: true, enumerable: true, configurable: true,
      value: function next() {
        const it = isObject(this) ? iteratorSlots.get(this) : undefined;
        if (it === undefined) throw new TypeError("next called on an object that is not a Headers iterator");
        const pairs = sortAndCombine(headersOf(it.target).list);
        if (it.index >= pairs.length) return { value: undefined, done: true };
        const [name, value] = pairs[it.index++];
        return { value: it.kind === "key" ? name : it.kind === "value" ? value : [name, value], done: false };
      },
    },
    [Symbol.toStringTag]: { value: "Headers Iterator", configurable: true },
  });
  const headersIterator = (target, kind) => {
    headersOf(target);
    const it = Object.create(HeadersIteratorPrototype);
    iteratorSlots.set(it, { target, kind, index: 0 });
    return it;
  };
  define("Headers", Headers);

  // --- Blob (what bodies need: parts, type, size, slice, arrayBuffer/bytes/text/stream) ---
  const blobBytes = new WeakMap();
  if (typeof globalThis.Blob !== "function") {
    class Blob {
      constructor(parts = undefined, options = undefined) {
        const chunks = [];
        if (parts !== undefined) {
          if (!isObject(parts) || typeof parts[Symbol.iterator] !== "function") throw new TypeError("Blob's parts are not a sequence");
          for (const part of parts) {
            if (part instanceof ArrayBuffer) chunks.push(new Uint8Array(part.slice(0)));
            else if (ArrayBuffer.isView(part)) chunks.push(new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength)));
            else if (blobBytes.has(part)) chunks.push(blobBytes.get(part).bytes);
            else chunks.push(new TextEncoder().encode(String(part)));
          }
        }
        const total = chunks.reduce((n, c) => n + c.byteLength, 0);
        const bytes = new Uint8Array(total);
        let offset = 0;
        for (const c of chunks) { bytes.set(c, offset); offset += c.byteLength; }
        let type = options == null || options.type === undefined ? "" : String(options.type);
        type = /[^\x20-\x7e]/.test(type) ? "" : type.toLowerCase();
        blobBytes.set(this, { bytes, type });
      }
      get size() { return blobBytes.get(this).bytes.byteLength; }
      get type() { return blobBytes.get(this).type; }
      slice(start = 0, end = undefined, contentType = "") {
        const bytes = blobBytes.get(this).bytes;
        const size = bytes.byteLength;
        const clamp = (n) => (n < 0 ? Math.max(size + n, 0) : Math.min(n, size));
        const from = clamp(Math.trunc(Number(start)) || 0);
        const to = end === undefined ? size : clamp(Math.trunc(Number(end)) || 0);
        return new Blob([bytes.slice(from, Math.max(from, to))], { type: contentType });
      }
      arrayBuffer() { return Promise.resolve(blobBytes.get(this).bytes.slice().buffer); }
      bytes() { return Promise.resolve(blobBytes.get(this).bytes.slice()); }
      text() { return Promise.resolve(new TextDecoder().decode(blobBytes.get(this).bytes)); }
      stream() { return streams().fromBytes(blobBytes.get(this).bytes.slice()); }
    }
    enumerable(Blob);
    define("Blob", Blob);
  }
  const isBlob = (x) => blobBytes.has(x);
  const blobType = (b) => (blobBytes.has(b) ? blobBytes.get(b).type : "");
  const fileSlots = new WeakMap();
  if (typeof globalThis.File !== "function") {
    class File extends Blob {
      constructor(bits, name, options = undefined) {
        if (arguments.length < 2) throw new TypeError("File requires bits and a name");
        super(bits, options);
        const lastModified = options == null || options.lastModified === undefined ? Date.now() : Math.trunc(Number(options.lastModified)) || 0;
        fileSlots.set(this, { name: usv(name), lastModified });
      }
      get name() { return fileSlots.get(this).name; }
      get lastModified() { return fileSlots.get(this).lastModified; }
      get webkitRelativePath() { return ""; }
    }
    enumerable(File);
    define("File", File);
  }
  const isFile = (x) => fileSlots.has(x);

  // --- FormData, and the multipart/form-data and urlencoded bodies it reads and writes ---
  const usv = (value) => String(value).toWellFormed ? String(value).toWellFormed() : String(value).replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
  const formSlots = new WeakMap();
  const formOf = (f) => {
    const s = isObject(f) ? formSlots.get(f) : undefined;
    if (s === undefined) throw new TypeError("Illegal invocation: not a FormData object");
    return s;
  };
  // --- blob: URLs (File API): URL.createObjectURL over this global's own store; fetch and Worker read them ---
  const blobURLs = new Map();
  if (typeof URL === "function" && typeof URL.createObjectURL !== "function") {
    const statics = {
      createObjectURL(obj) {
        if (arguments.length < 1) throw new TypeError("Failed to execute 'createObjectURL' on 'URL': 1 argument required, but only 0 present.");
        if (!isBlob(obj)) throw new TypeError("Failed to execute 'createObjectURL' on 'URL': parameter 1 is not of type 'Blob'.");
        const origin = globalThis.location ? location.origin : "null";
        const url = `blob:${origin}/${crypto.randomUUID()}`;
        blobURLs.set(url, obj);
        return url;
      },
      revokeObjectURL(url) {
        if (arguments.length < 1) throw new TypeError("Failed to execute 'revokeObjectURL' on 'URL': 1 argument required, but only 0 present.");
        blobURLs.delete(String(url));
      },
    };
    for (const name of ["createObjectURL", "revokeObjectURL"]) {
      Object.defineProperty(URL, name, { value: statics[name], writable: true, enumerable: true, configurable: true });
    }
  }
  // A blob: URL's bytes and type (its fragment ignored), or undefined once revoked or never made here.
  native.blobURL = (url) => {
    const blob = blobURLs.get(String(url).replace(/#.*$/, ""));
    return blob === undefined ? undefined : blobBytes.get(blob);
  };

  // An entry's value: a string, or a File (a Blob becomes a File named "blob" or `filename`).
  const entryValue = (value, filename) => {
    if (!isBlob(value)) return usv(value);
    if (isFile(value) && filename === undefined) return value;
    return new File([value], filename === undefined ? (isFile(value) ? value.name : "blob") : usv(filename), {
      type: blobType(value), lastModified: isFile(value) ? value.lastModified : undefined,
    });
  };
  class FormData {
    constructor(form = undefined, submitter = undefined) {
      if (form !== undefined) throw new TypeError("FormData from a <form> is not supported by the pre-renderer");
      formSlots.set(this, { entries: [] });
    }
    append(name, value, filename = undefined) {
      if (arguments.length < 2) throw new TypeError("FormData.append requires a name and a value");
      if (arguments.length > 2 && !isBlob(value)) throw new TypeError("FormData.append's value is not a Blob");
      formOf(this).entries.push([usv(name), entryValue(value, filename)]);
    }
    delete(name) { const s = formOf(this); name = usv(name); s.entries = s.entries.filter(([n]) => n !== name); }
    get(name) { name = usv(name); const e = formOf(this).entries.find(([n]) => n === name); return e ? e[1] : null; }
    getAll(name) { name = usv(name); return formOf(this).entries.filter(([n]) => n === name).map(([, v]) => v); }
    has(name) { name = usv(name); return formOf(this).entries.some(([n]) => n === name); }
    set(name, value, filename = undefined) {
      if (arguments.length < 2) throw new TypeError("FormData.set requires a name and a value");
      if (arguments.length > 2 && !isBlob(value)) throw new TypeError("FormData.set's value is not a Blob");
      const s = formOf(this);
      name = usv(name);
      const entry = [name, entryValue(value, filename)];
      const index = s.entries.findIndex(([n]) => n === name);
      if (index < 0) { s.entries.push(entry); return; }
      s.entries[index] = entry;
      s.entries = s.entries.filter(([n], i) => i <= index || n !== name);
    }
    forEach(callback, thisArg = undefined) {
      const s = formOf(this);
      if (typeof callback !== "function") throw new TypeError("forEach's callback is not a function");
      for (let i = 0; i < s.entries.length; i++) callback.call(thisArg, s.entries[i][1], s.entries[i][0], this);
    }
    entries() { return formIterator(this, "key+value"); }
    keys() { return formIterator(this, "key"); }
    values() { return formIterator(this, "value"); }
  }
  enumerable(FormData);
  Object.defineProperty(FormData.prototype, Symbol.iterator, { value: FormData.prototype.entries, writable: true, configurable: true });
  const FormDataIteratorPrototype = Object.create(Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())), {
    next: {
      writable: true, enumerable: true, configurable: true,
      value: function next() {
        const it = isObject(this) ? formIteratorSlots.get(this) : undefined;
        if (it === undefined) throw new TypeError("next called on an object that is not a FormData iterator");
        const entries = formOf(it.target).entries;
        if (it.index >= entries.length) return { value: undefined, done: true };
        const [name, value] = entries[it.index++];
        return { value: it.kind === "key" ? name : it.kind === "value" ? value : [name, value], done: false };
      },
    },
    [Symbol.toStringTag]: { value: "FormData Iterator", configurable: true },
  });
  const formIteratorSlots = new WeakMap();
  const formIterator = (target, kind) => {
    formOf(target);
    const it = Object.create(FormDataIteratorPrototype);
    formIteratorSlots.set(it, { target, kind, index: 0 });
    return it;
  };
  define("FormData", FormData);

  const utf8 = (text) => new TextEncoder().encode(text);
  const concatBytes = (parts) => {
    const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let offset = 0;
    for (const p of parts) { all.set(p, offset); offset += p.byteLength; }
    return all;
  };
  // The HTML standard's multipart/form-data encoding of an entry list, with a fresh random boundary.
  const serializeMultipart = (entries) => {
    const random = new Uint8Array(16);
    crypto.getRandomValues(random);
    const boundary = "----formdata-gowasm-" + Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
    const escape = (text) => text.replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/"/g, "%22");
    const crlf = (text) => text.replace(/\r\n|\r|\n/g, "\r\n");
    const parts = [];
    for (const [name, value] of entries) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${escape(crlf(name))}"`;
      if (typeof value === "string") {
        parts.push(utf8(`${head}\r\n\r\n${crlf(value)}\r\n`));
      } else {
        head += `; filename="${escape(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
        parts.push(utf8(head), blobBytes.get(value).bytes, utf8("\r\n"));
      }
    }
    parts.push(utf8(`--${boundary}--\r\n`));
    return [concatBytes(parts), `multipart/form-data; boundary=${boundary}`];
  };
  // The MIME type's essence and parameters (enough for Content-Type's boundary and charset).
  const parseMIME = (text) => {
    const [essence, ...rest] = text.split(";");
    const params = new Map();
    for (const piece of rest) {
      const eq = piece.indexOf("=");
      if (eq < 0) continue;
      const key = piece.slice(0, eq).trim().toLowerCase();
      let value = piece.slice(eq + 1).trim();
      if (value.startsWith('"')) value = value.replace(/^"((?:[^"\\]|\\.)*)".*$/, "$1").replace(/\\(.)/g, "$1");
      if (!params.has(key)) params.set(key, value);
    }
    return { essence: essence.trim().toLowerCase(), params };
  };
  const isToken = (text) => tokenRE.test(text);
  // The Fetch standard's "extract a MIME type" from one header value: its comma-separated values (commas
  // inside quotes do not split), the last that is a MIME type other than */* winning; "" when none is.
  const extractMIME = (value) => {
    const values = [];
    let current = "", quoted = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      if (quoted && c === "\\" && i + 1 < value.length) { current += c + value[++i]; continue; }
      if (c === '"') quoted = !quoted;
      if (c === "," && !quoted) { values.push(current); current = ""; continue; }
      current += c;
    }
    values.push(current);
    let result = "";
    for (const candidate of values) {
      const mime = serializeMIME(candidate);
      if (mime !== "" && !mime.startsWith("*/*")) result = mime;
    }
    return result;
  };
  // The MIME Sniffing standard's parse-then-serialize of a MIME type; "" when it is not one.
  const serializeMIME = (input) => {
    const text = input.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
    if (/[^\t\x20-\x7e\x80-\xff]/.test(text) || /[^\x00-\x7f]/.test(text)) return "";
    const m = /^([^\/;]*)\/([^;]*)(.*)$/.exec(text);
    if (!m) return "";
    const type = m[1].toLowerCase(), subtype = m[2].replace(/[\t\n\r ]+$/, "").toLowerCase();
    if (!isToken(type) || !isToken(subtype)) return "";
    let out = `${type}/${subtype}`;
    const seen = new Set();
    let rest = m[3];
    while (rest.startsWith(";")) {
      rest = rest.slice(1).replace(/^[\t\n\r ]+/, "");
      const nameEnd = rest.search(/[;=]/);
      const name = (nameEnd < 0 ? rest : rest.slice(0, nameEnd)).toLowerCase();
      rest = nameEnd < 0 ? "" : rest.slice(nameEnd);
      if (rest.startsWith(";")) continue;
      if (rest === "") break;
      rest = rest.slice(1);
      let value;
      if (rest.startsWith('"')) {
        value = "";
        let i = 1;
        for (; i < rest.length && rest[i] !== '"'; i++) { if (rest[i] === "\\" && i + 1 < rest.length) i++; value += rest[i]; }
        rest = rest.slice(i + 1);
        const next = rest.indexOf(";");
        rest = next < 0 ? "" : rest.slice(next);
      } else {
        const next = rest.indexOf(";");
        value = (next < 0 ? rest : rest.slice(0, next)).replace(/[\t\n\r ]+$/, "");
        rest = next < 0 ? "" : rest.slice(next);
        if (value === "") continue;
      }
      if (name !== "" && isToken(name) && !/[^\t\x20-\x7e\x80-\xff]/.test(value) && !seen.has(name)) {
        seen.add(name);
        out += `;${name}=${value !== "" && isToken(value) ? value : `"${value.replace(/(["\\])/g, "\\$1")}"`}`;
      }
    }
    return out;
  };
  // The Fetch standard's multipart/form-data parser; null on failure.
  const parseMultipart = (bytes, boundaryText) => {
    const boundary = utf8(boundaryText);
    const decoder = new TextDecoder();
    const at = (pos, seq) => { if (pos + seq.length > bytes.length) return false; for (let i = 0; i < seq.length; i++) if (bytes[pos + i] !== seq[i]) return false; return true; };
    const dashes = [0x2d, 0x2d];
    const CRLF = [0x0d, 0x0a];
    const delimiter = [0x0d, 0x0a, 0x2d, 0x2d, ...boundary];
    const indexOf = (seq, from) => { for (let i = from; i + seq.length <= bytes.length; i++) if (at(i, seq)) return i; return -1; };
    const entries = [];
    let pos = 0;
    if (!at(pos, [...dashes, ...boundary])) return null;
    pos += 2 + boundary.length;
    const skipPadding = () => { while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++; };
    for (;;) {
      if (at(pos, dashes)) {
        pos += 2;
        skipPadding();
        return pos === bytes.length || at(pos, CRLF) ? entries : null;
      }
      skipPadding();
      if (!at(pos, CRLF)) return null;
      pos += 2;
      let name = null, filename = null, contentType = null;
      for (;;) {
        if (at(pos, CRLF)) { pos += 2; break; }
        let end = pos;
        while (end < bytes.length && bytes[end] !== 0x0a && bytes[end] !== 0x0d && bytes[end] !== 0x3a) end++;
        const headerName = String.fromCharCode(...bytes.subarray(pos, end)).replace(/^[\t ]+|[\t ]+$/g, "");
        if (bytes[end] !== 0x3a || !isToken(headerName)) return null;
        pos = end + 1;
        while (bytes[pos] === 0x20 || bytes[pos] === 0x09) pos++;
        let valueEnd = pos;
        while (valueEnd < bytes.length && bytes[valueEnd] !== 0x0a && bytes[valueEnd] !== 0x0d) valueEnd++;
        const raw = bytes.subarray(pos, valueEnd);
        if (raw.includes(0)) return null;
        switch (headerName.toLowerCase()) {
          case "content-disposition": {
            const text = decoder.decode(raw);
            const m = /^form-data; name="([^"]*)"(?:; filename="([^"]*)")?$/.exec(text);
            if (!m) return null;
            // Escapes (%0A, %0D, %22) stay as they are: browsers do not decode them.
            name = m[1];
            filename = m[2] === undefined ? null : m[2];
            break;
          }
          case "content-type":
            contentType = extractMIME(String.fromCharCode(...raw));
            break;
        }
        pos = valueEnd;
        if (!at(pos, CRLF)) return null;
        pos += 2;
      }
      if (name === null) return null;
      const bodyEnd = indexOf(delimiter, pos);
      if (bodyEnd < 0) return null;
      const body = bytes.slice(pos, bodyEnd);
      pos = bodyEnd + delimiter.length;
      if (filename !== null) entries.push([name, new File([body], filename, { type: contentType ?? "text/plain", lastModified: 0 })]);
      else entries.push([name, decoder.decode(body)]);
    }
  };
  const formDataFrom = (entries) => {
    const form = new FormData();
    formOf(form).entries = entries;
    return form;
  };

  // --- bodies: { bytes } until a page reads `.body`, then { stream } ---
  const byteCopy = (view) => new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
  // Extracts a body from an init value: [body record, Content-Type or null].
  const extractBody = (object) => {
    if (typeof object === "string") return [{ bytes: new TextEncoder().encode(object) }, "text/plain;charset=UTF-8"];
    if (object instanceof ArrayBuffer) return [{ bytes: new Uint8Array(object.slice(0)) }, null];
    if (ArrayBuffer.isView(object)) return [{ bytes: byteCopy(object) }, null];
    if (isBlob(object)) return [{ bytes: blobBytes.get(object).bytes.slice() }, object.type === "" ? null : object.type];
    if (formSlots.has(object)) {
      const [bytes, type] = serializeMultipart(formOf(object).entries);
      return [{ bytes }, type];
    }
    if (typeof URLSearchParams === "function" && object instanceof URLSearchParams) {
      return [{ bytes: new TextEncoder().encode(object.toString()) }, "application/x-www-form-urlencoded;charset=UTF-8"];
    }
    if (native.streams && native.streams.isReadableStream(object)) {
      if (native.streams.isDisturbed(object) || native.streams.isLocked(object)) throw new TypeError("The body stream is disturbed or locked");
      return [{ stream: object }, null];
    }
    return [{ bytes: new TextEncoder().encode(String(object)) }, "text/plain;charset=UTF-8"];
  };
  const bodyStream = (body) => {
    // A fetched body arrives in 64 KiB chunks, as a network delivers it (a loader's progress bar sees them).
    if (body.stream === undefined) {
      body.stream = body.consumed ? streams().consumed() : streams().fromBytes(body.bytes, body.chunked ? 65536 : undefined);
      body.bytes = undefined;
    }
    return body.stream;
  };
  const isDisturbed = (body) => (body.stream !== undefined ? native.streams.isDisturbed(body.stream) : body.consumed === true);
  const isLocked = (body) => body.stream !== undefined && native.streams.isLocked(body.stream);
  const isUnusable = (body) => body !== null && (isDisturbed(body) || isLocked(body));
  const cloneBody = (body) => {
    if (body.stream === undefined) return { bytes: body.bytes };
    const [a, b] = native.streams.tee(body.stream);
    body.stream = a;
    return { stream: b };
  };
  // A promise of `convert(bytes)` once the body is fully read (no bytes for a null body). The bytes never
  // resolve a promise themselves, so a page's Object.prototype.then sees only the converted value.
  const consumeBody = (body, convert = (bytes) => bytes) => new Promise((resolve, reject) => {
    const finish = (bytes) => { try { resolve(convert(bytes)); } catch (e) { reject(e); } };
    if (body === null) return finish(new Uint8Array(0));
    if (isUnusable(body)) return reject(new TypeError("Body is unusable: Body has already been read"));
    if (body.stream === undefined) { body.consumed = true; return finish(body.bytes.slice()); }
    native.streams.readAllBytes(body.stream, finish, reject);
  });
  const mimeEssence = (headers) => {
    const type = listGet(headersOf(headers).list, "content-type");
    return type === null ? "" : type;
  };
  // The body mixin's methods on a class whose instances keep { body, headers } in `slotsOf`.
  const bodyMixin = (cls, slotsOf) => {
    const methods = {
      get body() { const s = slotsOf(this); return s.body === null ? null : bodyStream(s.body); },
      get bodyUsed() { const s = slotsOf(this); return s.body !== null && isDisturbed(s.body); },
      arrayBuffer() { try { return consumeBody(slotsOf(this).body, (bytes) => bytes.buffer); } catch (e) { return Promise.reject(e); } },
      blob() {
        try {
          const s = slotsOf(this);
          return consumeBody(s.body, (bytes) => new Blob([bytes], { type: mimeEssence(s.headers) }));
        } catch (e) { return Promise.reject(e); }
      },
      bytes() { try { return consumeBody(slotsOf(this).body); } catch (e) { return Promise.reject(e); } },
      formData() {
        try {
          const s = slotsOf(this);
          return consumeBody(s.body, (bytes) => {
            const mime = parseMIME(mimeEssence(s.headers));
            if (mime.essence === "multipart/form-data") {
              const boundary = mime.params.get("boundary");
              const entries = boundary ? parseMultipart(bytes, boundary) : null;
              if (entries === null) throw new TypeError("Could not parse content as FormData");
              return formDataFrom(entries);
            }
            if (mime.essence === "application/x-www-form-urlencoded") {
              return formDataFrom([...new URLSearchParams(new TextDecoder().decode(bytes))]);
            }
            throw new TypeError("Could not parse content as FormData");
          });
        } catch (e) { return Promise.reject(e); }
      },
      json() { try { return consumeBody(slotsOf(this).body, (bytes) => JSON.parse(new TextDecoder().decode(bytes))); } catch (e) { return Promise.reject(e); } },
      text() { try { return consumeBody(slotsOf(this).body, (bytes) => new TextDecoder().decode(bytes)); } catch (e) { return Promise.reject(e); } },
    };
    for (const name of Object.getOwnPropertyNames(methods)) {
      const d = Object.getOwnPropertyDescriptor(methods, name);
      d.enumerable = true;
      Object.defineProperty(cls.prototype, name, d);
    }
  };


  // --- Request ---
  const requestSlots = new WeakMap();
  const requestOf = (r) => {
    const s = isObject(r) ? requestSlots.get(r) : undefined;
    if (s === undefined) throw new TypeError("Illegal invocation: not a Request object");
    return s;
  };
  const normalizedMethods = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
  const enumValue = (value, allowed, what) => {
    const s = String(value);
    if (!allowed.includes(s)) throw new TypeError(`'${s}' is not a valid value for ${what}`);
    return s;
  };
  class Request {
    constructor(input, init = undefined) {
      if (arguments.length < 1) throw new TypeError("Request requires an input");
      if (init !== undefined && init !== null && !isObject(init)) throw new TypeError("Request's init is not an object");
      init = init ?? {};
      const inputSlots = isObject(input) ? requestSlots.get(input) : undefined;
      const s = {
        url: undefined, method: "GET", mode: "cors", credentials: "same-origin", cache: "default", redirect: "follow",
        referrer: "about:client", referrerPolicy: "", integrity: "", keepalive: false, destination: "", duplex: "half",
        body: null, headers: undefined, signal: undefined,
      };
      if (inputSlots === undefined) {
        let url;
        try { url = new URL(String(input), baseURL()); } catch {
          throw new TypeError(`Failed to parse URL from ${input}`);
        }
        if (url.username !== "" || url.password !== "") throw new TypeError("Request cannot be constructed from a URL that includes credentials");
        s.url = url.href;
      } else {
        Object.assign(s, { ...inputSlots, headers: undefined, body: inputSlots.body });
      }
      if (init.mode !== undefined) {
        s.mode = enumValue(init.mode, ["navigate", "same-origin", "no-cors", "cors"], "mode");
        if (s.mode === "navigate") throw new TypeError("Request mode cannot be 'navigate'");
      }
      if (init.credentials !== undefined) s.credentials = enumValue(init.credentials, ["omit", "same-origin", "include"], "credentials");
      if (init.cache !== undefined) s.cache = enumValue(init.cache, ["default", "no-store", "reload", "no-cache", "force-cache", "only-if-cached"], "cache");
      if (s.cache === "only-if-cached" && s.mode !== "same-origin") throw new TypeError("'only-if-cached' can be set only with 'same-origin' mode");
      if (init.redirect !== undefined) s.redirect = enumValue(init.redirect, ["follow", "error", "manual"], "redirect");
      if (init.referrer !== undefined) s.referrer = String(init.referrer) === "" ? "" : new URL(String(init.referrer), baseURL()).href;
      if (init.referrerPolicy !== undefined) s.referrerPolicy = String(init.referrerPolicy);
      if (init.integrity !== undefined) s.integrity = String(init.integrity);
      if (init.keepalive !== undefined) s.keepalive = Boolean(init.keepalive);
      if (init.method !== undefined) {
        let method = byteString(init.method);
        if (!tokenRE.test(method)) throw new TypeError(`'${method}' is not a valid HTTP method`);
        const upper = method.toUpperCase();
        if (upper === "CONNECT" || upper === "TRACE" || upper === "TRACK") throw new TypeError(`'${method}' HTTP method is unsupported`);
        if (normalizedMethods.has(upper)) method = upper;
        s.method = method;
      }
      if (init.signal !== undefined && init.signal !== null && !(native.isAbortSignal && native.isAbortSignal(init.signal))) {
        throw new TypeError("Request's signal is not an AbortSignal");
      }
      const controller = typeof AbortController === "function" ? new AbortController() : undefined;
      s.signal = controller ? controller.signal : undefined;
      const followed = init.signal ?? (inputSlots ? inputSlots.signal : undefined);
      if (controller && followed) {
        if (followed.aborted) controller.abort(followed.reason);
        else followed.addEventListener("abort", () => controller.abort(followed.reason));
      }
      s.headers = makeHeaders("request");
      if (s.mode === "no-cors") {
        if (!["GET", "HEAD", "POST"].includes(s.method)) throw new TypeError(`'${s.method}' is unsupported in no-cors mode`);
        headersOf(s.headers).guard = "request-no-cors";
      }
      const headersInit = init.headers !== undefined ? init.headers : inputSlots ? new Headers(inputSlots.headers) : undefined;
      if (headersInit !== undefined) {
        const target = headersOf(s.headers);
        if (headerSlots.has(headersInit)) for (const [n, v] of headersOf(headersInit).list) headersAppend(target, n, v);
        else fillHeaders(target, headersInit);
      }
      const inputBody = inputSlots ? inputSlots.body : null;
      if ((init.body !== undefined && init.body !== null || inputBody !== null) && (s.method === "GET" || s.method === "HEAD")) {
        throw new TypeError("Request with GET/HEAD method cannot have body");
      }
      let body = null;
      if (init.body !== undefined && init.body !== null) {
        const [extracted, type] = extractBody(init.body);
        body = extracted;
        if (type !== null && !headersOf(s.headers).list.some(([n]) => n.toLowerCase() === "content-type")) headersAppend(headersOf(s.headers), "Content-Type", type);
        if (body.stream !== undefined) {
          if (init.duplex === undefined) throw new TypeError("The duplex member must be specified for a request with a streaming body");
          if (s.keepalive) throw new TypeError("keepalive cannot be used with a ReadableStream body");
        }
      }
      if (init.duplex !== undefined) s.duplex = enumValue(init.duplex, ["half"], "duplex");
      if (body === null && inputBody !== null) {
        if (isUnusable(inputBody)) throw new TypeError("Cannot construct a Request with a Request object that has already been used");
        // The new request takes the input's body; the input is left disturbed.
        body = inputBody.stream !== undefined ? { stream: inputBody.stream } : { bytes: inputBody.bytes };
        if (inputBody.stream !== undefined) {
          const [a] = [inputBody.stream];
          body.stream = a;
          inputSlots.body = { bytes: new Uint8Array(0), consumed: true };
        } else {
          inputBody.consumed = true;
        }
      }
      s.body = body;
      requestSlots.set(this, s);
    }
    get method() { return requestOf(this).method; }
    get url() { return requestOf(this).url; }
    get headers() { return requestOf(this).headers; }
    get destination() { return requestOf(this).destination; }
    get referrer() { return requestOf(this).referrer; }
    get referrerPolicy() { return requestOf(this).referrerPolicy; }
    get mode() { return requestOf(this).mode; }
    get credentials() { return requestOf(this).credentials; }
    get cache() { return requestOf(this).cache; }
    get redirect() { return requestOf(this).redirect; }
    get integrity() { return requestOf(this).integrity; }
    get keepalive() { return requestOf(this).keepalive; }
    get isReloadNavigation() { requestOf(this); return false; }
    get isHistoryNavigation() { requestOf(this); return false; }
    get signal() { return requestOf(this).signal; }
    get duplex() { return requestOf(this).duplex; }
    clone() {
      const s = requestOf(this);
      if (isUnusable(s.body)) throw new TypeError("Request body is already used");
      const r = Object.create(Request.prototype);
      const copy = { ...s, headers: makeHeaders(headersOf(s.headers).guard, headersOf(s.headers).list.map((p) => [...p])) };
      copy.body = s.body === null ? null : cloneBody(s.body);
      requestSlots.set(r, copy);
      return r;
    }
  }
  bodyMixin(Request, requestOf);
  enumerable(Request);
  define("Request", Request);

  // --- Response ---
  const responseSlots = new WeakMap();
  const responseOf = (r) => {
    const s = isObject(r) ? responseSlots.get(r) : undefined;
    if (s === undefined) throw new TypeError("Illegal invocation: not a Response object");
    return s;
  };
  const nullBodyStatus = new Set([101, 103, 204, 205, 304]);
  const redirectStatus = new Set([301, 302, 303, 307, 308]);
  const reasonPhraseRE = /^[\t\x20-\x7e\x80-\xff]*$/;
  const initializeResponse = (s, init, body) => {
    const status = init.status === undefined ? 200 : Number(init.status) & 0xffff;
    if (status < 200 || status > 599) throw new RangeError(`The status provided (${status}) is outside the range [200, 599]`);
    const statusText = init.statusText === undefined ? "" : byteString(init.statusText);
    if (!reasonPhraseRE.test(statusText)) throw new TypeError("Invalid statusText");
    s.status = status;
    s.statusText = statusText;
    if (init.headers !== undefined) {
      if (headerSlots.has(init.headers)) for (const [n, v] of headersOf(init.headers).list) headersAppend(headersOf(s.headers), n, v);
      else fillHeaders(headersOf(s.headers), init.headers);
    }
    if (body !== null) {
      if (nullBodyStatus.has(status)) throw new TypeError("Response with null body status cannot have body");
      s.body = body[0];
      if (body[1] !== null && !headersOf(s.headers).list.some(([n]) => n.toLowerCase() === "content-type")) {
        headersAppend(headersOf(s.headers), "Content-Type", body[1]);
      }
    }
  };
  const newResponseSlots = () => ({
    type: "default", url: "", urlList: [], redirected: false, status: 200, statusText: "", headers: makeHeaders("response"), body: null,
  });
  const convertResponseInit = (init) => {
    if (init !== undefined && init !== null && !isObject(init)) throw new TypeError("Response's init is not an object");
    init = init ?? {};
    return { headers: init.headers, status: init.status, statusText: init.statusText };
  };
  class Response {
    constructor(body = null, init = undefined) {
      const s = newResponseSlots();
      init = convertResponseInit(init);
      const extracted = body === null || body === undefined ? null : extractBody(body);
      initializeResponse(s, init, extracted);
      responseSlots.set(this, s);
    }
    static error() {
      const r = Object.create(Response.prototype);
      const s = newResponseSlots();
      s.type = "error";
      s.status = 0;
      headersOf(s.headers).guard = "immutable";
      responseSlots.set(r, s);
      return r;
    }
    static redirect(url, status = 302) {
      let parsed;
      try { parsed = new URL(String(url), baseURL()); } catch {
        throw new TypeError(`Failed to parse URL from ${url}`);
      }
      status = Number(status) & 0xffff;
      if (!redirectStatus.has(status)) throw new RangeError(`Invalid status code ${status}`);
      const r = Object.create(Response.prototype);
      const s = newResponseSlots();
      s.status = status;
      headersOf(s.headers).list.push(["Location", parsed.href]);
      headersOf(s.headers).guard = "immutable";
      responseSlots.set(r, s);
      return r;
    }
    static json(data, init = undefined) {
      init = convertResponseInit(init);
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError("The data is not JSON serializable");
      const r = Object.create(Response.prototype);
      const s = newResponseSlots();
      initializeResponse(s, init, [{ bytes: new TextEncoder().encode(text) }, "application/json"]);
      responseSlots.set(r, s);
      return r;
    }
    get type() { return responseOf(this).type; }
    get url() { const url = responseOf(this).url; return url.replace(/#.*$/, ""); }
    get redirected() { return responseOf(this).redirected; }
    get status() { return responseOf(this).status; }
    get ok() { const status = responseOf(this).status; return status >= 200 && status <= 299; }
    get statusText() { return responseOf(this).statusText; }
    get headers() { return responseOf(this).headers; }
    clone() {
      const s = responseOf(this);
      if (isUnusable(s.body)) throw new TypeError("Response body is already used");
      const r = Object.create(Response.prototype);
      const copy = { ...s, headers: makeHeaders(headersOf(s.headers).guard, headersOf(s.headers).list.map((p) => [...p])) };
      copy.body = s.body === null ? null : cloneBody(s.body);
      responseSlots.set(r, copy);
      return r;
    }
  }
  bodyMixin(Response, responseOf);
  enumerable(Response);
  define("Response", Response);

  // What other platform code needs: WebAssembly's streaming functions check a Response and read its body.
  native.responses = {
    isResponse: (x) => isObject(x) && responseSlots.has(x),
    type: (r) => responseOf(r).type,
    ok: (r) => { const status = responseOf(r).status; return status >= 200 && status <= 299; },
    contentType: (r) => listGet(headersOf(responseOf(r).headers).list, "content-type"),
    bytes: (r) => consumeBody(responseOf(r).body),
  };

  // A data: URL's body and type (Fetch standard, "data: URL processor"), or a network error's text.
  const dataURL = (url) => {
    const comma = url.indexOf(",");
    if (comma < 0) return "Failed to fetch";
    let type = url.slice(5, comma).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
    let data = decodeURIComponent(url.slice(comma + 1).replace(/#.*$/, "").replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
    let bytes;
    if (/;[\x20]*base64$/i.test(type)) {
      type = type.replace(/;[\x20]*base64$/i, "");
      try { bytes = Uint8Array.from(atob(data.replace(/[\t\n\f\r ]/g, "")), (c) => c.charCodeAt(0)); } catch { return "Failed to fetch"; }
    } else {
      bytes = new TextEncoder().encode(data);
    }
    if (type === "" || type.startsWith(";")) type = "text/plain" + (type === "" ? ";charset=US-ASCII" : type);
    return { status: 200, statusText: "OK", url, redirected: false, headers: [["content-type", type]], body: bytes };
  };

  // A blob: URL's body (GET only), or a network error's text.
  const blobReply = (url, method) => {
    const entry = native.blobURL(url);
    if (entry === undefined || method !== "GET") return "Failed to fetch";
    const headers = [["content-length", String(entry.bytes.byteLength)]];
    if (entry.type !== "") headers.push(["content-type", entry.type]);
    return { status: 200, statusText: "OK", url, redirected: false, headers, body: entry.bytes.slice() };
  };

  // --- fetch: same-origin from the dist, other origins a network error; the reply comes in its own task ---
  define("fetch", function fetch(input, init = undefined) {
    return new Promise((resolve, reject) => {
      let request;
      try {
        request = new Request(input, init);
      } catch (error) {
        reject(error);
        return;
      }
      const s = requestOf(request);
      if (s.signal && s.signal.aborted) { reject(s.signal.reason); return; }
      const send = () => {
        const reply = s.url.startsWith("data:") ? dataURL(s.url) : s.url.startsWith("blob:") ? blobReply(s.url, s.method) : native.fetch(s.url, s.method);
        native.task(() => {
          if (s.signal && s.signal.aborted) {
            reject(s.signal.reason);
          } else if (typeof reply === "string") {
            reject(new TypeError(reply));
          } else {
            const r = Object.create(Response.prototype);
            const rs = newResponseSlots();
            rs.type = "basic";
            rs.status = reply.status;
            rs.statusText = reply.statusText;
            rs.url = reply.url;
            rs.redirected = Boolean(reply.redirected);
            headersOf(rs.headers).list = reply.headers.map(([n, v]) => [n, v]);
            headersOf(rs.headers).guard = "immutable";
            rs.body = nullBodyStatus.has(reply.status) || s.method === "HEAD" ? null : { bytes: reply.body, chunked: true };
            responseSlots.set(r, rs);
            resolve(r);
          }
        });
      };
      // A request body is read to its end before the dist answers (the dist ignores it, as a static server does).
      if (s.body !== null) consumeBody(s.body).then(send, reject);
      else send();
    });
  });
})
