// The JavaScript-surface fuzzer (issue 18): calls every function and accessor reachable from a surface's
// roots with hostile arguments, from a seeded PRNG, and counts what worked and what threw. A call may throw;
// the process must never die of a signal. Configured by globalThis.__jsfuzz = { surface, seed, calls }
// (surface: "node", "web" or "dom"); returns (and logs) one line: `jsfuzz surface=… calls=N ok=N threw=N …`.
(function () {
  "use strict";
  const config = globalThis.__jsfuzz || {};
  const surface = String(config.surface || "web");
  const documentRoot = globalThis.document && document.documentElement;
  const totalCalls = Number(config.calls) || 1000;
  // Captured first: the fuzzed calls may replace any of these later.
  const { apply, construct, ownKeys, getPrototypeOf, getOwnPropertyDescriptor } = Reflect;
  const log = console.log.bind(console);
  const ObjectProto = Object.prototype, FunctionProto = Function.prototype;
  // The language's own prototypes are JavaScriptCore's, not this host's (copyWithin on a 2^53 length can
  // take forever there as in any engine): a walk stops at them.
  const builtinPrototypes = new Set([Object, Function, Array, String, Number, Boolean, Symbol, Promise, Map, Set,
    WeakMap, WeakSet, Date, RegExp, Error, ArrayBuffer, DataView, Uint8Array, BigInt,
    Object.getPrototypeOf(Uint8Array), Object.getPrototypeOf(function* () {}), Object.getPrototypeOf(async () => {}),
  ].map((c) => c.prototype ?? c));
  const isObject = (v) => (typeof v === "object" && v !== null) || typeof v === "function";
  const stringOf = (k) => (typeof k === "symbol" ? k.toString() : String(k));

  // mulberry32: small, seedable, the same sequence under every engine.
  let state = (Number(config.seed) >>> 0) || 1;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];

  // --- hostile values ---
  const thrower = () => { throw new Error("jsfuzz: hostile callback"); };
  // Ends in a RangeError (stack). Not `return r(…)`: in strict code JavaScriptCore makes that a proper tail
  // call, which loops forever (params.forEach(recurse) hung the web surface at call 4,737 of seed 18).
  const recurse = function r(depth) { return 1 + r((depth | 0) + 1); };
  const throwingPrimitive = {
    valueOf() { throw new Error("jsfuzz: valueOf"); }, toString() { throw new Error("jsfuzz: toString"); },
  };
  const throwingToPrimitive = { [Symbol.toPrimitive]() { throw new Error("jsfuzz: toPrimitive"); } };
  const throwingProxy = new Proxy({}, new Proxy({}, { get: () => thrower }));
  const lyingProxy = new Proxy([], {
    get: (t, k) => (k === "length" ? 2 ** 53 - 1 : k === Symbol.iterator ? undefined : NaN),
    has: () => true, ownKeys: () => ["length", "0", "href", "type"],
    getOwnPropertyDescriptor: () => ({ value: -1, writable: true, enumerable: true, configurable: true }),
  });
  const revocable = Proxy.revocable({}, {});
  revocable.revoke();
  let nested = {};
  for (let i = 0; i < 2000; i++) nested = { child: nested, length: i };
  const cyclic = { name: "cyclic" };
  cyclic.self = cyclic;
  cyclic.list = [cyclic];
  const detached = new ArrayBuffer(64);
  try {
    if (typeof detached.transfer === "function") detached.transfer();
    else structuredClone(detached, { transfer: [detached] });
  } catch (_) { /* no way to detach here: still a buffer */ }
  let detachedView;
  try { detachedView = new Uint8Array(detached); } catch (_) { detachedView = new Uint8Array(0); }
  const big = "x".repeat(1 << 20);

  const numbers = [NaN, Infinity, -Infinity, -0, 0, 0.5, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32,
    2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, 255, 256, 65536, 1e9, 1 << 20];
  const strings = ["", "x", "jsfuzz-file", "jsfuzz-dir/x", "\u0000", "\ud800", "\u001b[31m", "%s%d%o%j%%", big,
    "a".repeat(70000), "<img src=x onerror=1>", "<!--", "</script>", "http://", "http://[::1", "http://example.com:99999/",
    "https://u:p@example.com/a?b#c", "javascript:1", "data:,x", "blob:x", "file:x", "utf-8", "utf-16le", "latin1",
    "base64", "hex", "SHA-256", "AES-GCM", "div", "script", "template", "click", "message", "99999999999999999999",
    "-1", "NaN", "Infinity", "1e309", "__proto__", "constructor", "prototype", "length", "then", "toString", "\n\r\t",
    "&amp;&#x0;&#xD800;", "*", "#", "?", "w", "r+", "a+", "wx"];
  const objects = [undefined, null, true, false, {}, [], [1, 2, 3], Object.create(null), throwingPrimitive,
    throwingToPrimitive, throwingProxy, lyingProxy, revocable.proxy, nested, cyclic, { length: 2 ** 53 - 1 },
    { length: -1 }, { length: Infinity }, { length: NaN, 0: 1 }, thrower, recurse, () => {}, function () { return this; },
    async () => {}, function* () {}, Symbol(), Symbol.iterator, Symbol.toPrimitive, 2n ** 64n, -1n, 0n,
    new Uint8Array(16), new Uint8Array(0), new Int32Array(4), new Float64Array(2), new Uint8ClampedArray(3),
    new BigInt64Array(2), new DataView(new ArrayBuffer(8)), new ArrayBuffer(0), new ArrayBuffer(1 << 16), detached,
    detachedView, new Date(NaN), new Date(8.64e15), /x/g, new Error("e"), Promise.resolve(1), new Map(), new Set(),
    new WeakMap(), [undefined, null], Array(1000), { toString: () => "jsfuzz-file" }, { valueOf: () => -1 },
    { valueOf: () => 2 ** 53 }, { then: thrower }, { handleEvent: thrower }, { signal: throwingProxy },
    { recursive: true, force: true, mode: -1, flag: "wx", encoding: "hex" }, { once: true, capture: throwingPrimitive },
    { type: throwingPrimitive }, { headers: throwingProxy, method: throwingPrimitive }, { transfer: [detached] }];
  const pool = [...numbers, ...strings, ...objects];
  const returned = [];  // values calls gave back, used as arguments later (bounded)
  const hostile = () => {
    const r = random();
    if (r < 0.1 && returned.length > 0) return pick(returned);
    if (r < 0.35) return pick(numbers);
    if (r < 0.6) return pick(strings);
    return pick(objects);
  };

  // --- what to call ---
  // The language's own globals are JavaScriptCore's, not this host's: not fuzzed.
  const standard = new Set(["Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity", "NaN",
    "undefined", "Boolean", "String", "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError", "EvalError",
    "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "globalThis", "JSON", "Math", "Intl",
    "ArrayBuffer", "Atomics", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array",
    "Float32Array", "Float64Array", "Float16Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView",
    "Map", "BigInt", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "FinalizationRegistry", "WeakRef", "decodeURI",
    "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "eval", "isFinite", "isNaN",
    "SharedArrayBuffer", "Iterator", "AsyncIterator", "__jsfuzz", "__jsfuzzResult", "$vm", "jsfuzzRun"]);
  // Calls that end or move the process on purpose (as they would in node or a browser), or wait forever.
  const denied = new Set(["process.exit", "process.reallyExit", "process.abort", "process.kill", "process.chdir",
    "process.emit", "process.dlopen", "Atomics.wait", "Go.run", "Go._resume", "go.run", "go._resume", "go.exit"]);
  for (const label of config.skip || []) denied.add(String(label));  // to look past a known crash
  const roots = surfaceRoots();
  const targets = [];
  const seen = new Set();
  const addTargets = (name, object, depth) => {
    if (!isObject(object) || seen.has(object) || targets.length > 20000) return;
    seen.add(object);
    const children = [];
    // The object's own properties, then its prototypes' (bounded), each called with the object as `this`.
    let holder = object;
    for (let level = 0; holder && !builtinPrototypes.has(holder) && level < 6; level++) {
      let keys;
      try { keys = ownKeys(holder); } catch (_) { break; }
      for (const key of keys) {
        if (level === 0 && object === globalThis && standard.has(stringOf(key))) continue;
        const label = name + "." + stringOf(key);
        let descriptor;
        try { descriptor = getOwnPropertyDescriptor(holder, key); } catch (_) { continue; }
        if (!descriptor) continue;
        if (denied.has(label) || denied.has(name.replace(/^.*\./, "") + "." + stringOf(key)) || denied.has(stringOf(key))) continue;
        if (descriptor.get) targets.push({ label, kind: "get", fn: descriptor.get, self: object });
        if (descriptor.set) targets.push({ label, kind: "set", fn: descriptor.set, self: object });
        if (typeof descriptor.value === "function") {
          targets.push({ label, kind: "call", fn: descriptor.value, self: object });
          if (descriptor.value.prototype) targets.push({ label, kind: "new", fn: descriptor.value, self: object });
          children.push([label, descriptor.value]);
        } else if (isObject(descriptor.value)) {
          children.push([label, descriptor.value]);
        }
        if (descriptor.get && depth > 0 && !/stdin|parent|owner|opener|top|frames|self|window/.test(stringOf(key))) {
          try { const value = apply(descriptor.get, object, []); if (isObject(value)) children.push([label, value]); } catch (_) {}
        }
      }
      try { holder = getPrototypeOf(holder); } catch (_) { break; }
    }
    if (depth > 0) for (const [label, child] of children) addTargets(label, child, depth - 1);
  };
  for (const [name, object] of roots) addTargets(name, object, 3);

  function surfaceRoots() {
    const g = globalThis;
    const roots = [];
    const add = (name, value) => { if (isObject(value)) roots.push([name, value]); };
    if (surface === "node") {
      add("process", g.process);
      const req = typeof require === "function" ? require : g.require;
      add("require", req);
      if (typeof req === "function") {
        for (const m of ["fs", "path", "os", "util", "crypto", "performance", "process"]) {
          try { add(m, req(m)); } catch (_) {}
        }
      }
      add("fs", g.fs);
      add("Go", g.Go);
      try { add("go", new g.Go()); } catch (_) {}
    } else if (surface === "web") {
      for (const n of ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "setImmediate", "clearImmediate",
        "queueMicrotask", "TextEncoder", "TextDecoder", "atob", "btoa", "crypto", "performance", "URL",
        "URLSearchParams", "structuredClone", "console", "ReadableStream", "WritableStream", "TransformStream",
        "AbortController", "AbortSignal", "Event", "EventTarget", "Blob", "Headers", "Request", "Response",
        "WebAssembly"]) add(n, g[n]);
      try { add("encoder", new g.TextEncoder()); } catch (_) {}
      try { add("decoder", new g.TextDecoder()); } catch (_) {}
      try { add("url", new g.URL("https://u:p@example.com:8080/a/b?c=d#e")); } catch (_) {}
      try { add("params", new g.URLSearchParams("a=1&b=2")); } catch (_) {}
      try { add("subtle", g.crypto.subtle); } catch (_) {}
    } else {
      add("window", g);
      for (const n of ["document", "location", "history", "navigator", "localStorage", "sessionStorage", "screen"]) add(n, g[n]);
      const d = g.document;
      if (d) {
        add("documentElement", d.documentElement);
        add("body", d.body);
        add("head", d.head);
        for (const tag of ["div", "input", "template", "a", "script", "canvas", "select", "form", "img", "style"]) {
          try { add(tag, d.createElement(tag)); } catch (_) {}
        }
        try { add("text", d.createTextNode("t")); } catch (_) {}
        try { add("comment", d.createComment("c")); } catch (_) {}
        try { add("fragment", d.createDocumentFragment()); } catch (_) {}
        try { add("style", d.body.style); } catch (_) {}
        try { add("classList", d.body.classList); } catch (_) {}
        try { add("dataset", d.body.dataset); } catch (_) {}
        try { add("event", new g.Event("x")); } catch (_) {}
      }
    }
    return roots;
  }

  // --- the calls ---
  let ok = 0, threw = 0, calls = 0;
  const counts = { call: 0, new: 0, get: 0, set: 0 };
  const keep = (value) => {
    // Objects come back as arguments. Not numbers (a descriptor a call should not close) nor strings (an
    // absolute path, such as process.cwd()'s, must never reach fs: every path in the pool is relative).
    if (!isObject(value)) return;
    // Nor buffers over 1 MiB: crypto.randomBytes(2^31 - 1) and readFileSync of what a write made, kept for
    // reuse, held 8 GB by 20,000 node calls and wrote 2 GB files (the pool has its own huge values).
    try { if ((ArrayBuffer.isView(value) || value instanceof ArrayBuffer) && value.byteLength > (1 << 20)) return; } catch (_) { return; }
    if (returned.length < 256) returned.push(value);
    else returned[Math.floor(random() * 256)] = value;
  };
  // Calls such as appendChild(cloneNode(true)) may double a tree each time: a browser would slow down just
  // the same. The fuzzer empties large trees now and then so later calls stay fast enough to count.
  const nodeRoots = roots.map((r) => r[1]).filter((r) => r && typeof r.nodeType === "number" && r !== globalThis.document);
  const tidy = () => {
    returned.length = 0;
    for (const node of nodeRoots) {
      try { if (node.getElementsByTagName("*").length > 500) node.textContent = ""; } catch (_) {}
    }
  };
  for (; calls < totalCalls && targets.length > 0; calls++) {
    if (surface === "dom" && calls % 50 === 49) tidy();
    const target = pick(targets);
    const self = random() < 0.9 ? target.self : hostile();
    const args = [];
    const count = Math.floor(random() * 5);
    for (let i = 0; i < count; i++) args.push(hostile());
    counts[target.kind]++;
    if (config.trace) log(`jsfuzz call ${calls} ${target.kind} ${target.label}`);  // to find what a crash was
    try {
      let value;
      switch (target.kind) {
        case "call": value = apply(target.fn, self, args); break;
        case "new": value = construct(target.fn, args); break;
        case "get": value = apply(target.fn, self, []); break;
        case "set": value = apply(target.fn, self, [args.length ? args[0] : hostile()]); break;
      }
      ok++;
      keep(value);
    } catch (error) {
      threw++;
    }
  }
  // What the next call would have been: with calls=N-1, names the call N that crashed or hung a run of N.
  const upcoming = targets.length ? pick(targets) : { kind: "none", label: "none" };
  const result = `jsfuzz surface=${surface} seed=${config.seed} targets=${targets.length} calls=${calls} ok=${ok} ` +
    `threw=${threw} call=${counts.call} new=${counts.new} get=${counts.get} set=${counts.set} ` +
    `next=${upcoming.kind}:${upcoming.label.replace(/[\s"<>&]/g, "_")}`;
  globalThis.__jsfuzzResult = result;
  log(result);
  if (surface === "dom") {
    // The pre-render prints the serialized page: the result goes on its root (put back if a call removed it).
    try {
      if (!document.documentElement) document.appendChild(documentRoot);
      document.documentElement.setAttribute("data-jsfuzz", result);
    } catch (_) {}
  }
  return result;
})();
