// What a browser (and node) adds on top of ECMAScript, as far as Go's glue and Go programs reach it:
// console, timers, queueMicrotask, TextEncoder/TextDecoder, atob/btoa, crypto.getRandomValues,
// performance, URL/URLSearchParams, structuredClone. Everything ECMAScript is JavaScriptCore's.
// `native` is the Swift half (WebHost/WebPlatform.swift). Evaluated once per context; returns nothing.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  // --- console (node's util.format for the common cases) ---
  const inspect = (value, depth = 2, seen = new Set()) => {
    switch (typeof value) {
      case "string": return depth === 2 ? value : `'${value}'`;
      case "number": return Object.is(value, -0) ? "-0" : String(value);
      case "bigint": return `${value}n`;
      case "undefined": return "undefined";
      case "function": return value.name ? `[Function: ${value.name}]` : "[Function (anonymous)]";
      case "symbol": return value.toString();
      case "boolean": return String(value);
    }
    if (value === null) return "null";
    if (value instanceof Error) return value.stack ? `${value.name}: ${value.message}\n${value.stack.split("\n").map(l => "    at " + l).join("\n")}` : String(value);
    if (seen.has(value)) return "[Circular *1]";
    if (depth < 0) return Array.isArray(value) ? "[Array]" : "[Object]";
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        if (value.length === 0) return "[]";
        return `[ ${value.map(v => inspect(v, depth - 1, seen)).join(", ")} ]`;
      }
      if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
        return `${value.constructor.name}(${value.length}) [ ${Array.from(value).join(", ")} ]`;
      }
      if (value instanceof Map) return `Map(${value.size}) { ${[...value].map(([k, v]) => `${inspect(k, depth - 1, seen)} => ${inspect(v, depth - 1, seen)}`).join(", ")} }`;
      if (value instanceof Set) return `Set(${value.size}) { ${[...value].map(v => inspect(v, depth - 1, seen)).join(", ")} }`;
      const keys = Object.keys(value);
      const name = value.constructor && value.constructor !== Object && value.constructor.name ? value.constructor.name + " " : "";
      if (keys.length === 0) return `${name}{}`;
      const key = k => /^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`;
      return `${name}{ ${keys.map(k => `${key(k)}: ${inspect(value[k], depth - 1, seen)}`).join(", ")} }`;
    } finally {
      seen.delete(value);
    }
  };
  const format = (...args) => {
    let first = args[0];
    let rest = args.slice(1);
    let out = "";
    if (typeof first === "string") {
      out = first.replace(/%[sdifjoO%]/g, (spec) => {
        if (spec === "%%") return "%";
        if (rest.length === 0) return spec;
        const v = rest.shift();
        switch (spec) {
          case "%s": return typeof v === "string" ? v : inspect(v, 1);
          case "%d": case "%i": return typeof v === "object" ? "NaN" : String(spec === "%i" ? parseInt(v) : Number(v));
          case "%f": return String(parseFloat(v));
          case "%j": try { return JSON.stringify(v); } catch { return "[Circular]"; }
          default: return inspect(v, 4);
        }
      });
    } else {
      out = inspect(first);
    }
    for (const v of rest) out += " " + inspect(v);
    return out;
  };
  const printer = (fd) => (...args) => { native.write(fd, format(...args) + "\n"); };
  define("console", {
    log: printer(1), info: printer(1), debug: printer(1), trace: printer(2),
    error: printer(2), warn: printer(2),
    dir: (v) => native.write(1, inspect(v) + "\n"),
    assert: (ok, ...args) => { if (!ok) native.write(2, "Assertion failed" + (args.length ? ": " + format(...args) : "") + "\n"); },
    time() {}, timeEnd() {}, group() {}, groupEnd() {},
  });
  native.format = format;

  // --- timers: the Swift event loop owns them; microtasks are JavaScriptCore's ---
  class Timeout {
    constructor(id, repeat) { this._id = id; this._repeat = repeat; }
    ref() { native.refTimer(this._id, true); return this; }
    unref() { native.refTimer(this._id, false); return this; }
    hasRef() { return true; }
    refresh() { return this; }
    [Symbol.toPrimitive]() { return this._id; }
  }
  const schedule = (repeat) => (callback, delay, ...args) => {
    if (typeof callback !== "function") throw new TypeError("The \"callback\" argument must be of type function");
    delay = Number(delay);
    if (!(delay >= 1 && delay <= 2147483647)) delay = 1;
    const id = native.setTimer(args.length ? () => callback(...args) : callback, delay, repeat);
    return native.nodeTimers ? new Timeout(id, repeat) : id;
  };
  const clear = (timer) => { if (timer != null) native.clearTimer(typeof timer === "object" ? timer._id : Number(timer)); };
  define("setTimeout", schedule(false));
  define("setInterval", schedule(true));
  define("clearTimeout", clear);
  define("clearInterval", clear);
  // setImmediate is node's; a browser has none (Go's glue and apps test for it).
  if (!native.browser) define("setImmediate", (callback, ...args) => {
    const id = native.setImmediate(() => callback(...args));
    return native.nodeTimers ? { _id: id, _immediate: true, ref() { return this; }, unref() { return this; }, hasRef() { return true; } } : id;
  });
  if (!native.browser) define("clearImmediate", (immediate) => { if (immediate != null) native.clearImmediate(typeof immediate === "object" ? immediate._id : Number(immediate)); });
  if (typeof globalThis.queueMicrotask !== "function") {
    define("queueMicrotask", (callback) => { Promise.resolve().then(callback); });
  }

  // --- TextEncoder / TextDecoder (UTF-8; decode takes any BufferSource, DataView included) ---
  class TextEncoder {
    get encoding() { return "utf-8"; }
    encode(input = "") {
      const s = String(input);
      // Short ASCII (most of what Go's glue encodes: property names, short values) stays in JavaScript:
      // crossing into Swift costs more than the copy.
      if (s.length <= 128) {
        const out = new Uint8Array(s.length);
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          if (c >= 0x80) return native.encodeUTF8(s);
          out[i] = c;
        }
        return out;
      }
      return native.encodeUTF8(s);
    }
    encodeInto(source, destination) {
      const bytes = native.encodeUTF8(String(source));
      // Whole code points only: never split a multi-byte sequence.
      let written = bytes.length;
      if (written > destination.length) {
        written = destination.length;
        while (written > 0 && (bytes[written] & 0xc0) === 0x80) written--;
      }
      destination.set(bytes.subarray(0, written));
      const read = new TextDecoder().decode(bytes.subarray(0, written)).length;
      return { read, written };
    }
  }
  class TextDecoder {
    #fatal; #ignoreBOM;
    constructor(label = "utf-8", options = {}) {
      const name = String(label).trim().toLowerCase();
      if (name !== "utf-8" && name !== "utf8" && name !== "unicode-1-1-utf-8") {
        throw new RangeError(`The "${label}" encoding is not supported`);
      }
      this.#fatal = Boolean(options.fatal);
      this.#ignoreBOM = Boolean(options.ignoreBOM);
    }
    get encoding() { return "utf-8"; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input, options) {
      if (input === undefined) return "";
      if (!(input instanceof ArrayBuffer) && !ArrayBuffer.isView(input)) {
        throw new TypeError("The \"input\" argument must be an instance of ArrayBuffer or ArrayBufferView");
      }
      // Go's glue passes a DataView over linear memory for every string it loads: short ASCII is read
      // from it directly, without a second view (an allocation per string on the js.Value path).
      if (input instanceof DataView && input.byteLength <= 128) {
        let s = "";
        for (let i = 0; i < input.byteLength; i++) {
          const b = input.getUint8(i);
          if (b >= 0x80) { s = undefined; break; }
          s += String.fromCharCode(b);
        }
        if (s !== undefined) return s;
      }
      // A Uint8Array view reaches Swift's fast path.
      const bytes = input instanceof Uint8Array ? input
        : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : new Uint8Array(input);
      if (bytes.length <= 128) {
        // Short ASCII in JavaScript (see encode); a BOM or any other non-ASCII byte goes to Swift.
        let s = "";
        for (let i = 0; i < bytes.length; i++) {
          const b = bytes[i];
          if (b >= 0x80) return native.decodeUTF8(bytes, this.#fatal, this.#ignoreBOM);
          s += String.fromCharCode(b);
        }
        return s;
      }
      return native.decodeUTF8(bytes, this.#fatal, this.#ignoreBOM);
    }
  }
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);

  // --- atob / btoa ---
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const invalid = (message) => { const e = new Error(message); e.name = "InvalidCharacterError"; return e; };
  define("btoa", (input) => {
    const s = String(input);
    let out = "";
    for (let i = 0; i < s.length; i += 3) {
      const a = s.charCodeAt(i), b = s.charCodeAt(i + 1), c = s.charCodeAt(i + 2);
      if (a > 255 || b > 255 || c > 255) throw invalid("Invalid character");
      const n = (a << 16) | ((b || 0) << 8) | (c || 0);
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + (i + 1 < s.length ? alphabet[(n >> 6) & 63] : "=") + (i + 2 < s.length ? alphabet[n & 63] : "=");
    }
    return out;
  });
  define("atob", (input) => {
    let s = String(input).replace(/[\t\n\f\r ]/g, "");
    if (s.length % 4 === 0) s = s.replace(/==?$/, "");
    if (s.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(s)) throw invalid("The string to be decoded is not correctly encoded.");
    let out = "", bits = 0, value = 0;
    for (const ch of s) {
      value = (value << 6) | alphabet.indexOf(ch);
      bits += 6;
      if (bits >= 8) { bits -= 8; out += String.fromCharCode((value >> bits) & 255); }
    }
    return out;
  });

  // --- crypto.getRandomValues / randomUUID ---
  const getRandomValues = (array) => {
    if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array || array instanceof DataView) {
      const e = new TypeError("The data argument must be an integer-type TypedArray"); throw e;
    }
    if (array.byteLength > 65536) {
      const e = new Error(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`);
      e.name = "QuotaExceededError"; throw e;
    }
    native.randomFill(array);
    return array;
  };
  const randomUUID = () => {
    const b = getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, x => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  define("crypto", { getRandomValues, randomUUID });

  // --- performance ---
  define("performance", { timeOrigin: native.timeOrigin, now: native.now, mark() {}, measure() {} });

  // --- structuredClone (JavaScriptCore's C API world has none) ---
  if (typeof globalThis.structuredClone !== "function") {
    const clone = (value, seen) => {
      if (typeof value !== "object" || value === null) {
        if (typeof value === "function" || typeof value === "symbol") {
          const e = new Error(`${typeof value === "function" ? value.toString() : String(value)} could not be cloned.`);
          e.name = "DataCloneError"; throw e;
        }
        return value;
      }
      if (seen.has(value)) return seen.get(value);
      let out;
      if (value instanceof Date) out = new Date(value.getTime());
      else if (value instanceof RegExp) out = new RegExp(value.source, value.flags);
      else if (value instanceof ArrayBuffer) out = value.slice(0);
      else if (ArrayBuffer.isView(value)) out = new value.constructor(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
      else if (value instanceof Map) { out = new Map(); seen.set(value, out); for (const [k, v] of value) out.set(clone(k, seen), clone(v, seen)); return out; }
      else if (value instanceof Set) { out = new Set(); seen.set(value, out); for (const v of value) out.add(clone(v, seen)); return out; }
      else if (value instanceof Error) { out = new (globalThis[value.name] || Error)(value.message); }
      else if (Array.isArray(value)) { out = []; seen.set(value, out); for (let i = 0; i < value.length; i++) if (i in value) out[i] = clone(value[i], seen); out.length = value.length; return out; }
      else {
        out = {}; seen.set(value, out);
        for (const k of Object.keys(value)) out[k] = clone(value[k], seen);
        return out;
      }
      seen.set(value, out);
      return out;
    };
    define("structuredClone", (value) => clone(value, new Map()));
  }

  // --- WHATWG Streams: the first read of one of these names evaluates streams.js (native.loadStreams) and
  // replaces every getter that is still in place by its class; a page's own assignment wins ---
  const streamNames = [
    "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamDefaultController",
    "ReadableByteStreamController", "ReadableStreamBYOBRequest", "WritableStream", "WritableStreamDefaultWriter",
    "WritableStreamDefaultController", "TransformStream", "TransformStreamDefaultController",
    "ByteLengthQueuingStrategy", "CountQueuingStrategy", "TextEncoderStream", "TextDecoderStream",
  ];
  const getters = new Map();
  let streamClasses;
  native.requireStreams = () => {
    if (streamClasses === undefined) {
      streamClasses = native.loadStreams();
      for (const name of streamNames) {
        const current = Object.getOwnPropertyDescriptor(globalThis, name);
        if (current && current.get === getters.get(name)) define(name, streamClasses[name]);
      }
    }
    return native.streams;
  };
  for (const name of streamNames) {
    const get = () => { native.requireStreams(); return streamClasses[name]; };
    getters.set(name, get);
    Object.defineProperty(globalThis, name, { get, set: (value) => define(name, value), configurable: true, enumerable: false });
  }
})
