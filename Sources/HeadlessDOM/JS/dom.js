// The DOM's JavaScript half (HeadlessDOM/DOMBindings.swift is the Swift half; node classes are host
// classes defined there): EventTarget, Event, CustomEvent; DOMTokenList, dataset and style over the
// element's attributes; the window's location, history, storage, navigator, viewport, matchMedia and
// animation frames. Timers and URL come from the web platform (WebHost). Evaluated once per context; returns
// the helpers Swift calls.
(function (native) {
  "use strict";
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const defineGlobal = (name, value) => define(globalThis, name, value);

  // --- events ---
  const listeners = new WeakMap();  // target -> Map(type -> [{callback, capture, once}])
  class Event {
    #type; #bubbles; #cancelable;
    constructor(type, init = {}) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'Event': 1 argument required, but only 0 present.");
      this.#type = String(type);
      this.#bubbles = Boolean(init.bubbles);
      this.#cancelable = Boolean(init.cancelable);
      this.target = null;
      this.currentTarget = null;
      this.eventPhase = 0;
      this.defaultPrevented = false;
      this.timeStamp = performance.now();
      this.isTrusted = false;
    }
    get type() { return this.#type; }
    get bubbles() { return this.#bubbles; }
    get cancelable() { return this.#cancelable; }
    preventDefault() { if (this.#cancelable) this.defaultPrevented = true; }
    stopPropagation() { this._stopped = true; }
    stopImmediatePropagation() { this._stopped = true; this._stoppedNow = true; }
    composedPath() { return this._path ? this._path.slice() : []; }
  }
  class CustomEvent extends Event {
    #detail;
    constructor(type, init = {}) { super(type, init); this.#detail = init.detail === undefined ? null : init.detail; }
    get detail() { return this.#detail; }
  }
  const capture = (options) => typeof options === "object" && options !== null ? Boolean(options.capture) : Boolean(options);
  class EventTarget {
    addEventListener(type, callback, options) {
      if (callback == null) return;
      let byType = listeners.get(this);
      if (!byType) listeners.set(this, byType = new Map());
      const list = byType.get(String(type)) || [];
      const entry = { callback, capture: capture(options), once: typeof options === "object" && options !== null && Boolean(options.once) };
      if (!list.some((l) => l.callback === entry.callback && l.capture === entry.capture)) list.push(entry);
      byType.set(String(type), list);
    }
    removeEventListener(type, callback, options) {
      const list = listeners.get(this)?.get(String(type));
      if (!list) return;
      const index = list.findIndex((l) => l.callback === callback && l.capture === capture(options));
      if (index >= 0) list.splice(index, 1);
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
      // The path: the target, its ancestors, then the window for events reaching the document (not `load`).
      const path = [this];
      for (let node = this.parentNode; node; node = node.parentNode) path.push(node);
      const Document = globalThis.Document;
      if (Document && path[path.length - 1] instanceof Document && event.type !== "load") path.push(globalThis);
      event.target = this;
      event._path = path;
      const invoke = (target, phase) => {
        if (event._stopped) return;
        event.currentTarget = target;
        event.eventPhase = phase;
        const list = listeners.get(target)?.get(event.type);
        for (const entry of list ? list.slice() : []) {
          if (phase === 1 && !entry.capture || phase === 3 && entry.capture) continue;
          if (entry.once) target.removeEventListener(event.type, entry.callback, entry.capture);
          try {
            if (typeof entry.callback === "function") entry.callback.call(target, event);
            else if (entry.callback && typeof entry.callback.handleEvent === "function") entry.callback.handleEvent(event);
          } catch (error) {
            reportError(error);
          }
          if (event._stoppedNow) return;
        }
        const handler = phase !== 1 ? target["on" + event.type] : null;
        if (typeof handler === "function") {
          try {
            // The window's onerror gets (message, source, line, column, error); returning true cancels.
            if (target === globalThis && event instanceof ErrorEvent) {
              if (handler.call(target, event.message, event.filename, event.lineno, event.colno, event.error) === true) event.preventDefault();
            } else if (handler.call(target, event) === false) event.preventDefault();
          } catch (error) {
            reportError(error);
          }
        }
      };
      for (let i = path.length - 1; i > 0; i--) invoke(path[i], 1);
      invoke(this, 2);
      if (event.bubbles) for (let i = 1; i < path.length; i++) invoke(path[i], 3);
      event.currentTarget = null;
      event.eventPhase = 0;
      return !event.defaultPrevented;
    }
  }
  class ErrorEvent extends Event {
    #init;
    constructor(type, init = {}) { super(type, init); this.#init = init; }
    get message() { return this.#init.message === undefined ? "" : String(this.#init.message); }
    get filename() { return this.#init.filename === undefined ? "" : String(this.#init.filename); }
    get lineno() { return this.#init.lineno >>> 0; }
    get colno() { return this.#init.colno >>> 0; }
    get error() { return this.#init.error; }
  }
  defineGlobal("ErrorEvent", ErrorEvent);
  // An uncaught exception (a listener's, a script's, a timer's, a microtask's) is reported as the HTML
  // standard says: an ErrorEvent at the window, then, unless a listener canceled it, the console. The
  // dispatch (or the script) goes on, as in a browser.
  let reporting = false;
  const reportError = (error) => {
    if (reporting) { console.error("Uncaught", error); return; }
    reporting = true;
    try {
      const isError = error instanceof Error;
      const event = new ErrorEvent("error", {
        cancelable: true, error,
        message: "Uncaught " + (isError ? `${error.name}: ${error.message}` : String(error)),
        filename: isError && typeof error.sourceURL === "string" ? error.sourceURL : "",
        lineno: isError ? error.line : 0, colno: isError ? error.column : 0,
      });
      if (EventTarget.prototype.dispatchEvent.call(globalThis, event)) console.error("Uncaught", error);
    } catch (failure) {
      console.error("Uncaught", error);
    } finally {
      reporting = false;
    }
  };
  defineGlobal("Event", Event);
  defineGlobal("CustomEvent", CustomEvent);
  defineGlobal("EventTarget", EventTarget);
  defineGlobal("reportError", reportError);
  // The window is an event target too (its own methods: the global object's prototype stays Object's).
  for (const name of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
    defineGlobal(name, EventTarget.prototype[name].bind(globalThis));
  }
  const fire = (target, type, bubbles) => {
    const event = new Event(type, { bubbles });
    Object.defineProperty(event, "isTrusted", { value: true });
    target.dispatchEvent(event);
  };

  // --- element helpers: classList, dataset, style ---
  const split = (value) => String(value).split(/[\t\n\f\r ]+/).filter(Boolean);
  const checkToken = (token) => {
    token = String(token);
    if (token === "") { const e = new Error("The token provided must not be empty."); e.name = "SyntaxError"; throw e; }
    if (/[\t\n\f\r ]/.test(token)) { const e = new Error(`The token provided ('${token}') contains HTML space characters, which are not valid in tokens.`); e.name = "InvalidCharacterError"; throw e; }
    return token;
  };
  class DOMTokenList {
    #element;
    constructor(element) { this.#element = element; }
    get #tokens() { return [...new Set(split(this.#element.getAttribute("class") ?? ""))]; }
    // The update steps: no attribute is created for an empty set.
    #write(tokens) { if (tokens.length || this.#element.hasAttribute("class")) this.#element.setAttribute("class", tokens.join(" ")); }
    get length() { return this.#tokens.length; }
    get value() { return this.#element.getAttribute("class") ?? ""; }
    set value(v) { this.#element.setAttribute("class", String(v)); }
    item(i) { return this.#tokens[i] ?? null; }
    contains(token) { return this.#tokens.includes(String(token)); }
    add(...tokens) { tokens = tokens.map(checkToken); const list = this.#tokens; for (const t of tokens) if (!list.includes(t)) list.push(t); this.#write(list); }
    remove(...tokens) { tokens = tokens.map(checkToken); this.#write(this.#tokens.filter((t) => !tokens.includes(t))); }
    toggle(token, force) {
      token = checkToken(token);
      const has = this.contains(token);
      if (has && force !== true) { this.remove(token); return false; }
      if (!has && force !== false) { this.add(token); return true; }
      return has;
    }
    replace(oldToken, newToken) {
      oldToken = checkToken(oldToken); newToken = checkToken(newToken);
      const list = this.#tokens;
      const index = list.indexOf(oldToken);
      if (index < 0) return false;
      list[index] = newToken;
      this.#write([...new Set(list)]);
      return true;
    }
    forEach(callback, thisArg) { this.#tokens.forEach((t, i) => callback.call(thisArg, t, i, this)); }
    [Symbol.iterator]() { return this.#tokens[Symbol.iterator](); }
    toString() { return this.value; }
  }
  defineGlobal("DOMTokenList", DOMTokenList);
  const dataset = (element) => new Proxy({}, {
    get: (_, key) => typeof key === "string" ? native.dataset(element, "get", key) : undefined,
    set: (_, key, value) => { native.dataset(element, "set", String(key), String(value)); return true; },
    deleteProperty: (_, key) => { native.dataset(element, "delete", String(key)); return true; },
    has: (_, key) => native.dataset(element, "get", String(key)) !== undefined,
    ownKeys: () => native.dataset(element, "keys"),
    getOwnPropertyDescriptor: (_, key) => {
      const value = native.dataset(element, "get", String(key));
      return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
    },
  });
  class CSSStyleDeclaration {
    #element;
    constructor(element) { this.#element = element; }
    get cssText() { return native.style(this.#element, "cssText"); }
    set cssText(v) { native.style(this.#element, "setCssText", String(v)); }
    get length() { return native.style(this.#element, "length"); }
    item(i) { return native.style(this.#element, "item", i); }
    getPropertyValue(name) { return native.style(this.#element, "get", String(name)); }
    getPropertyPriority(name) { return native.style(this.#element, "priority", String(name)); }
    setProperty(name, value, priority) { native.style(this.#element, "set", String(name), value, priority); }
    removeProperty(name) { return native.style(this.#element, "remove", String(name)); }
  }
  defineGlobal("CSSStyleDeclaration", CSSStyleDeclaration);
  // A member of a proxied object, methods bound to it (their private fields are the target's, not the proxy's).
  const own = (target, key) => {
    const value = Reflect.get(target, key, target);
    return typeof value === "function" && key !== "constructor" ? value.bind(target) : value;
  };
  // Other properties are CSS properties by their camelCase names (`style.backgroundColor`).
  const style = (element) => new Proxy(new CSSStyleDeclaration(element), {
    get: (target, key, receiver) => {
      if (typeof key !== "string" || key in target) return own(target, key);
      if (/^\d+$/.test(key)) return target.item(Number(key));
      return target.getPropertyValue(native.style(element, "name", key));
    },
    set: (target, key, value) => {
      if (typeof key !== "string" || key in target) return Reflect.set(target, key, value, target);
      target.setProperty(native.style(element, "name", key), value == null ? "" : String(value));
      return true;
    },
  });

  // --- location and history ---
  let current = new URL(native.href);
  const navigate = (target) => {
    current = new URL(String(target), current);
    native.navigated(current.href);
  };
  class Location {
    get href() { return current.href; }
    set href(v) { navigate(v); }
    get protocol() { return current.protocol; }
    get host() { return current.host; }
    get hostname() { return current.hostname; }
    get port() { return current.port; }
    // As a browser shows them: still percent-encoded, trailing slash kept. Decoding would hand an app that
    // writes its path into the page markup from the URL (`/%3Cimg%20src=x%20onerror=...%3E`).
    get pathname() { return current.pathname; }
    set pathname(v) { const next = new URL(current); next.pathname = String(v); navigate(next.href); }
    get search() { return current.search; }
    set search(v) { const next = new URL(current); next.search = String(v); navigate(next.href); }
    get hash() { return current.hash; }
    set hash(v) { const next = new URL(current); next.hash = String(v); navigate(next.href); }
    get origin() { return current.origin; }
    assign(v) { navigate(v); }
    replace(v) { navigate(v); }
    reload() {}
    toString() { return current.href; }
  }
  defineGlobal("Location", Location);
  const location = new Location();
  Object.defineProperty(globalThis, "location", { get: () => location, set: (v) => navigate(v), configurable: true });
  class History {
    #state = null;
    #length = 1;
    get length() { return this.#length; }
    get state() { return this.#state; }
    get scrollRestoration() { return "auto"; }
    pushState(state, _title, target) { this.#state = state ?? null; this.#length++; if (target != null) navigate(target); }
    replaceState(state, _title, target) { this.#state = state ?? null; if (target != null) navigate(target); }
    back() {}
    forward() {}
    go() {}
  }
  defineGlobal("History", History);
  defineGlobal("history", new History());

  // --- storage (in memory, per render) ---
  class Storage {
    #items = new Map();
    get length() { return this.#items.size; }
    key(i) { return [...this.#items.keys()][i] ?? null; }
    getItem(k) { return this.#items.has(String(k)) ? this.#items.get(String(k)) : null; }
    setItem(k, v) { this.#items.set(String(k), String(v)); }
    removeItem(k) { this.#items.delete(String(k)); }
    clear() { this.#items.clear(); }
  }
  defineGlobal("Storage", Storage);
  // Named properties read and write items (`localStorage.theme`), as in a browser.
  const storage = () => new Proxy(new Storage(), {
    get: (target, key) => typeof key !== "string" || key in target ? own(target, key) : (target.getItem(key) ?? undefined),
    set: (target, key, value) => { if (typeof key !== "string" || key in target) return Reflect.set(target, key, value, target); target.setItem(key, value); return true; },
    deleteProperty: (target, key) => { target.removeItem(key); return true; },
    ownKeys: (target) => Array.from({ length: target.length }, (_, i) => target.key(i)),
    getOwnPropertyDescriptor: (target, key) => target.getItem(key) === null ? undefined : { value: target.getItem(key), writable: true, enumerable: true, configurable: true },
  });
  defineGlobal("localStorage", storage());
  defineGlobal("sessionStorage", storage());

  // --- the rest of the window ---
  defineGlobal("window", globalThis);
  defineGlobal("self", globalThis);
  // A top-level window is its own parent, top and frames (testharness.js walks `parent` to find a runner).
  defineGlobal("parent", globalThis);
  defineGlobal("top", globalThis);
  defineGlobal("frames", globalThis);
  defineGlobal("opener", null);
  defineGlobal("globalThis", globalThis);
  defineGlobal("navigator", { userAgent: native.userAgent, language: "en-US", languages: ["en-US", "en"], onLine: true, cookieEnabled: false, hardwareConcurrency: 1 });
  defineGlobal("innerWidth", native.innerWidth);
  defineGlobal("innerHeight", native.innerHeight);
  defineGlobal("outerWidth", native.innerWidth);
  defineGlobal("outerHeight", native.innerHeight);
  defineGlobal("devicePixelRatio", 1);
  defineGlobal("screen", { width: native.innerWidth, height: native.innerHeight, availWidth: native.innerWidth, availHeight: native.innerHeight, colorDepth: 24, pixelDepth: 24 });
  defineGlobal("matchMedia", (media) => ({
    matches: false, media: String(media), onchange: null,
    addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {}, dispatchEvent() { return true; },
  }));
  // A frame every 16 ms of the page's clock; the callback gets the frame's timestamp, as in a browser.
  const frames = new Map();
  let nextFrame = 0;
  defineGlobal("requestAnimationFrame", (callback) => {
    if (typeof callback !== "function") throw new TypeError("Failed to execute 'requestAnimationFrame' on 'Window': The callback provided as parameter 1 is not a function.");
    const id = ++nextFrame;
    frames.set(id, setTimeout(() => { frames.delete(id); callback(performance.now()); }, 16));
    return id;
  });
  defineGlobal("cancelAnimationFrame", (id) => { clearTimeout(frames.get(id)); frames.delete(id); });
  defineGlobal("getComputedStyle", (element) => element.style);
  defineGlobal("scrollTo", () => {});
  defineGlobal("scroll", () => {});
  defineGlobal("alert", () => {});
  defineGlobal("confirm", () => false);
  defineGlobal("prompt", () => null);

  return {
    fire,
    reportError,
    classList: (element) => new DOMTokenList(element),
    dataset,
    style,
  };
})
