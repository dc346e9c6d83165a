// What a browser (and node) adds on top of ECMAScript, as far as Go's glue and Go programs reach it:
// console, timers, queueMicrotask, TextEncoder/TextDecoder, atob/btoa, crypto.getRandomValues,
// performance, URL/URLSearchParams, structuredClone, DOMException. Everything ECMAScript is JavaScriptCore's.
// `native` is the Swift half (WebHost/WebPlatform.swift). Evaluated once per context; returns nothing.
(function (native) {
  "use strict";
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  // WebIDL's shape for an interface written as a class: its members enumerable, its @@toStringTag. Shared
  // with the surfaces evaluated later on the same `native` (streams.js, fetch.js).
  native.exposeInterface = (cls) => {
    for (const name of Object.getOwnPropertyNames(cls.prototype)) {
      if (name === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(cls.prototype, name);
      d.enumerable = true;
      Object.defineProperty(cls.prototype, name, d);
    }
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
    return cls;
  };

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
  // Console Standard: counting and timing by label (converted with ToString, which may throw), as node
  // prints them. `console` is a namespace: its [[Prototype]] is an empty object, its class string "console".
  const counts = new Map();
  const timers = new Map();
  const label = (value) => value === undefined ? "default" : `${value}`;
  const elapsed = (name) => `${name}: ${+(native.now() - timers.get(name)).toFixed(3)}ms`;
  const members = {
    log: printer(1), info: printer(1), debug: printer(1), trace: printer(2),
    error: printer(2), warn: printer(2),
    dir: (v) => native.write(1, inspect(v) + "\n"),
    dirxml: printer(1), table: printer(1), clear() {},
    assert: (ok, ...args) => { if (!ok) native.write(2, "Assertion failed" + (args.length ? ": " + format(...args) : "") + "\n"); },
    count(value) {
      const name = label(value);
      const count = (counts.get(name) ?? 0) + 1;
      counts.set(name, count);
      native.write(1, `${name}: ${count}\n`);
    },
    countReset(value) {
      const name = label(value);
      if (counts.has(name)) counts.set(name, 0);
      else native.write(2, `Count for '${name}' does not exist\n`);
    },
    time(value) {
      const name = label(value);
      if (timers.has(name)) native.write(2, `Timer '${name}' already exists\n`);
      else timers.set(name, native.now());
    },
    timeLog(value, ...data) {
      const name = label(value);
      if (!timers.has(name)) return native.write(2, `Timer '${name}' does not exist\n`);
      native.write(1, [elapsed(name), ...data.map((v) => inspect(v))].join(" ") + "\n");
    },
    timeEnd(value) {
      const name = label(value);
      if (!timers.has(name)) return native.write(2, `Timer '${name}' does not exist\n`);
      native.write(1, elapsed(name) + "\n");
      timers.delete(name);
    },
    group(...args) { if (args.length) printer(1)(...args); },
    groupCollapsed(...args) { if (args.length) printer(1)(...args); },
    groupEnd() {},
  };
  const consoleNamespace = Object.create(Object.create(Object.prototype));
  for (const [name, value] of Object.entries(members)) {
    Object.defineProperty(consoleNamespace, name, { value, writable: true, enumerable: true, configurable: true });
  }
  Object.defineProperty(consoleNamespace, Symbol.toStringTag, { value: "console", configurable: true });
  define("console", consoleNamespace);
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
  // In a browser, a handler that is not a function is code (converted now, run as a classic script in
  // the global scope when the timer fires; a compile error is reported then, as an uncaught exception).
  const globalEval = globalThis.eval;
  const schedule = (repeat) => (handler, delay, ...args) => {
    let callback = handler;
    if (typeof handler !== "function") {
      if (!native.browser) throw new TypeError("The \"callback\" argument must be of type function");
      const code = `${handler}`;
      callback = () => { globalEval(code); };
      args = [];
    }
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
    // Named as WebIDL names operations; an exception is reported (the window's `error` event) as in a browser.
    define("queueMicrotask", function queueMicrotask(callback) {
      if (typeof callback !== "function") {
        throw new TypeError("Failed to execute 'queueMicrotask' on 'Window': The callback provided as parameter 1 is not a function.");
      }
      Promise.resolve().then(() => {
        try {
          callback();
        } catch (error) {
          if (typeof globalThis.reportError !== "function") throw error;
          globalThis.reportError(error);
        }
      });
    });
  }

  // --- TextEncoder / TextDecoder (UTF-8; decode takes any BufferSource, DataView included) ---
  const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
  // A SharedArrayBuffer's brand, also where the page's global no longer names the class (dom.js drops it).
  const sharedByteLength = typeof SharedArrayBuffer === "function"
    ? Object.getOwnPropertyDescriptor(SharedArrayBuffer.prototype, "byteLength").get : undefined;
  const isSharedArrayBuffer = (value) => {
    if (sharedByteLength === undefined || typeof value !== "object" || value === null) return false;
    try { sharedByteLength.call(value); return true; } catch { return false; }
  };
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
      // WebIDL's `[AllowShared] Uint8Array`: the typed array's own tag, which a plain object cannot fake.
      if (!ArrayBuffer.isView(destination) || typedArrayTag.call(destination) !== "Uint8Array") {
        throw new TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
      }
      const bytes = native.encodeUTF8(String(source));
      // Whole code points only: never split a multi-byte sequence.
      let written = bytes.length;
      if (written > destination.length) {
        written = destination.length;
        while (written > 0 && (bytes[written] & 0xc0) === 0x80) written--;
      }
      if (written > 0) destination.set(bytes.subarray(0, written));  // a detached destination has length 0
      const read = new TextDecoder().decode(bytes.subarray(0, written)).length;
      return { read, written };
    }
  }
  // The Encoding Standard's labels (name:label label ...|...) and its single-byte indexes (bytes 0x80-0xFF;
  // U+FFFF marks a byte the index leaves undefined). Generated from the standard's encodings.json and indexes.
  const encodingLabels = "UTF-8:unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8|IBM866:866 cp866 csibm866 ibm866|ISO-8859-2:csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2|ISO-8859-3:csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3|ISO-8859-4:csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4|ISO-8859-5:csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988|ISO-8859-6:arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987|ISO-8859-7:csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek|ISO-8859-8:csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual|ISO-8859-8-I:csiso88598i iso-8859-8-i logical|ISO-8859-10:csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6|ISO-8859-13:iso-8859-13 iso8859-13 iso885913|ISO-8859-14:iso-8859-14 iso8859-14 iso885914|ISO-8859-15:csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9|ISO-8859-16:iso-8859-16|KOI8-R:cskoi8r koi koi8 koi8-r koi8_r|KOI8-U:koi8-ru koi8-u|macintosh:csmacintosh mac macintosh x-mac-roman|windows-874:dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874|windows-1250:cp1250 windows-1250 x-cp1250|windows-1251:cp1251 windows-1251 x-cp1251|windows-1252:ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252|windows-1253:cp1253 windows-1253 x-cp1253|windows-1254:cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254|windows-1255:cp1255 windows-1255 x-cp1255|windows-1256:cp1256 windows-1256 x-cp1256|windows-1257:cp1257 windows-1257 x-cp1257|windows-1258:cp1258 windows-1258 x-cp1258|x-mac-cyrillic:x-mac-cyrillic x-mac-ukrainian|GBK:chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk|gb18030:gb18030|Big5:big5 big5-hkscs cn-big5 csbig5 x-x-big5|EUC-JP:cseucpkdfmtjapanese euc-jp x-euc-jp|ISO-2022-JP:csiso2022jp iso-2022-jp|Shift_JIS:csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis|EUC-KR:cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949|replacement:csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement|UTF-16BE:unicodefffe utf-16be|UTF-16LE:csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le|x-user-defined:x-user-defined";
  const singleByteIndexes = {
    "IBM866": "\u0410\u0411\u0412\u0413\u0414\u0415\u0416\u0417\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u0420\u0421\u0422\u0423\u0424\u0425\u0426\u0427\u0428\u0429\u042a\u042b\u042c\u042d\u042e\u042f\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u2591\u2592\u2593\u2502\u2524\u2561\u2562\u2556\u2555\u2563\u2551\u2557\u255d\u255c\u255b\u2510\u2514\u2534\u252c\u251c\u2500\u253c\u255e\u255f\u255a\u2554\u2569\u2566\u2560\u2550\u256c\u2567\u2568\u2564\u2565\u2559\u2558\u2552\u2553\u256b\u256a\u2518\u250c\u2588\u2584\u258c\u2590\u2580\u0440\u0441\u0442\u0443\u0444\u0445\u0446\u0447\u0448\u0449\u044a\u044b\u044c\u044d\u044e\u044f\u0401\u0451\u0404\u0454\u0407\u0457\u040e\u045e\u00b0\u2219\u00b7\u221a\u2116\u00a4\u25a0\u00a0",
    "ISO-8859-2": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0104\u02d8\u0141\u00a4\u013d\u015a\u00a7\u00a8\u0160\u015e\u0164\u0179\u00ad\u017d\u017b\u00b0\u0105\u02db\u0142\u00b4\u013e\u015b\u02c7\u00b8\u0161\u015f\u0165\u017a\u02dd\u017e\u017c\u0154\u00c1\u00c2\u0102\u00c4\u0139\u0106\u00c7\u010c\u00c9\u0118\u00cb\u011a\u00cd\u00ce\u010e\u0110\u0143\u0147\u00d3\u00d4\u0150\u00d6\u00d7\u0158\u016e\u00da\u0170\u00dc\u00dd\u0162\u00df\u0155\u00e1\u00e2\u0103\u00e4\u013a\u0107\u00e7\u010d\u00e9\u0119\u00eb\u011b\u00ed\u00ee\u010f\u0111\u0144\u0148\u00f3\u00f4\u0151\u00f6\u00f7\u0159\u016f\u00fa\u0171\u00fc\u00fd\u0163\u02d9",
    "ISO-8859-3": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0126\u02d8\u00a3\u00a4\uffff\u0124\u00a7\u00a8\u0130\u015e\u011e\u0134\u00ad\uffff\u017b\u00b0\u0127\u00b2\u00b3\u00b4\u00b5\u0125\u00b7\u00b8\u0131\u015f\u011f\u0135\u00bd\uffff\u017c\u00c0\u00c1\u00c2\uffff\u00c4\u010a\u0108\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\uffff\u00d1\u00d2\u00d3\u00d4\u0120\u00d6\u00d7\u011c\u00d9\u00da\u00db\u00dc\u016c\u015c\u00df\u00e0\u00e1\u00e2\uffff\u00e4\u010b\u0109\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\uffff\u00f1\u00f2\u00f3\u00f4\u0121\u00f6\u00f7\u011d\u00f9\u00fa\u00fb\u00fc\u016d\u015d\u02d9",
    "ISO-8859-4": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0104\u0138\u0156\u00a4\u0128\u013b\u00a7\u00a8\u0160\u0112\u0122\u0166\u00ad\u017d\u00af\u00b0\u0105\u02db\u0157\u00b4\u0129\u013c\u02c7\u00b8\u0161\u0113\u0123\u0167\u014a\u017e\u014b\u0100\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u012e\u010c\u00c9\u0118\u00cb\u0116\u00cd\u00ce\u012a\u0110\u0145\u014c\u0136\u00d4\u00d5\u00d6\u00d7\u00d8\u0172\u00da\u00db\u00dc\u0168\u016a\u00df\u0101\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u012f\u010d\u00e9\u0119\u00eb\u0117\u00ed\u00ee\u012b\u0111\u0146\u014d\u0137\u00f4\u00f5\u00f6\u00f7\u00f8\u0173\u00fa\u00fb\u00fc\u0169\u016b\u02d9",
    "ISO-8859-5": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0401\u0402\u0403\u0404\u0405\u0406\u0407\u0408\u0409\u040a\u040b\u040c\u00ad\u040e\u040f\u0410\u0411\u0412\u0413\u0414\u0415\u0416\u0417\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u0420\u0421\u0422\u0423\u0424\u0425\u0426\u0427\u0428\u0429\u042a\u042b\u042c\u042d\u042e\u042f\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u0440\u0441\u0442\u0443\u0444\u0445\u0446\u0447\u0448\u0449\u044a\u044b\u044c\u044d\u044e\u044f\u2116\u0451\u0452\u0453\u0454\u0455\u0456\u0457\u0458\u0459\u045a\u045b\u045c\u00a7\u045e\u045f",
    "ISO-8859-6": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\uffff\uffff\uffff\u00a4\uffff\uffff\uffff\uffff\uffff\uffff\uffff\u060c\u00ad\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\u061b\uffff\uffff\uffff\u061f\uffff\u0621\u0622\u0623\u0624\u0625\u0626\u0627\u0628\u0629\u062a\u062b\u062c\u062d\u062e\u062f\u0630\u0631\u0632\u0633\u0634\u0635\u0636\u0637\u0638\u0639\u063a\uffff\uffff\uffff\uffff\uffff\u0640\u0641\u0642\u0643\u0644\u0645\u0646\u0647\u0648\u0649\u064a\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff",
    "ISO-8859-7": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u2018\u2019\u00a3\u20ac\u20af\u00a6\u00a7\u00a8\u00a9\u037a\u00ab\u00ac\u00ad\uffff\u2015\u00b0\u00b1\u00b2\u00b3\u0384\u0385\u0386\u00b7\u0388\u0389\u038a\u00bb\u038c\u00bd\u038e\u038f\u0390\u0391\u0392\u0393\u0394\u0395\u0396\u0397\u0398\u0399\u039a\u039b\u039c\u039d\u039e\u039f\u03a0\u03a1\uffff\u03a3\u03a4\u03a5\u03a6\u03a7\u03a8\u03a9\u03aa\u03ab\u03ac\u03ad\u03ae\u03af\u03b0\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bc\u03bd\u03be\u03bf\u03c0\u03c1\u03c2\u03c3\u03c4\u03c5\u03c6\u03c7\u03c8\u03c9\u03ca\u03cb\u03cc\u03cd\u03ce\uffff",
    "ISO-8859-8": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\uffff\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00d7\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00f7\u00bb\u00bc\u00bd\u00be\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\u2017\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05d7\u05d8\u05d9\u05da\u05db\u05dc\u05dd\u05de\u05df\u05e0\u05e1\u05e2\u05e3\u05e4\u05e5\u05e6\u05e7\u05e8\u05e9\u05ea\uffff\uffff\u200e\u200f\uffff",
    "ISO-8859-8-I": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\uffff\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00d7\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00f7\u00bb\u00bc\u00bd\u00be\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\uffff\u2017\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05d7\u05d8\u05d9\u05da\u05db\u05dc\u05dd\u05de\u05df\u05e0\u05e1\u05e2\u05e3\u05e4\u05e5\u05e6\u05e7\u05e8\u05e9\u05ea\uffff\uffff\u200e\u200f\uffff",
    "ISO-8859-10": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0104\u0112\u0122\u012a\u0128\u0136\u00a7\u013b\u0110\u0160\u0166\u017d\u00ad\u016a\u014a\u00b0\u0105\u0113\u0123\u012b\u0129\u0137\u00b7\u013c\u0111\u0161\u0167\u017e\u2015\u016b\u014b\u0100\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u012e\u010c\u00c9\u0118\u00cb\u0116\u00cd\u00ce\u00cf\u00d0\u0145\u014c\u00d3\u00d4\u00d5\u00d6\u0168\u00d8\u0172\u00da\u00db\u00dc\u00dd\u00de\u00df\u0101\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u012f\u010d\u00e9\u0119\u00eb\u0117\u00ed\u00ee\u00ef\u00f0\u0146\u014d\u00f3\u00f4\u00f5\u00f6\u0169\u00f8\u0173\u00fa\u00fb\u00fc\u00fd\u00fe\u0138",
    "ISO-8859-13": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u201d\u00a2\u00a3\u00a4\u201e\u00a6\u00a7\u00d8\u00a9\u0156\u00ab\u00ac\u00ad\u00ae\u00c6\u00b0\u00b1\u00b2\u00b3\u201c\u00b5\u00b6\u00b7\u00f8\u00b9\u0157\u00bb\u00bc\u00bd\u00be\u00e6\u0104\u012e\u0100\u0106\u00c4\u00c5\u0118\u0112\u010c\u00c9\u0179\u0116\u0122\u0136\u012a\u013b\u0160\u0143\u0145\u00d3\u014c\u00d5\u00d6\u00d7\u0172\u0141\u015a\u016a\u00dc\u017b\u017d\u00df\u0105\u012f\u0101\u0107\u00e4\u00e5\u0119\u0113\u010d\u00e9\u017a\u0117\u0123\u0137\u012b\u013c\u0161\u0144\u0146\u00f3\u014d\u00f5\u00f6\u00f7\u0173\u0142\u015b\u016b\u00fc\u017c\u017e\u2019",
    "ISO-8859-14": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u1e02\u1e03\u00a3\u010a\u010b\u1e0a\u00a7\u1e80\u00a9\u1e82\u1e0b\u1ef2\u00ad\u00ae\u0178\u1e1e\u1e1f\u0120\u0121\u1e40\u1e41\u00b6\u1e56\u1e81\u1e57\u1e83\u1e60\u1ef3\u1e84\u1e85\u1e61\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u0174\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u1e6a\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u0176\u00df\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u0175\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u1e6b\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u0177\u00ff",
    "ISO-8859-15": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u00a1\u00a2\u00a3\u20ac\u00a5\u0160\u00a7\u0161\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u017d\u00b5\u00b6\u00b7\u017e\u00b9\u00ba\u00bb\u0152\u0153\u0178\u00bf\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u00d0\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00de\u00df\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u00f0\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff",
    "ISO-8859-16": "\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0104\u0105\u0141\u20ac\u201e\u0160\u00a7\u0161\u00a9\u0218\u00ab\u0179\u00ad\u017a\u017b\u00b0\u00b1\u010c\u0142\u017d\u201d\u00b6\u00b7\u017e\u010d\u0219\u00bb\u0152\u0153\u0178\u017c\u00c0\u00c1\u00c2\u0102\u00c4\u0106\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u0110\u0143\u00d2\u00d3\u00d4\u0150\u00d6\u015a\u0170\u00d9\u00da\u00db\u00dc\u0118\u021a\u00df\u00e0\u00e1\u00e2\u0103\u00e4\u0107\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u0111\u0144\u00f2\u00f3\u00f4\u0151\u00f6\u015b\u0171\u00f9\u00fa\u00fb\u00fc\u0119\u021b\u00ff",
    "KOI8-R": "\u2500\u2502\u250c\u2510\u2514\u2518\u251c\u2524\u252c\u2534\u253c\u2580\u2584\u2588\u258c\u2590\u2591\u2592\u2593\u2320\u25a0\u2219\u221a\u2248\u2264\u2265\u00a0\u2321\u00b0\u00b2\u00b7\u00f7\u2550\u2551\u2552\u0451\u2553\u2554\u2555\u2556\u2557\u2558\u2559\u255a\u255b\u255c\u255d\u255e\u255f\u2560\u2561\u0401\u2562\u2563\u2564\u2565\u2566\u2567\u2568\u2569\u256a\u256b\u256c\u00a9\u044e\u0430\u0431\u0446\u0434\u0435\u0444\u0433\u0445\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u044f\u0440\u0441\u0442\u0443\u0436\u0432\u044c\u044b\u0437\u0448\u044d\u0449\u0447\u044a\u042e\u0410\u0411\u0426\u0414\u0415\u0424\u0413\u0425\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u042f\u0420\u0421\u0422\u0423\u0416\u0412\u042c\u042b\u0417\u0428\u042d\u0429\u0427\u042a",
    "KOI8-U": "\u2500\u2502\u250c\u2510\u2514\u2518\u251c\u2524\u252c\u2534\u253c\u2580\u2584\u2588\u258c\u2590\u2591\u2592\u2593\u2320\u25a0\u2219\u221a\u2248\u2264\u2265\u00a0\u2321\u00b0\u00b2\u00b7\u00f7\u2550\u2551\u2552\u0451\u0454\u2554\u0456\u0457\u2557\u2558\u2559\u255a\u255b\u0491\u040e\u255e\u255f\u2560\u2561\u0401\u0404\u2563\u0406\u0407\u2566\u2567\u2568\u2569\u256a\u0490\u045e\u00a9\u044e\u0430\u0431\u0446\u0434\u0435\u0444\u0433\u0445\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u044f\u0440\u0441\u0442\u0443\u0436\u0432\u044c\u044b\u0437\u0448\u044d\u0449\u0447\u044a\u042e\u0410\u0411\u0426\u0414\u0415\u0424\u0413\u0425\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u042f\u0420\u0421\u0422\u0423\u0416\u0412\u042c\u042b\u0417\u0428\u042d\u0429\u0427\u042a",
    "macintosh": "\u00c4\u00c5\u00c7\u00c9\u00d1\u00d6\u00dc\u00e1\u00e0\u00e2\u00e4\u00e3\u00e5\u00e7\u00e9\u00e8\u00ea\u00eb\u00ed\u00ec\u00ee\u00ef\u00f1\u00f3\u00f2\u00f4\u00f6\u00f5\u00fa\u00f9\u00fb\u00fc\u2020\u00b0\u00a2\u00a3\u00a7\u2022\u00b6\u00df\u00ae\u00a9\u2122\u00b4\u00a8\u2260\u00c6\u00d8\u221e\u00b1\u2264\u2265\u00a5\u00b5\u2202\u2211\u220f\u03c0\u222b\u00aa\u00ba\u03a9\u00e6\u00f8\u00bf\u00a1\u00ac\u221a\u0192\u2248\u2206\u00ab\u00bb\u2026\u00a0\u00c0\u00c3\u00d5\u0152\u0153\u2013\u2014\u201c\u201d\u2018\u2019\u00f7\u25ca\u00ff\u0178\u2044\u20ac\u2039\u203a\ufb01\ufb02\u2021\u00b7\u201a\u201e\u2030\u00c2\u00ca\u00c1\u00cb\u00c8\u00cd\u00ce\u00cf\u00cc\u00d3\u00d4\uf8ff\u00d2\u00da\u00db\u00d9\u0131\u02c6\u02dc\u00af\u02d8\u02d9\u02da\u00b8\u02dd\u02db\u02c7",
    "windows-874": "\u20ac\u0081\u0082\u0083\u0084\u2026\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f\u00a0\u0e01\u0e02\u0e03\u0e04\u0e05\u0e06\u0e07\u0e08\u0e09\u0e0a\u0e0b\u0e0c\u0e0d\u0e0e\u0e0f\u0e10\u0e11\u0e12\u0e13\u0e14\u0e15\u0e16\u0e17\u0e18\u0e19\u0e1a\u0e1b\u0e1c\u0e1d\u0e1e\u0e1f\u0e20\u0e21\u0e22\u0e23\u0e24\u0e25\u0e26\u0e27\u0e28\u0e29\u0e2a\u0e2b\u0e2c\u0e2d\u0e2e\u0e2f\u0e30\u0e31\u0e32\u0e33\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\uffff\uffff\uffff\uffff\u0e3f\u0e40\u0e41\u0e42\u0e43\u0e44\u0e45\u0e46\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e\u0e4f\u0e50\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58\u0e59\u0e5a\u0e5b\uffff\uffff\uffff\uffff",
    "windows-1250": "\u20ac\u0081\u201a\u0083\u201e\u2026\u2020\u2021\u0088\u2030\u0160\u2039\u015a\u0164\u017d\u0179\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u0098\u2122\u0161\u203a\u015b\u0165\u017e\u017a\u00a0\u02c7\u02d8\u0141\u00a4\u0104\u00a6\u00a7\u00a8\u00a9\u015e\u00ab\u00ac\u00ad\u00ae\u017b\u00b0\u00b1\u02db\u0142\u00b4\u00b5\u00b6\u00b7\u00b8\u0105\u015f\u00bb\u013d\u02dd\u013e\u017c\u0154\u00c1\u00c2\u0102\u00c4\u0139\u0106\u00c7\u010c\u00c9\u0118\u00cb\u011a\u00cd\u00ce\u010e\u0110\u0143\u0147\u00d3\u00d4\u0150\u00d6\u00d7\u0158\u016e\u00da\u0170\u00dc\u00dd\u0162\u00df\u0155\u00e1\u00e2\u0103\u00e4\u013a\u0107\u00e7\u010d\u00e9\u0119\u00eb\u011b\u00ed\u00ee\u010f\u0111\u0144\u0148\u00f3\u00f4\u0151\u00f6\u00f7\u0159\u016f\u00fa\u0171\u00fc\u00fd\u0163\u02d9",
    "windows-1251": "\u0402\u0403\u201a\u0453\u201e\u2026\u2020\u2021\u20ac\u2030\u0409\u2039\u040a\u040c\u040b\u040f\u0452\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u0098\u2122\u0459\u203a\u045a\u045c\u045b\u045f\u00a0\u040e\u045e\u0408\u00a4\u0490\u00a6\u00a7\u0401\u00a9\u0404\u00ab\u00ac\u00ad\u00ae\u0407\u00b0\u00b1\u0406\u0456\u0491\u00b5\u00b6\u00b7\u0451\u2116\u0454\u00bb\u0458\u0405\u0455\u0457\u0410\u0411\u0412\u0413\u0414\u0415\u0416\u0417\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u0420\u0421\u0422\u0423\u0424\u0425\u0426\u0427\u0428\u0429\u042a\u042b\u042c\u042d\u042e\u042f\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u0440\u0441\u0442\u0443\u0444\u0445\u0446\u0447\u0448\u0449\u044a\u044b\u044c\u044d\u044e\u044f",
    "windows-1252": "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u00d0\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00de\u00df\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u00f0\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff",
    "windows-1253": "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u0088\u2030\u008a\u2039\u008c\u008d\u008e\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u0098\u2122\u009a\u203a\u009c\u009d\u009e\u009f\u00a0\u0385\u0386\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\uffff\u00ab\u00ac\u00ad\u00ae\u2015\u00b0\u00b1\u00b2\u00b3\u0384\u00b5\u00b6\u00b7\u0388\u0389\u038a\u00bb\u038c\u00bd\u038e\u038f\u0390\u0391\u0392\u0393\u0394\u0395\u0396\u0397\u0398\u0399\u039a\u039b\u039c\u039d\u039e\u039f\u03a0\u03a1\uffff\u03a3\u03a4\u03a5\u03a6\u03a7\u03a8\u03a9\u03aa\u03ab\u03ac\u03ad\u03ae\u03af\u03b0\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bc\u03bd\u03be\u03bf\u03c0\u03c1\u03c2\u03c3\u03c4\u03c5\u03c6\u03c7\u03c8\u03c9\u03ca\u03cb\u03cc\u03cd\u03ce\uffff",
    "windows-1254": "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u008e\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u009e\u0178\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf\u011e\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u0130\u015e\u00df\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef\u011f\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u0131\u015f\u00ff",
    "windows-1255": "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u008a\u2039\u008c\u008d\u008e\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u009a\u203a\u009c\u009d\u009e\u009f\u00a0\u00a1\u00a2\u00a3\u20aa\u00a5\u00a6\u00a7\u00a8\u00a9\u00d7\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00f7\u00bb\u00bc\u00bd\u00be\u00bf\u05b0\u05b1\u05b2\u05b3\u05b4\u05b5\u05b6\u05b7\u05b8\u05b9\u05ba\u05bb\u05bc\u05bd\u05be\u05bf\u05c0\u05c1\u05c2\u05c3\u05f0\u05f1\u05f2\u05f3\u05f4\uffff\uffff\uffff\uffff\uffff\uffff\uffff\u05d0\u05d1\u05d2\u05d3\u05d4\u05d5\u05d6\u05d7\u05d8\u05d9\u05da\u05db\u05dc\u05dd\u05de\u05df\u05e0\u05e1\u05e2\u05e3\u05e4\u05e5\u05e6\u05e7\u05e8\u05e9\u05ea\uffff\uffff\u200e\u200f\uffff",
    "windows-1256": "\u20ac\u067e\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0679\u2039\u0152\u0686\u0698\u0688\u06af\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u06a9\u2122\u0691\u203a\u0153\u200c\u200d\u06ba\u00a0\u060c\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u06be\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u061b\u00bb\u00bc\u00bd\u00be\u061f\u06c1\u0621\u0622\u0623\u0624\u0625\u0626\u0627\u0628\u0629\u062a\u062b\u062c\u062d\u062e\u062f\u0630\u0631\u0632\u0633\u0634\u0635\u0636\u00d7\u0637\u0638\u0639\u063a\u0640\u0641\u0642\u0643\u00e0\u0644\u00e2\u0645\u0646\u0647\u0648\u00e7\u00e8\u00e9\u00ea\u00eb\u0649\u064a\u00ee\u00ef\u064b\u064c\u064d\u064e\u00f4\u064f\u0650\u00f7\u0651\u00f9\u0652\u00fb\u00fc\u200e\u200f\u06d2",
    "windows-1257": "\u20ac\u0081\u201a\u0083\u201e\u2026\u2020\u2021\u0088\u2030\u008a\u2039\u008c\u00a8\u02c7\u00b8\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u0098\u2122\u009a\u203a\u009c\u00af\u02db\u009f\u00a0\uffff\u00a2\u00a3\u00a4\uffff\u00a6\u00a7\u00d8\u00a9\u0156\u00ab\u00ac\u00ad\u00ae\u00c6\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00f8\u00b9\u0157\u00bb\u00bc\u00bd\u00be\u00e6\u0104\u012e\u0100\u0106\u00c4\u00c5\u0118\u0112\u010c\u00c9\u0179\u0116\u0122\u0136\u012a\u013b\u0160\u0143\u0145\u00d3\u014c\u00d5\u00d6\u00d7\u0172\u0141\u015a\u016a\u00dc\u017b\u017d\u00df\u0105\u012f\u0101\u0107\u00e4\u00e5\u0119\u0113\u010d\u00e9\u017a\u0117\u0123\u0137\u012b\u013c\u0161\u0144\u0146\u00f3\u014d\u00f5\u00f6\u00f7\u0173\u0142\u015b\u016b\u00fc\u017c\u017e\u02d9",
    "windows-1258": "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u008a\u2039\u0152\u008d\u008e\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u009a\u203a\u0153\u009d\u009e\u0178\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf\u00c0\u00c1\u00c2\u0102\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u0300\u00cd\u00ce\u00cf\u0110\u00d1\u0309\u00d3\u00d4\u01a0\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u01af\u0303\u00df\u00e0\u00e1\u00e2\u0103\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u0301\u00ed\u00ee\u00ef\u0111\u00f1\u0323\u00f3\u00f4\u01a1\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u01b0\u20ab\u00ff",
    "x-mac-cyrillic": "\u0410\u0411\u0412\u0413\u0414\u0415\u0416\u0417\u0418\u0419\u041a\u041b\u041c\u041d\u041e\u041f\u0420\u0421\u0422\u0423\u0424\u0425\u0426\u0427\u0428\u0429\u042a\u042b\u042c\u042d\u042e\u042f\u2020\u00b0\u0490\u00a3\u00a7\u2022\u00b6\u0406\u00ae\u00a9\u2122\u0402\u0452\u2260\u0403\u0453\u221e\u00b1\u2264\u2265\u0456\u00b5\u0491\u0408\u0404\u0454\u0407\u0457\u0409\u0459\u040a\u045a\u0458\u0405\u00ac\u221a\u0192\u2248\u2206\u00ab\u00bb\u2026\u00a0\u040b\u045b\u040c\u045c\u0455\u2013\u2014\u201c\u201d\u2018\u2019\u00f7\u201e\u040e\u045e\u040f\u045f\u2116\u0401\u0451\u044f\u0430\u0431\u0432\u0433\u0434\u0435\u0436\u0437\u0438\u0439\u043a\u043b\u043c\u043d\u043e\u043f\u0440\u0441\u0442\u0443\u0444\u0445\u0446\u0447\u0448\u0449\u044a\u044b\u044c\u044d\u044e\u20ac",
  };
  let labelToName = null;
  const encodingName = (label) => {
    if (labelToName === null) {
      labelToName = new Map();
      for (const entry of encodingLabels.split("|")) {
        const colon = entry.indexOf(":");  // labels may hold colons (iso_8859-2:1987)
        const name = entry.slice(0, colon), labels = entry.slice(colon + 1);
        for (const l of labels.split(" ")) labelToName.set(l, name.toLowerCase());
      }
    }
    return labelToName.get(String(label).replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "").toLowerCase());
  };

  // Bytes of an incomplete UTF-8 sequence at the end of `bytes` (held back when streaming): a lead byte
  // and the valid continuation bytes after it that do not yet make a whole code point.
  const utf8PendingLength = (bytes) => {
    const n = bytes.length;
    for (let back = 1; back <= 3 && back <= n; back++) {
      const lead = bytes[n - back];
      if ((lead & 0xc0) === 0x80) continue;
      const need = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
      if (need <= back) return 0;
      if (back >= 2) {
        const second = bytes[n - back + 1];
        const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
        const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
        if (second < low || second > high) return 0;
      }
      return back;
    }
    return 0;
  };
  const decodeError = () => new TypeError("The encoded data was not valid.");

  class TextDecoder {
    #encoding; #fatal; #ignoreBOM;
    // Streaming state: bytes held back from the last `{stream: true}` call, and whether a BOM may still come.
    #pending = null; #bomSeen = false;
    constructor(label = "utf-8", options = {}) {
      const name = encodingName(label);
      if (name === undefined || name === "replacement") throw new RangeError(`Failed to construct 'TextDecoder': The encoding label provided ('${label}') is invalid.`);
      this.#encoding = name;
      this.#fatal = Boolean(options?.fatal);
      this.#ignoreBOM = Boolean(options?.ignoreBOM);
    }
    get encoding() { return this.#encoding; }
    get fatal() { return this.#fatal; }
    get ignoreBOM() { return this.#ignoreBOM; }
    decode(input = undefined, options = undefined) {
      const stream = Boolean(options?.stream);
      if (input !== undefined && !(input instanceof ArrayBuffer) && !ArrayBuffer.isView(input) && !isSharedArrayBuffer(input)) {
        throw new TypeError("Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type 'ArrayBuffer' or 'ArrayBufferView'.");
      }
      if (this.#encoding === "utf-8" && !stream && this.#pending === null && !this.#bomSeen) {
        return input === undefined ? "" : this.#utf8Whole(input);
      }
      let bytes = input === undefined ? new Uint8Array(0)
        : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength)
        : new Uint8Array(input);
      if (this.#pending !== null) {
        const joined = new Uint8Array(this.#pending.length + bytes.length);
        joined.set(this.#pending);
        joined.set(bytes, this.#pending.length);
        bytes = joined;
        this.#pending = null;
      } else {
        bytes = bytes.slice();
      }
      let out;
      try {
        out = this.#decodeBytes(bytes, stream);
      } finally {
        if (!stream) { this.#pending = null; this.#bomSeen = false; }
      }
      return out;
    }
    // The common case (Go's glue, fetch bodies): a whole UTF-8 buffer, short ASCII in JavaScript.
    #utf8Whole(input) {
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
          if (b >= 0x80) return this.#utf8Native(bytes, this.#ignoreBOM);
          s += String.fromCharCode(b);
        }
        return s;
      }
      return this.#utf8Native(bytes, this.#ignoreBOM);
    }
    #utf8Native(bytes, ignoreBOM) {
      const text = native.decodeUTF8(bytes, this.#fatal, ignoreBOM);
      if (text === null || text === undefined) throw decodeError();
      return text;
    }
    #decodeBytes(bytes, stream) {
      const encoding = this.#encoding;
      if (encoding === "utf-8") {
        const hold = stream ? utf8PendingLength(bytes) : 0;
        if (hold) { this.#pending = bytes.slice(bytes.length - hold); bytes = bytes.subarray(0, bytes.length - hold); }
        if (bytes.length === 0) return "";
        const ignoreBOM = this.#ignoreBOM || this.#bomSeen;
        this.#bomSeen = true;
        return this.#utf8Native(bytes, ignoreBOM);
      }
      if (encoding === "utf-16le" || encoding === "utf-16be") {
        const big = encoding === "utf-16be";
        let start = 0;
        if (!this.#bomSeen && bytes.length >= 2) {
          if (!this.#ignoreBOM && (big ? bytes[0] === 0xfe && bytes[1] === 0xff : bytes[0] === 0xff && bytes[1] === 0xfe)) start = 2;
          this.#bomSeen = true;
        } else if (!this.#bomSeen && bytes.length === 1 && stream) {
          this.#pending = bytes;
          return "";
        } else if (bytes.length) this.#bomSeen = true;
        let out = "";
        let i = start;
        const units = [];
        for (; i + 1 < bytes.length; i += 2) units.push(big ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
        let trailing = bytes.length - i;  // 0 or 1 byte left over
        // A lead surrogate at the very end waits for its trail when streaming.
        let heldUnit = null;
        if (stream && units.length && units[units.length - 1] >= 0xd800 && units[units.length - 1] <= 0xdbff) heldUnit = units.pop();
        for (let k = 0; k < units.length; k++) {
          const u = units[k];
          if (u >= 0xd800 && u <= 0xdbff) {
            const next = units[k + 1];
            if (next !== undefined && next >= 0xdc00 && next <= 0xdfff) { out += String.fromCharCode(u, next); k++; continue; }
            if (this.#fatal) throw decodeError();
            out += "\uFFFD";
          } else if (u >= 0xdc00 && u <= 0xdfff) {
            if (this.#fatal) throw decodeError();
            out += "\uFFFD";
          } else out += String.fromCharCode(u);
        }
        if (stream) {
          const rest = [];
          if (heldUnit !== null) rest.push(big ? heldUnit >> 8 : heldUnit & 0xff, big ? heldUnit & 0xff : heldUnit >> 8);
          if (trailing) rest.push(bytes[bytes.length - 1]);
          this.#pending = rest.length ? new Uint8Array(rest) : null;
        } else if (trailing) {
          if (this.#fatal) throw decodeError();
          out += "\uFFFD";
        }
        return out;
      }
      if (encoding === "x-user-defined") {
        let out = "";
        for (const b of bytes) out += String.fromCharCode(b < 0x80 ? b : 0xf780 + b - 0x80);
        return out;
      }
      const index = singleByteIndexes[Object.keys(singleByteIndexes).find((k) => k.toLowerCase() === encoding)];
      if (index !== undefined) {
        let out = "";
        for (const b of bytes) {
          if (b < 0x80) { out += String.fromCharCode(b); continue; }
          const c = index[b - 0x80];
          if (c === "\uFFFF") {
            if (this.#fatal) throw decodeError();
            out += "\uFFFD";
          } else out += c;
        }
        return out;
      }
      // Legacy multi-byte encodings (GBK, Big5, Shift_JIS, ...): labels are known, their indexes are not
      // carried (megabytes of tables a pre-rendered page never needs).
      throw new RangeError(`TextDecoder: decoding ${encoding} is not supported`);
    }
  }
  define("TextEncoder", TextEncoder);
  define("TextDecoder", TextDecoder);

  // --- DOMException (WebIDL): every global has it, as in browsers, workers and node ---
  const legacyCodes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
    InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
  };
  class DOMException extends Error {
    #name; #message;
    constructor(message = "", name = "Error") {
      super();
      this.#message = String(message);
      this.#name = String(name);
      delete this.message;
    }
    get name() { return this.#name; }
    get message() { return this.#message; }
    get code() { return legacyCodes[this.#name] || 0; }
  }
  const legacyConstants = ["INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR", "WRONG_DOCUMENT_ERR",
    "INVALID_CHARACTER_ERR", "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR", "NOT_FOUND_ERR",
    "NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR", "INVALID_STATE_ERR", "SYNTAX_ERR", "INVALID_MODIFICATION_ERR",
    "NAMESPACE_ERR", "INVALID_ACCESS_ERR", "VALIDATION_ERR", "TYPE_MISMATCH_ERR", "SECURITY_ERR",
    "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR", "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR",
    "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR"];
  legacyConstants.forEach((name, i) => {
    for (const target of [DOMException, DOMException.prototype]) {
      Object.defineProperty(target, name, { value: i + 1, enumerable: true });
    }
  });
  define("DOMException", native.exposeInterface(DOMException));

  // --- atob / btoa ---
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const invalid = (message) => new DOMException(message, "InvalidCharacterError");
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
  // WebCrypto: an ArrayBufferView argument (else WebIDL's TypeError), of an integer type (else a
  // TypeMismatchError DOMException), of at most 65536 bytes (else a QuotaExceededError). QuotaExceededError
  // is looked up per call: a page's DOM defines it after this script, `run` (node's surface) has none.
  const integerArrays = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array,
    BigInt64Array, BigUint64Array];
  const domError = (message, name) => {
    if (name === "QuotaExceededError" && typeof globalThis.QuotaExceededError === "function") {
      return new globalThis.QuotaExceededError(message);
    }
    return new DOMException(message, name);
  };
  const getRandomValues = (array) => {
    if (!ArrayBuffer.isView(array)) {
      throw new TypeError("Failed to execute 'getRandomValues' on 'Crypto': parameter 1 is not of type 'ArrayBufferView'.");
    }
    if (!integerArrays.some((type) => array instanceof type)) {
      throw domError("The provided ArrayBufferView is of type '" + Object.prototype.toString.call(array).slice(8, -1) +
        "', which is not an integer array type.", "TypeMismatchError");
    }
    if (array.byteLength > 65536) {
      throw domError(`The ArrayBufferView's byte length (${array.byteLength}) exceeds the number of bytes of entropy available via this API (65536)`,
        "QuotaExceededError");
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

  // --- Date on a virtual clock ---
  // When the loop skips waits (pre-rendering), the page's Date follows it: timeOrigin + performance.now(),
  // so the two clocks agree, as in a browser (Go's glue reads both: nanotime and walltime). Only the current
  // time changes; every other use of Date is the engine's own.
  if (native.virtualClock) {
    const EngineDate = globalThis.Date;
    const current = () => native.timeOrigin + native.now();
    const VirtualDate = function Date(...args) {
      if (new.target === undefined) return new EngineDate(current()).toString();
      return Reflect.construct(EngineDate, args.length === 0 ? [current()] : args, new.target);
    };
    Object.defineProperty(VirtualDate, "length", { value: 7 });
    Object.defineProperty(VirtualDate, "prototype", { value: EngineDate.prototype, writable: false });
    for (const name of ["parse", "UTC"]) {
      Object.defineProperty(VirtualDate, name, { value: EngineDate[name], writable: true, configurable: true });
    }
    Object.defineProperty(VirtualDate, "now", {
      value: { now() { return Math.floor(current()); } }.now, writable: true, configurable: true,
    });
    Object.defineProperty(EngineDate.prototype, "constructor", { value: VirtualDate, writable: true, configurable: true });
    define("Date", VirtualDate);
  }

  // --- performance ---
  // High Resolution Time's Performance: now() on the loop's clock, timeOrigin, and the default toJSON.
  let constructingPerformance = false;
  class Performance {
    constructor() { if (!constructingPerformance) throw new TypeError("Illegal constructor"); }
    now() { return native.now(); }
    get timeOrigin() { return native.timeOrigin; }
    toJSON() { return { timeOrigin: this.timeOrigin }; }
    mark() {}
    measure() {}
  }
  Object.defineProperty(Performance.prototype, Symbol.toStringTag, { value: "Performance", configurable: true });
  define("Performance", Performance);
  constructingPerformance = true;
  try { define("performance", new Performance()); } finally { constructingPerformance = false; }

  // A worker's or a worker global's postMessage(message, transfer | { transfer }): its second argument's
  // transfer list. Shared with worker.js and workers.js through `native`.
  native.postMessageTransfer = (argument) => {
    if (argument === undefined || argument === null) return [];
    if (typeof argument === "object" && !(Symbol.iterator in argument)) return argument.transfer ?? [];
    return argument;
  };

  // --- structuredClone (JavaScriptCore's C API world has none) ---
  // The clone is made of this realm's objects whatever realm the value came from (a worker's message, an
  // iframe's): types are told by their internal slots (brand checks), never by `instanceof`.
  if (typeof globalThis.structuredClone !== "function") {
    const branded = (check) => { try { check(); return true; } catch { return false; } };
    const dateTime = Date.prototype.getTime;
    const regexpSource = Object.getOwnPropertyDescriptor(RegExp.prototype, "source").get;
    const bufferLength = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get;
    const bufferDetached = Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "detached").get;
    const transferBuffer = ArrayBuffer.prototype.transfer;
    const typedArrayName = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), Symbol.toStringTag).get;
    const isArrayBuffer = (value) => branded(() => bufferLength.call(value));
    const copyBuffer = (buffer, offset, length) => {
      const out = new ArrayBuffer(length);
      new Uint8Array(out).set(new Uint8Array(buffer, offset, length));
      return out;
    };
    const cloneError = (message) => new DOMException(message, "DataCloneError");
    // `shapes` keeps each view's offset and length from a first pass, read again once a transfer detached
    // its buffer (a detached view reads 0 for both).
    const clone = (value, seen, shapes = new Map()) => {
      if (typeof value !== "object" || value === null) {
        if (typeof value === "function" || typeof value === "symbol") {
          throw cloneError(`${typeof value === "function" ? value.toString() : String(value)} could not be cloned.`);
        }
        return value;
      }
      if (seen.has(value)) return seen.get(value);
      let out;
      if (branded(() => dateTime.call(value))) out = new Date(dateTime.call(value));
      else if (branded(() => regexpSource.call(value)) && Object.prototype.toString.call(value) === "[object RegExp]") out = new RegExp(value.source, value.flags);
      else if (isArrayBuffer(value)) {
        if (bufferDetached.call(value)) throw cloneError("An ArrayBuffer is detached and could not be cloned.");
        out = copyBuffer(value, 0, bufferLength.call(value));
      } else if (isSharedArrayBuffer(value)) {
        out = value;  // the same memory, as a browser shares it within an agent cluster
      } else if (ArrayBuffer.isView(value)) {
        // Views of one buffer stay views of one (cloned or transferred) buffer.
        const name = typedArrayName.call(value);
        const shape = shapes.get(value) ?? { offset: value.byteOffset, length: name === undefined ? value.byteLength : value.length };
        shapes.set(value, shape);
        const buffer = clone(value.buffer, seen, shapes);
        out = name === undefined ? new DataView(buffer, shape.offset, shape.length) : new globalThis[name](buffer, shape.offset, shape.length);
      }
      else if (branded(() => Map.prototype.has.call(value))) {
        out = new Map(); seen.set(value, out);
        Map.prototype.forEach.call(value, (v, k) => out.set(clone(k, seen, shapes), clone(v, seen, shapes)));
        return out;
      }
      else if (branded(() => Set.prototype.has.call(value))) {
        out = new Set(); seen.set(value, out);
        Set.prototype.forEach.call(value, (v) => out.add(clone(v, seen, shapes)));
        return out;
      }
      else if (Object.prototype.toString.call(value) === "[object Error]") {
        const name = ["EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError"].includes(value.name) ? value.name : "Error";
        out = new globalThis[name](value.message);
      }
      else if (Array.isArray(value)) { out = []; seen.set(value, out); for (let i = 0; i < value.length; i++) if (i in value) out[i] = clone(value[i], seen, shapes); out.length = value.length; return out; }
      else {
        out = {}; seen.set(value, out);
        for (const k of Object.keys(value)) out[k] = clone(value[k], seen, shapes);
        return out;
      }
      seen.set(value, out);
      return out;
    };
    // The HTML standard's StructuredSerializeWithTransfer: each transferred ArrayBuffer is detached and its
    // bytes move to the copy (ArrayBuffer.prototype.transfer), so the sender's views read length 0 after.
    const cloneWithTransfer = (value, transfer) => {
      const buffers = [];
      for (const item of transfer) {
        if (!isArrayBuffer(item)) throw new TypeError("Failed to execute 'structuredClone': Value at index " + buffers.length + " does not have a transferable type.");
        if (buffers.includes(item)) throw cloneError("ArrayBuffer at index " + buffers.length + " is a duplicate of an earlier ArrayBuffer.");
        if (bufferDetached.call(item)) throw cloneError("An ArrayBuffer is detached and could not be cloned.");
        buffers.push(item);
      }
      // A first pass that moves nothing: a value that cannot be cloned leaves every buffer attached.
      const shapes = new Map();
      clone(value, new Map(buffers.map((buffer) => [buffer, buffer])), shapes);
      return clone(value, new Map(buffers.map((buffer) => [buffer, transferBuffer.call(buffer)])), shapes);
    };
    // A method, not a constructor, as WebIDL operations are.
    define("structuredClone", { structuredClone(value, options = undefined) {
      if (arguments.length < 1) throw new TypeError("Failed to execute 'structuredClone' on 'Window': 1 argument required, but only 0 present.");
      const transfer = options?.transfer;
      if (transfer === undefined) return clone(value, new Map());
      if (transfer === null || typeof transfer !== "object" || typeof transfer[Symbol.iterator] !== "function") {
        throw new TypeError("Failed to execute 'structuredClone' on 'Window': The provided value cannot be converted to a sequence.");
      }
      return cloneWithTransfer(value, [...transfer]);
    } }.structuredClone);
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
