// A dedicated worker's global scope (HTML §10.2, DedicatedWorkerGlobalScope), evaluated in the worker's own
// context after the web platform (WebHost, which has DOMException) and before fetch.js: Event, EventTarget,
// MessageEvent, ErrorEvent, AbortController/AbortSignal (the page's are dom.js's, which needs a document),
// then self, location (WorkerLocation), navigator, name, postMessage, close, importScripts and error
// reporting. No document and no window. Prerender/PageWorkers.swift is the Swift half; `native.page` is the
// page side (workers.js) this worker talks to. Returns the worker's side: { run, deliver, terminate }.
(function (native) {
  "use strict";
  const g = globalThis;
  const transferList = native.postMessageTransfer;  // web.js
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const requireArguments = (given, needed, what) => {
    if (given < needed) throw new TypeError(`Failed to ${what}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${given} present.`);
  };

  // --- Event and EventTarget (DOM standard), for targets without a tree: the path is the target alone ---
  const events = new WeakMap();
  const state = (event) => {
    const s = events.get(event);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  class Event {
    constructor(type, eventInitDict = undefined) {
      requireArguments(arguments.length, 1, "construct 'Event'");
      const init = eventInitDict ?? {};
      events.set(this, {
        type: String(type), bubbles: Boolean(init.bubbles), cancelable: Boolean(init.cancelable),
        composed: Boolean(init.composed), target: null, currentTarget: null, phase: 0, stop: false,
        stopNow: false, canceled: false, dispatching: false, trusted: false, timeStamp: performance.now(),
      });
      Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
    }
    get type() { return state(this).type; }
    get target() { return state(this).target; }
    get srcElement() { return state(this).target; }
    get currentTarget() { return state(this).currentTarget; }
    composedPath() { const s = state(this); return s.dispatching ? [s.target] : []; }
    get eventPhase() { return state(this).phase; }
    stopPropagation() { state(this).stop = true; }
    get cancelBubble() { return state(this).stop; }
    set cancelBubble(value) { if (value) state(this).stop = true; }
    stopImmediatePropagation() { const s = state(this); s.stop = true; s.stopNow = true; }
    get bubbles() { return state(this).bubbles; }
    get cancelable() { return state(this).cancelable; }
    get returnValue() { return !state(this).canceled; }
    set returnValue(value) { if (!value) this.preventDefault(); }
    preventDefault() { const s = state(this); if (s.cancelable) s.canceled = true; }
    get defaultPrevented() { return state(this).canceled; }
    get composed() { return state(this).composed; }
    get timeStamp() { return state(this).timeStamp; }
  }
  const isTrustedGetter = Object.getOwnPropertyDescriptor({ get isTrusted() { return state(this).trusted; } }, "isTrusted").get;
  for (const [name, value] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
    Object.defineProperty(Event, name, { value, enumerable: true });
    Object.defineProperty(Event.prototype, name, { value, enumerable: true });
  }
  const eventClass = (name, members) => {
    const cls = class extends Event {
      constructor(type, eventInitDict = undefined) {
        requireArguments(arguments.length, 1, `construct '${name}'`);
        super(type, eventInitDict);
        const init = eventInitDict ?? {};
        const s = state(this);
        for (const [member, fallback] of Object.entries(members)) {
          const given = init[member];
          s[member] = given === undefined ? fallback : typeof fallback === "number" ? Number(given) : typeof fallback === "string" ? String(given) : given;
        }
      }
    };
    Object.defineProperty(cls, "name", { value: name });
    for (const member of Object.keys(members)) {
      Object.defineProperty(cls.prototype, member, { get() { return state(this)[member]; }, enumerable: true, configurable: true });
    }
    define(g, name, cls);
    return cls;
  };
  class CustomEvent extends Event {
    constructor(type, eventInitDict = undefined) {
      requireArguments(arguments.length, 1, "construct 'CustomEvent'");
      super(type, eventInitDict);
      state(this).detail = eventInitDict?.detail ?? null;
    }
    get detail() { return state(this).detail; }
  }
  const MessageEvent = eventClass("MessageEvent", { data: null, origin: "", lastEventId: "", source: null, ports: [] });
  const ErrorEvent = eventClass("ErrorEvent", { message: "", filename: "", lineno: 0, colno: 0, error: undefined });
  eventClass("PromiseRejectionEvent", { promise: undefined, reason: undefined });
  eventClass("ProgressEvent", { lengthComputable: false, loaded: 0, total: 0 });

  const listeners = new WeakMap();
  const capture = (options) => (typeof options === "object" && options !== null ? Boolean(options.capture) : Boolean(options));
  class EventTarget {
    constructor() {}
    addEventListener(type, callback, options = undefined) {
      requireArguments(arguments.length, 2, "execute 'addEventListener' on 'EventTarget'");
      const target = this ?? g;
      if (callback === null || callback === undefined) return;
      const object = typeof options === "object" && options !== null;
      const listener = { type: String(type), callback, capture: capture(options), once: object && Boolean(options.once), removed: false };
      const signal = object ? options.signal : undefined;
      if (signal?.aborted) return;
      let list = listeners.get(target);
      if (!list) listeners.set(target, list = []);
      if (list.some((l) => l.callback === callback && l.type === listener.type && l.capture === listener.capture)) return;
      list.push(listener);
      if (signal) signal.addEventListener("abort", () => remove(target, listener));
    }
    removeEventListener(type, callback, options = undefined) {
      requireArguments(arguments.length, 2, "execute 'removeEventListener' on 'EventTarget'");
      const target = this ?? g;
      const found = listeners.get(target)?.find((l) => l.callback === callback && l.type === String(type) && l.capture === capture(options));
      if (found) remove(target, found);
    }
    dispatchEvent(event) {
      requireArguments(arguments.length, 1, "execute 'dispatchEvent' on 'EventTarget'");
      const s = events.get(event);
      if (!s) throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
      if (s.dispatching) throw new g.DOMException("The event is already being dispatched.", "InvalidStateError");
      s.trusted = false;
      return dispatch(this ?? g, event);
    }
  }
  const remove = (target, listener) => {
    listener.removed = true;
    const list = listeners.get(target);
    const index = list ? list.indexOf(listener) : -1;
    if (index >= 0) list.splice(index, 1);
  };
  // Listeners run in order; one that throws is reported (the worker's error handling) and the rest still run.
  const dispatch = (target, event, trusted = false) => {
    const s = state(event);
    Object.assign(s, { dispatching: true, target, currentTarget: target, phase: 2, trusted: trusted || s.trusted });
    for (const listener of [...(listeners.get(target) ?? [])]) {
      if (listener.removed || listener.type !== s.type) continue;
      if (listener.once) remove(target, listener);
      try {
        const callback = listener.callback;
        if (typeof callback === "function") callback.call(target, event);
        else if (typeof callback?.handleEvent === "function") callback.handleEvent(event);
      } catch (error) {
        reportException(error);
      }
      if (s.stopNow) break;
    }
    Object.assign(s, { dispatching: false, currentTarget: null, phase: 0 });
    return !s.canceled;
  };
  // Event handler IDL attributes: one listener each, added when first set.
  const handlerSlots = new WeakMap();
  const defineHandlers = (proto, names) => {
    for (const name of names) {
      Object.defineProperty(proto, `on${name}`, {
        get() { return handlerSlots.get(this ?? g)?.[name]?.handler ?? null; },
        set(handler) {
          const target = this ?? g;
          let slots = handlerSlots.get(target);
          if (!slots) handlerSlots.set(target, slots = {});
          if (slots[name]) target.removeEventListener(name, slots[name].listener);
          delete slots[name];
          if (typeof handler !== "function" && (typeof handler !== "object" || handler === null)) return;
          // A worker's onerror gets (message, filename, lineno, colno, error); returning true cancels.
          const listener = (event) => {
            if (typeof handler !== "function") return;
            const globalError = name === "error" && target === g && event instanceof ErrorEvent;
            const result = globalError
              ? handler.call(target, event.message, event.filename, event.lineno, event.colno, event.error)
              : handler.call(target, event);
            if (globalError ? result === true : result === false) event.preventDefault();
          };
          slots[name] = { handler, listener };
          target.addEventListener(name, listener);
        },
        enumerable: true, configurable: true,
      });
    }
  };

  // --- AbortController and AbortSignal (DOM standard) ---
  const signals = new WeakMap();
  let creating = false;
  const signalState = (self) => {
    const s = signals.get(self);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  class AbortSignal extends EventTarget {
    constructor() {
      if (!creating) throw new TypeError("Illegal constructor");
      super();
      signals.set(this, { aborted: false, reason: undefined });
    }
    get aborted() { return signalState(this).aborted; }
    get reason() { return signalState(this).reason; }
    throwIfAborted() { const s = signalState(this); if (s.aborted) throw s.reason; }
    static abort(reason = undefined) { const signal = newSignal(); signalAbort(signal, reason); return signal; }
    static timeout(milliseconds) {
      const signal = newSignal();
      setTimeout(() => signalAbort(signal, new g.DOMException("signal timed out", "TimeoutError")), Number(milliseconds));
      return signal;
    }
  }
  defineHandlers(AbortSignal.prototype, ["abort"]);
  const newSignal = () => { creating = true; try { return new AbortSignal(); } finally { creating = false; } };
  const signalAbort = (signal, reason) => {
    const s = signalState(signal);
    if (s.aborted) return;
    s.aborted = true;
    s.reason = reason === undefined ? new g.DOMException("signal is aborted without reason", "AbortError") : reason;
    dispatch(signal, new Event("abort"), true);
  };
  class AbortController {
    #signal = newSignal();
    get signal() { return this.#signal; }
    abort(reason = undefined) { signalAbort(this.#signal, reason); }
  }
  const abortedGetter = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;
  native.isAbortSignal = (x) => {
    if (typeof x !== "object" || x === null) return false;
    try { abortedGetter.call(x); return true; } catch { return false; }
  };
  for (const [name, value] of [["Event", Event], ["CustomEvent", CustomEvent], ["EventTarget", EventTarget],
    ["AbortSignal", AbortSignal], ["AbortController", AbortController]]) define(g, name, value);

  // --- WorkerLocation and WorkerNavigator: read-only views of the worker's URL and the page's navigator ---
  const url = new URL(native.href);
  let constructingScope = false;
  const illegal = () => { if (!constructingScope) throw new TypeError("Illegal constructor"); };
  class WorkerLocation {
    constructor() { illegal(); }
    get href() { return url.href; }
    get origin() { return url.origin; }
    get protocol() { return url.protocol; }
    get host() { return url.host; }
    get hostname() { return url.hostname; }
    get port() { return url.port; }
    get pathname() { return url.pathname; }
    get search() { return url.search; }
    get hash() { return url.hash; }
    toString() { return url.href; }
  }
  class WorkerNavigator { constructor() { illegal(); } }
  for (const [key, value] of Object.entries(native.navigator ?? {})) {
    Object.defineProperty(WorkerNavigator.prototype, key, { get: () => value, enumerable: true, configurable: true });
  }
  constructingScope = true;
  const location = new WorkerLocation();
  const navigator = new WorkerNavigator();
  constructingScope = false;

  // --- the global scope: WorkerGlobalScope and DedicatedWorkerGlobalScope over EventTarget ---
  class WorkerGlobalScope extends EventTarget { constructor() { super(); illegal(); } }
  class DedicatedWorkerGlobalScope extends WorkerGlobalScope { constructor() { super(); } }
  defineHandlers(WorkerGlobalScope.prototype, ["error", "languagechange", "offline", "online", "rejectionhandled", "unhandledrejection"]);
  defineHandlers(DedicatedWorkerGlobalScope.prototype, ["message", "messageerror"]);
  const accessor = (name, get) => Object.defineProperty(WorkerGlobalScope.prototype, name, { get, enumerable: true, configurable: true });
  accessor("self", () => g);
  accessor("location", () => location);
  accessor("navigator", () => navigator);
  Object.defineProperty(DedicatedWorkerGlobalScope.prototype, "name", { get: () => native.name, enumerable: true, configurable: true });
  for (const cls of [WorkerLocation, WorkerNavigator, WorkerGlobalScope, DedicatedWorkerGlobalScope]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
    define(g, cls.name, cls);
  }
  // JavaScriptCore's global object has an immutable prototype: the interfaces' members become its own
  // properties, and `instanceof` recognises it.
  for (const proto of [EventTarget.prototype, WorkerGlobalScope.prototype, DedicatedWorkerGlobalScope.prototype]) {
    for (const key of Reflect.ownKeys(proto)) {
      if (key === "constructor" || key === Symbol.toStringTag) continue;
      Object.defineProperty(g, key, Object.getOwnPropertyDescriptor(proto, key));
    }
  }
  Object.defineProperty(g, Symbol.toStringTag, { value: "DedicatedWorkerGlobalScope", configurable: true });
  for (const cls of [EventTarget, WorkerGlobalScope, DedicatedWorkerGlobalScope]) {
    Object.defineProperty(cls, Symbol.hasInstance, {
      value: { [Symbol.hasInstance](value) { return value === g || Function.prototype[Symbol.hasInstance].call(this, value); } }[Symbol.hasInstance],
      configurable: true,
    });
  }

  let closing = false;
  define(g, "postMessage", function postMessage(message, transfer = undefined) {
    requireArguments(arguments.length, 1, "execute 'postMessage' on 'DedicatedWorkerGlobalScope'");
    const clone = structuredClone(message, { transfer: transferList(transfer) });
    if (!closing) native.task(() => native.page.deliver(clone));
  });
  define(g, "close", function close() {
    closing = true;
    native.close();
  });
  define(g, "importScripts", function importScripts(...urls) {
    const resolved = urls.map((u) => {
      try { return new URL(String(u), url.href).href; } catch {
        throw new g.DOMException(`Failed to execute 'importScripts' on 'WorkerGlobalScope': The URL '${u}' is invalid.`, "SyntaxError");
      }
    });
    for (const target of resolved) {
      const script = native.load(target);
      if (typeof script !== "string") {
        throw new g.DOMException(`Failed to execute 'importScripts' on 'WorkerGlobalScope': The script at '${target}' failed to load.`, "NetworkError");
      }
      native.evaluate(script, target);
    }
  });

  // --- errors: an `error` event at the global; unless canceled, one at the Worker object in the page ---
  let reporting = false;
  const reportException = (error) => {
    const isError = error instanceof Error || error instanceof g.DOMException;
    const info = {
      message: "Uncaught " + (isError ? `${error.name}: ${error.message}` : String(error)),
      filename: isError && typeof error.sourceURL === "string" ? error.sourceURL : url.href,
      lineno: isError && typeof error.line === "number" ? error.line : 0,
      colno: isError && typeof error.column === "number" ? error.column : 0,
    };
    let canceled = false;
    if (!reporting) {
      reporting = true;
      try {
        canceled = !dispatch(g, new ErrorEvent("error", { ...info, error, cancelable: true }), true);
      } finally {
        reporting = false;
      }
    }
    if (!canceled && !closing) native.task(() => native.page.error(info));
  };
  define(g, "reportError", function reportError(error) {
    requireArguments(arguments.length, 1, "execute 'reportError' on 'WorkerGlobalScope'");
    reportException(error);
  });
  // A timer's callback that throws is reported here, not at the page's window.
  for (const name of ["setTimeout", "setInterval"]) {
    const schedule = g[name];
    define(g, name, { [name](handler, timeout = 0, ...args) {
      const callback = typeof handler === "function"
        ? () => { try { handler(...args); } catch (error) { reportException(error); } }
        : () => { try { native.evaluate(String(handler), url.href); } catch (error) { reportException(error); } };
      return schedule(callback, timeout);
    } }[name]);
  }

  // Dedicated workers have animation frames too: one every 16 ms of the loop's clock, as the page's.
  const frames = new Map();
  let nextFrame = 0;
  define(g, "requestAnimationFrame", function requestAnimationFrame(callback) {
    if (typeof callback !== "function") throw new TypeError("Failed to execute 'requestAnimationFrame' on 'DedicatedWorkerGlobalScope': The callback provided as parameter 1 is not a function.");
    const id = ++nextFrame;
    frames.set(id, g.setTimeout(() => { frames.delete(id); callback(performance.now()); }, 16));
    return id;
  });
  define(g, "cancelAnimationFrame", function cancelAnimationFrame(id) { clearTimeout(frames.get(id)); frames.delete(id); });

  // A Go program started here is the page's program too (pre-rendering waits for one): any glue's `Go`.
  let Go;
  Object.defineProperty(g, "Go", {
    configurable: true, enumerable: true,
    get: () => Go,
    set: (value) => {
      Go = typeof value !== "function" ? value : { [value.name]: class extends value {
        run(instance) { native.started(); return super.run(instance); }
      } }[value.name];
    },
  });

  return {
    // The worker's script, once fetched: evaluated, its exception reported as the worker's.
    run(source) {
      try { native.evaluate(source, url.href); } catch (error) { reportException(error); }
    },
    // A message from the page (cloned there): cloned again into this realm, then `message` at the global.
    deliver(clone) {
      if (closing) return;
      let data;
      try { data = structuredClone(clone); } catch {
        dispatch(g, new MessageEvent("messageerror", { data: null }), true);
        return;
      }
      dispatch(g, new MessageEvent("message", { data }), true);
    },
    terminate() { closing = true; native.close(); },
  };
})
