// The rest of a browser's network a page may reach for (BrowserWindow.swift evaluates this after fetch.js;
// `native.fetch` is the Swift half): XMLHttpRequest over the same dist as fetch (same origin from the dist,
// other origins a network error), FileReader over fetch.js's Blob, and WebSocket and EventSource, whose
// connections always fail as a browser's do when no server answers: a pre-render reaches no host.
// Returns nothing.
(function (native) {
  "use strict";
  const g = globalThis;
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const constant = (target, name, value) => Object.defineProperty(target, name, { value, enumerable: true });
  const domException = (message, name) => new g.DOMException(message, name);
  const requireArguments = (given, needed, what) => {
    if (given < needed) throw new TypeError(`Failed to ${what}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${given} present.`);
  };
  const later = (callback) => native.task(callback);

  // Event handler IDL attributes (`onload = f`): one listener per attribute, replaced on each assignment.
  const handlerSlots = new WeakMap();
  const defineHandlers = (proto, names) => {
    for (const name of names) {
      Object.defineProperty(proto, `on${name}`, {
        get() { return handlerSlots.get(this)?.[name]?.handler ?? null; },
        set(handler) {
          let slots = handlerSlots.get(this);
          if (!slots) handlerSlots.set(this, slots = {});
          if (slots[name]) this.removeEventListener(name, slots[name].listener);
          if (typeof handler !== "function" && (typeof handler !== "object" || handler === null)) { delete slots[name]; return; }
          const listener = (event) => {
            const result = typeof handler === "function" ? handler.call(this, event) : undefined;
            if (result === false) event.preventDefault();
          };
          slots[name] = { handler, listener };
          this.addEventListener(name, listener);
        },
        configurable: true, enumerable: true,
      });
    }
  };
  const progress = (type, loaded = 0, total = 0, lengthComputable = false) =>
    new g.ProgressEvent(type, { loaded, total, lengthComputable });

  // --- XMLHttpRequest (XHR standard), over the dist ---
  const UNSENT = 0, OPENED = 1, HEADERS_RECEIVED = 2, LOADING = 3, DONE = 4;
  const requests = new WeakMap();
  const stateOf = (self) => {
    const s = requests.get(self);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const forbiddenMethods = new Set(["CONNECT", "TRACE", "TRACK"]);
  const normalizedMethods = new Set(["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"]);
  class XMLHttpRequestEventTarget extends EventTarget {}
  defineHandlers(XMLHttpRequestEventTarget.prototype, ["loadstart", "progress", "abort", "error", "load", "timeout", "loadend"]);
  class XMLHttpRequestUpload extends XMLHttpRequestEventTarget {}
  class XMLHttpRequest extends XMLHttpRequestEventTarget {
    constructor() {
      super();
      requests.set(this, {
        readyState: UNSENT, method: "GET", url: null, async: true, headers: [], send: false, timeout: 0,
        withCredentials: false, responseType: "", mime: null, status: 0, statusText: "", responseURL: "",
        responseHeaders: [], body: null, error: false, generation: 0, upload: new XMLHttpRequestUpload(),
      });
    }
    get readyState() { return stateOf(this).readyState; }
    get upload() { return stateOf(this).upload; }
    get status() { return stateOf(this).status; }
    get statusText() { return stateOf(this).statusText; }
    get responseURL() { return stateOf(this).responseURL; }
    get timeout() { return stateOf(this).timeout; }
    set timeout(value) { stateOf(this).timeout = Number(value) >>> 0; }
    get withCredentials() { return stateOf(this).withCredentials; }
    set withCredentials(value) {
      const s = stateOf(this);
      if (s.readyState !== UNSENT && s.readyState !== OPENED || s.send) throw domException("Failed to set the 'withCredentials' property on 'XMLHttpRequest': The value may only be set if the object's state is UNSENT or OPENED.", "InvalidStateError");
      s.withCredentials = Boolean(value);
    }
    get responseType() { return stateOf(this).responseType; }
    set responseType(value) {
      const s = stateOf(this);
      const type = String(value);
      if (!["", "arraybuffer", "blob", "document", "json", "text"].includes(type)) return;
      if (s.readyState === LOADING || s.readyState === DONE) throw domException("Failed to set the 'responseType' property on 'XMLHttpRequest': The response type cannot be set if the object's state is LOADING or DONE.", "InvalidStateError");
      if (!s.async && s.readyState !== UNSENT) throw domException("Failed to set the 'responseType' property on 'XMLHttpRequest': The response type cannot be changed for synchronous requests made from a document.", "InvalidAccessError");
      s.responseType = type;
    }
    open(method, url, async = true, username = undefined, password = undefined) {
      requireArguments(arguments.length, 2, "execute 'open' on 'XMLHttpRequest'");
      const s = stateOf(this);
      let m = String(method);
      if (!token.test(m)) throw domException(`Failed to execute 'open' on 'XMLHttpRequest': '${m}' is not a valid HTTP method.`, "SyntaxError");
      if (forbiddenMethods.has(m.toUpperCase())) throw domException(`Failed to execute 'open' on 'XMLHttpRequest': '${m}' HTTP method is unsupported.`, "SecurityError");
      if (normalizedMethods.has(m.toUpperCase())) m = m.toUpperCase();
      let parsed;
      try { parsed = new URL(String(url), g.document.baseURI); } catch {
        throw domException(`Failed to execute 'open' on 'XMLHttpRequest': Invalid URL`, "SyntaxError");
      }
      s.generation++;  // a request still in flight is forgotten
      Object.assign(s, {
        method: m, url: parsed.href, async: arguments.length < 3 ? true : Boolean(async), headers: [], send: false,
        status: 0, statusText: "", responseURL: "", responseHeaders: [], body: null, error: false,
      });
      if (s.readyState !== OPENED) {
        s.readyState = OPENED;
        this.dispatchEvent(new Event("readystatechange"));
      }
    }
    setRequestHeader(name, value) {
      requireArguments(arguments.length, 2, "execute 'setRequestHeader' on 'XMLHttpRequest'");
      const s = stateOf(this);
      if (s.readyState !== OPENED || s.send) throw domException("Failed to execute 'setRequestHeader' on 'XMLHttpRequest': The object's state must be OPENED.", "InvalidStateError");
      const n = String(name), v = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
      if (!token.test(n)) throw domException(`Failed to execute 'setRequestHeader' on 'XMLHttpRequest': '${n}' is not a valid HTTP header field name.`, "SyntaxError");
      if (/[\0\r\n]/.test(v)) throw domException(`Failed to execute 'setRequestHeader' on 'XMLHttpRequest': '${v}' is not a valid HTTP header field value.`, "SyntaxError");
      s.headers.push([n, v]);
    }
    overrideMimeType(mime) {
      const s = stateOf(this);
      if (s.readyState === LOADING || s.readyState === DONE) throw domException("Failed to execute 'overrideMimeType' on 'XMLHttpRequest': MimeType cannot be overridden when the state is LOADING or DONE.", "InvalidStateError");
      s.mime = String(mime);
    }
    send(body = null) {
      const s = stateOf(this);
      if (s.readyState !== OPENED || s.send) throw domException("Failed to execute 'send' on 'XMLHttpRequest': The object's state must be OPENED.", "InvalidStateError");
      s.send = true;
      const generation = s.generation;
      // The dist answers at once; an async request sees the answer in tasks of its own, as in a browser.
      const reply = s.url.startsWith("data:") ? "data: URLs are not fetched by XMLHttpRequest here" : native.fetch(s.url, s.method);
      if (!s.async) {
        finish(this, s, reply);
        if (s.error) throw domException("Failed to execute 'send' on 'XMLHttpRequest': Failed to load '" + s.url + "'.", "NetworkError");
        return;
      }
      this.dispatchEvent(progress("loadstart"));
      if (s.timeout > 0) {
        setTimeout(() => {
          if (s.generation !== generation || s.readyState === DONE) return;
          s.generation++;
          fail(this, s, "timeout");
        }, s.timeout);
      }
      later(() => {
        if (s.generation !== generation) return;
        if (typeof reply === "string") return fail(this, s, "error");
        receiveHead(s, reply);
        s.readyState = HEADERS_RECEIVED;
        this.dispatchEvent(new Event("readystatechange"));
        later(() => {
          if (s.generation !== generation) return;
          s.readyState = LOADING;
          this.dispatchEvent(new Event("readystatechange"));
          const size = reply.body.byteLength;
          this.dispatchEvent(progress("progress", size, size, true));
          later(() => {
            if (s.generation !== generation) return;
            s.body = reply.body;
            s.readyState = DONE;
            s.send = false;
            this.dispatchEvent(new Event("readystatechange"));
            this.dispatchEvent(progress("load", size, size, true));
            this.dispatchEvent(progress("loadend", size, size, true));
          });
        });
      });
    }
    abort() {
      const s = stateOf(this);
      s.generation++;
      if ((s.readyState === OPENED && s.send) || s.readyState === HEADERS_RECEIVED || s.readyState === LOADING) {
        fail(this, s, "abort");
      }
      if (s.readyState === DONE) Object.assign(s, { readyState: UNSENT, status: 0, statusText: "", body: null });
    }
    getResponseHeader(name) {
      const s = stateOf(this);
      const wanted = String(name).toLowerCase();
      const values = s.responseHeaders.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
      return values.length ? values.join(", ") : null;
    }
    getAllResponseHeaders() {
      const s = stateOf(this);
      const merged = new Map();
      for (const [n, v] of s.responseHeaders) {
        const key = n.toLowerCase();
        merged.set(key, merged.has(key) ? `${merged.get(key)}, ${v}` : v);
      }
      return [...merged.keys()].sort().map((key) => `${key}: ${merged.get(key)}\r\n`).join("");
    }
    get responseText() {
      const s = stateOf(this);
      if (s.responseType !== "" && s.responseType !== "text") throw domException(`Failed to read the 'responseText' property from 'XMLHttpRequest': The value is only accessible if the object's 'responseType' is '' or 'text' (was '${s.responseType}').`, "InvalidStateError");
      return s.body === null ? "" : new TextDecoder().decode(s.body);
    }
    get responseXML() {
      const s = stateOf(this);
      if (s.responseType !== "" && s.responseType !== "document") throw domException("Failed to read the 'responseXML' property from 'XMLHttpRequest': The value is only accessible if the object's 'responseType' is '' or 'document'.", "InvalidStateError");
      return s.responseType === "document" ? this.response : null;
    }
    get response() {
      const s = stateOf(this);
      if (s.responseType === "" || s.responseType === "text") return this.responseText;
      if (s.readyState !== DONE || s.body === null) return null;
      switch (s.responseType) {
        case "arraybuffer": return s.body.slice().buffer;
        case "blob": return new Blob([s.body], { type: s.mime ?? this.getResponseHeader("content-type") ?? "" });
        case "json": try { return JSON.parse(new TextDecoder().decode(s.body)); } catch { return null; }
        case "document": return new DOMParser().parseFromString(new TextDecoder().decode(s.body), "text/html");
      }
      return null;
    }
  }
  const receiveHead = (s, reply) => {
    s.status = reply.status;
    s.statusText = reply.statusText;
    s.responseURL = reply.url;
    s.responseHeaders = reply.headers;
  };
  // A synchronous request: every state change at once, no progress events (XHR standard).
  const finish = (xhr, s, reply) => {
    if (typeof reply === "string") {
      Object.assign(s, { readyState: DONE, send: false, error: true });
      xhr.dispatchEvent(new Event("readystatechange"));
      return;
    }
    receiveHead(s, reply);
    s.body = reply.body;
    s.readyState = DONE;
    s.send = false;
    xhr.dispatchEvent(new Event("readystatechange"));
    xhr.dispatchEvent(progress("load", reply.body.byteLength, reply.body.byteLength, true));
    xhr.dispatchEvent(progress("loadend", reply.body.byteLength, reply.body.byteLength, true));
  };
  // A request that ends without a response: network error, abort or timeout.
  const fail = (xhr, s, type) => {
    Object.assign(s, { readyState: DONE, send: false, error: true, status: 0, statusText: "", body: null, responseHeaders: [] });
    xhr.dispatchEvent(new Event("readystatechange"));
    xhr.dispatchEvent(progress(type));
    xhr.dispatchEvent(progress("loadend"));
  };
  for (const [name, value] of [["UNSENT", UNSENT], ["OPENED", OPENED], ["HEADERS_RECEIVED", HEADERS_RECEIVED], ["LOADING", LOADING], ["DONE", DONE]]) {
    constant(XMLHttpRequest, name, value);
    constant(XMLHttpRequest.prototype, name, value);
  }
  defineHandlers(XMLHttpRequest.prototype, ["readystatechange"]);
  define(g, "XMLHttpRequestEventTarget", XMLHttpRequestEventTarget);
  define(g, "XMLHttpRequestUpload", XMLHttpRequestUpload);
  define(g, "XMLHttpRequest", XMLHttpRequest);

  // --- FileReader (File API), over Blob's own readers ---
  const readers = new WeakMap();
  class FileReader extends EventTarget {
    constructor() {
      super();
      readers.set(this, { readyState: 0, result: null, error: null, generation: 0 });
    }
    get readyState() { return readers.get(this).readyState; }
    get result() { return readers.get(this).result; }
    get error() { return readers.get(this).error; }
    readAsArrayBuffer(blob) { read(this, arguments.length, blob, "readAsArrayBuffer", (bytes) => bytes.buffer); }
    readAsBinaryString(blob) { read(this, arguments.length, blob, "readAsBinaryString", (bytes) => binary(bytes)); }
    readAsText(blob, encoding = undefined) {
      read(this, arguments.length, blob, "readAsText", (bytes, type) => {
        let label = encoding === undefined ? /charset=([^;]+)/i.exec(type)?.[1] : String(encoding);
        try { return new TextDecoder(label ?? "utf-8").decode(bytes); } catch { return new TextDecoder().decode(bytes); }
      });
    }
    readAsDataURL(blob) {
      read(this, arguments.length, blob, "readAsDataURL", (bytes, type) => `data:${type || "application/octet-stream"};base64,${btoa(binary(bytes))}`);
    }
    abort() {
      const s = readers.get(this);
      if (s.readyState !== 1) return;
      s.generation++;
      Object.assign(s, { readyState: 2, result: null });
      this.dispatchEvent(progress("abort"));
      this.dispatchEvent(progress("loadend"));
    }
  }
  const binary = (bytes) => {
    let text = "";
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return text;
  };
  const read = (reader, given, blob, what, convert) => {
    requireArguments(given, 1, `execute '${what}' on 'FileReader'`);
    if (!(blob instanceof Blob)) throw new TypeError(`Failed to execute '${what}' on 'FileReader': parameter 1 is not of type 'Blob'.`);
    const s = readers.get(reader);
    if (s.readyState === 1) throw domException(`Failed to execute '${what}' on 'FileReader': The object is already busy reading Blobs.`, "InvalidStateError");
    const generation = ++s.generation;
    Object.assign(s, { readyState: 1, result: null, error: null });
    later(() => {
      if (s.generation !== generation) return;
      reader.dispatchEvent(progress("loadstart", 0, blob.size, true));
      blob.arrayBuffer().then((buffer) => {
        if (s.generation !== generation) return;
        const bytes = new Uint8Array(buffer);
        reader.dispatchEvent(progress("progress", bytes.length, bytes.length, true));
        Object.assign(s, { readyState: 2, result: convert(bytes, blob.type) });
        reader.dispatchEvent(progress("load", bytes.length, bytes.length, true));
        if (s.readyState === 2) reader.dispatchEvent(progress("loadend", bytes.length, bytes.length, true));
      }, (error) => {
        if (s.generation !== generation) return;
        Object.assign(s, { readyState: 2, error });
        reader.dispatchEvent(progress("error"));
        reader.dispatchEvent(progress("loadend"));
      });
    });
  };
  for (const [name, value] of [["EMPTY", 0], ["LOADING", 1], ["DONE", 2]]) {
    constant(FileReader, name, value);
    constant(FileReader.prototype, name, value);
  }
  defineHandlers(FileReader.prototype, ["loadstart", "progress", "load", "abort", "error", "loadend"]);
  define(g, "FileReader", FileReader);

  // --- WebSocket and EventSource: the URL is checked as a browser does; then the connection fails ---
  if (typeof g.CloseEvent !== "function") {
    const closeState = new WeakMap();
    class CloseEvent extends Event {
      constructor(type, init = {}) {
        requireArguments(arguments.length, 1, "construct 'CloseEvent'");
        super(type, init);
        closeState.set(this, { wasClean: Boolean(init?.wasClean), code: Number(init?.code ?? 0) & 0xFFFF, reason: String(init?.reason ?? "") });
      }
      get wasClean() { return closeState.get(this).wasClean; }
      get code() { return closeState.get(this).code; }
      get reason() { return closeState.get(this).reason; }
    }
    define(g, "CloseEvent", CloseEvent);
  }
  const sockets = new WeakMap();
  class WebSocket extends EventTarget {
    constructor(url, protocols = []) {
      requireArguments(arguments.length, 1, "construct 'WebSocket'");
      super();
      let parsed;
      try { parsed = new URL(String(url), g.document.baseURI); } catch {
        throw domException(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`, "SyntaxError");
      }
      if (parsed.protocol === "http:") parsed.protocol = "ws:";
      else if (parsed.protocol === "https:") parsed.protocol = "wss:";
      if (parsed.protocol !== "ws:" && parsed.protocol !== "wss:") throw domException(`Failed to construct 'WebSocket': The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${parsed.protocol}' is not allowed.`, "SyntaxError");
      if (parsed.hash) throw domException(`Failed to construct 'WebSocket': The URL contains a fragment identifier ('${parsed.hash}'). Fragment identifiers are not allowed in WebSocket URLs.`, "SyntaxError");
      const list = typeof protocols === "string" ? [protocols] : [...protocols].map(String);
      if (new Set(list).size !== list.length || list.some((p) => !token.test(p))) throw domException("Failed to construct 'WebSocket': The subprotocol is invalid or duplicated.", "SyntaxError");
      const s = { url: parsed.href, readyState: 0, binaryType: "blob" };
      sockets.set(this, s);
      later(() => {
        s.readyState = 3;
        this.dispatchEvent(new Event("error"));
        this.dispatchEvent(new g.CloseEvent("close", { wasClean: false, code: 1006, reason: "" }));
      });
    }
    get url() { return sockets.get(this).url; }
    get readyState() { return sockets.get(this).readyState; }
    get bufferedAmount() { return 0; }
    get extensions() { return ""; }
    get protocol() { return ""; }
    get binaryType() { return sockets.get(this).binaryType; }
    set binaryType(value) { if (value === "blob" || value === "arraybuffer") sockets.get(this).binaryType = value; }
    send(data) {
      requireArguments(arguments.length, 1, "execute 'send' on 'WebSocket'");
      if (sockets.get(this).readyState === 0) throw domException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", "InvalidStateError");
    }
    close(code = undefined, reason = undefined) {
      if (code !== undefined && code !== 1000 && !(code >= 3000 && code <= 4999)) throw domException(`Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`, "InvalidAccessError");
      if (reason !== undefined && new TextEncoder().encode(String(reason)).length > 123) throw domException("Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.", "SyntaxError");
      const s = sockets.get(this);
      if (s.readyState < 2) s.readyState = 2;
    }
  }
  for (const [name, value] of [["CONNECTING", 0], ["OPEN", 1], ["CLOSING", 2], ["CLOSED", 3]]) {
    constant(WebSocket, name, value);
    constant(WebSocket.prototype, name, value);
  }
  defineHandlers(WebSocket.prototype, ["open", "message", "error", "close"]);
  define(g, "WebSocket", WebSocket);

  const sources = new WeakMap();
  class EventSource extends EventTarget {
    constructor(url, init = {}) {
      requireArguments(arguments.length, 1, "construct 'EventSource'");
      super();
      let parsed;
      try { parsed = new URL(String(url), g.document.baseURI); } catch {
        throw domException(`Failed to construct 'EventSource': Cannot open an EventSource to '${url}'. The URL is invalid.`, "SyntaxError");
      }
      const s = { url: parsed.href, withCredentials: Boolean(init?.withCredentials), readyState: 0 };
      sources.set(this, s);
      later(() => {
        if (s.readyState === 2) return;
        s.readyState = 2;
        this.dispatchEvent(new Event("error"));
      });
    }
    get url() { return sources.get(this).url; }
    get withCredentials() { return sources.get(this).withCredentials; }
    get readyState() { return sources.get(this).readyState; }
    close() { sources.get(this).readyState = 2; }
  }
  for (const [name, value] of [["CONNECTING", 0], ["OPEN", 1], ["CLOSED", 2]]) {
    constant(EventSource, name, value);
    constant(EventSource.prototype, name, value);
  }
  defineHandlers(EventSource.prototype, ["open", "message", "error"]);
  define(g, "EventSource", EventSource);
})
