// What a browser's renderer computes, for a page that has none (DOMBindings.swift evaluates this after the
// node classes exist): every box is empty and sits at the viewport's origin, as a detached element's does in
// Chromium. So geometry reads give numbers, never undefined (a Go program calling `.Int()` on them must not
// panic), the observers that watch layout see that one layout, and the viewport is the window's.
// Returns nothing.
(function (native) {
  "use strict";
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const getter = (target, name, get, set) =>
    Object.defineProperty(target, name, { get, set, configurable: true, enumerable: true });
  const requireArguments = (given, needed, what) => {
    if (given < needed) throw new TypeError(`Failed to ${what}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${given} present.`);
  };
  const requireElement = (value, what) => {
    if (!(value instanceof globalThis.Element)) throw new TypeError(`Failed to ${what}: parameter 1 is not of type 'Element'.`);
  };
  const viewport = () => ({ width: globalThis.innerWidth, height: globalThis.innerHeight });

  // --- DOMRectReadOnly and DOMRect (Geometry Interfaces) ---
  const rects = new WeakMap();
  const rect = (self) => {
    const r = rects.get(self);
    if (!r) throw new TypeError("Illegal invocation");
    return r;
  };
  const double = (value) => Number(value);
  class DOMRectReadOnly {
    constructor(x = 0, y = 0, width = 0, height = 0) {
      rects.set(this, { x: double(x), y: double(y), width: double(width), height: double(height) });
    }
    static fromRect(other = {}) {
      return new this(other.x ?? 0, other.y ?? 0, other.width ?? 0, other.height ?? 0);
    }
    get x() { return rect(this).x; }
    get y() { return rect(this).y; }
    get width() { return rect(this).width; }
    get height() { return rect(this).height; }
    get top() { const r = rect(this); return Math.min(r.y, r.y + r.height); }
    get bottom() { const r = rect(this); return Math.max(r.y, r.y + r.height); }
    get left() { const r = rect(this); return Math.min(r.x, r.x + r.width); }
    get right() { const r = rect(this); return Math.max(r.x, r.x + r.width); }
    toJSON() {
      const { x, y, width, height, top, right, bottom, left } = this;
      return { x, y, width, height, top, right, bottom, left };
    }
  }
  class DOMRect extends DOMRectReadOnly {
    get x() { return rect(this).x; }
    set x(value) { rect(this).x = double(value); }
    get y() { return rect(this).y; }
    set y(value) { rect(this).y = double(value); }
    get width() { return rect(this).width; }
    set width(value) { rect(this).width = double(value); }
    get height() { return rect(this).height; }
    set height(value) { rect(this).height = double(value); }
  }
  define(globalThis, "DOMRectReadOnly", DOMRectReadOnly);
  define(globalThis, "DOMRect", DOMRect);
  const emptyList = () => {
    const list = [];
    define(list, "item", (index) => list[index] ?? null);
    return list;
  };

  // --- element geometry: an empty box at the origin; the root element's client area is the viewport ---
  const Element = globalThis.Element.prototype;
  const HTMLElement = globalThis.HTMLElement.prototype;
  const isRoot = (element) => element.ownerDocument?.documentElement === element;
  define(Element, "getBoundingClientRect", function getBoundingClientRect() { return new DOMRect(); });
  define(Element, "getClientRects", function getClientRects() { return emptyList(); });
  for (const name of ["offsetTop", "offsetLeft", "offsetWidth", "offsetHeight"]) getter(HTMLElement, name, () => 0);
  getter(HTMLElement, "offsetParent", () => null);
  for (const name of ["clientTop", "clientLeft"]) getter(Element, name, () => 0);
  getter(Element, "clientWidth", function () { return isRoot(this) ? viewport().width : 0; });
  getter(Element, "clientHeight", function () { return isRoot(this) ? viewport().height : 0; });
  getter(Element, "scrollWidth", function () { return isRoot(this) ? viewport().width : 0; });
  getter(Element, "scrollHeight", function () { return isRoot(this) ? viewport().height : 0; });
  // Nothing overflows an empty box: a scroll position is always clamped back to 0.
  for (const name of ["scrollTop", "scrollLeft"]) getter(Element, name, () => 0, () => {});
  for (const name of ["scroll", "scrollTo", "scrollBy", "scrollIntoView", "scrollIntoViewIfNeeded"]) {
    define(Element, name, { [name]() {} }[name]);
  }

  // --- the viewport: never scrolled, always visible ---
  for (const name of ["scrollX", "scrollY", "pageXOffset", "pageYOffset", "screenX", "screenY", "screenLeft", "screenTop"]) {
    getter(globalThis, name, () => 0, () => {});
  }
  define(globalThis, "scrollBy", function scrollBy() {});
  const Document = globalThis.Document.prototype;
  getter(Document, "hidden", () => false);
  getter(Document, "visibilityState", () => "visible");
  getter(Document, "scrollingElement", function () { return this.documentElement; });
  define(Document, "hasFocus", function hasFocus() { return true; });
  class VisualViewport extends EventTarget {
    get width() { return viewport().width; }
    get height() { return viewport().height; }
    get scale() { return 1; }
    get offsetLeft() { return 0; }
    get offsetTop() { return 0; }
    get pageLeft() { return 0; }
    get pageTop() { return 0; }
  }
  define(globalThis, "VisualViewport", VisualViewport);
  define(globalThis, "visualViewport", new VisualViewport());
  // The fonts a page declares are never fetched; the set is ready at once and says every font is there.
  class FontFaceSet extends EventTarget {
    get status() { return "loaded"; }
    get ready() { return Promise.resolve(this); }
    get size() { return 0; }
    check() { return true; }
    load() { return Promise.resolve([]); }
    add() { return this; }
    delete() { return false; }
    clear() {}
    has() { return false; }
    forEach() {}
    values() { return [].values(); }
    [Symbol.iterator]() { return [].values(); }
  }
  const fonts = new FontFaceSet();
  getter(Document, "fonts", () => fonts);

  // --- the CSS namespace: CSSOM's escape; supports() answers for a browser that knows the property ---
  const escapeIdentifier = (value) => {
    const text = String(value);
    let result = "";
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const ch = text[i];
      if (c === 0) result += "\uFFFD";
      else if ((c >= 0x1 && c <= 0x1F) || c === 0x7F || (i === 0 && c >= 0x30 && c <= 0x39) || (i === 1 && c >= 0x30 && c <= 0x39 && text.charCodeAt(0) === 0x2D)) result += `\\${c.toString(16)} `;
      else if (i === 0 && text.length === 1 && c === 0x2D) result += `\\${ch}`;
      else if (c >= 0x80 || c === 0x2D || c === 0x5F || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)) result += ch;
      else result += `\\${ch}`;
    }
    return result;
  };
  const declaration = /^\s*(--[^:]+|-?[a-zA-Z][a-zA-Z0-9-]*)\s*:\s*(\S[^]*?)\s*$/;
  define(globalThis, "CSS", Object.freeze({
    escape(ident) {
      requireArguments(arguments.length, 1, "execute 'escape' on 'CSS'");
      return escapeIdentifier(ident);
    },
    supports(property, value = undefined) {
      requireArguments(arguments.length, 1, "execute 'supports' on 'CSS'");
      if (arguments.length >= 2) return declaration.test(`${String(property)}: ${String(value)}`);
      const condition = String(property).trim();
      const inner = /^\(([^]*)\)$/.exec(condition)?.[1] ?? condition;
      return declaration.test(inner) || /^selector\([^]+\)$/.test(condition);
    },
  }));

  // --- requestIdleCallback: the page is idle as soon as its task ends ---
  const idle = new Map();
  let nextIdle = 0;
  define(globalThis, "requestIdleCallback", function requestIdleCallback(callback, options = undefined) {
    requireArguments(arguments.length, 1, "execute 'requestIdleCallback' on 'Window'");
    if (typeof callback !== "function") throw new TypeError("Failed to execute 'requestIdleCallback' on 'Window': The callback provided as parameter 1 is not a function.");
    const id = ++nextIdle;
    const start = performance.now();
    idle.set(id, setTimeout(() => {
      idle.delete(id);
      callback({ didTimeout: false, timeRemaining: () => Math.max(0, 50 - (performance.now() - start)) });
    }, 1));
    return id;
  });
  define(globalThis, "cancelIdleCallback", function cancelIdleCallback(id) {
    clearTimeout(idle.get(id));
    idle.delete(id);
  });

  // --- observers of layout ---
  // IntersectionObserver: each observed target gets the standard's first notification. Its box is empty and
  // at the viewport's origin, so it is an edge-adjacent intersection: isIntersecting, ratio 1 (a zero-area
  // target that intersects counts as fully visible). Content that waits to be scrolled into view renders.
  const observerState = new WeakMap();
  const stateOf = (self) => {
    const s = observerState.get(self);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  class IntersectionObserverEntry {
    constructor(init) { Object.assign(this, init); }
  }
  class IntersectionObserver {
    constructor(callback, options = {}) {
      requireArguments(arguments.length, 1, "construct 'IntersectionObserver'");
      if (typeof callback !== "function") throw new TypeError("Failed to construct 'IntersectionObserver': The callback provided as parameter 1 is not a function.");
      const threshold = options?.threshold ?? 0;
      const thresholds = (Array.isArray(threshold) ? threshold : [threshold]).map(Number);
      if (thresholds.some((t) => !(t >= 0 && t <= 1))) throw new RangeError("Failed to construct 'IntersectionObserver': Threshold values must be numbers between 0 and 1");
      observerState.set(this, {
        callback, root: options?.root ?? null, rootMargin: String(options?.rootMargin ?? "0px"),
        thresholds: thresholds.sort((a, b) => a - b), targets: new Set(), records: [], scheduled: false,
      });
    }
    get root() { return stateOf(this).root; }
    get rootMargin() { return stateOf(this).rootMargin; }
    get thresholds() { return [...stateOf(this).thresholds]; }
    observe(target) {
      requireArguments(arguments.length, 1, "execute 'observe' on 'IntersectionObserver'");
      requireElement(target, "execute 'observe' on 'IntersectionObserver'");
      const s = stateOf(this);
      if (s.targets.has(target)) return;
      s.targets.add(target);
      const { width, height } = viewport();
      s.records.push(new IntersectionObserverEntry({
        time: performance.now(), rootBounds: s.root === null ? new DOMRectReadOnly(0, 0, width, height) : new DOMRectReadOnly(),
        boundingClientRect: new DOMRectReadOnly(), intersectionRect: new DOMRectReadOnly(),
        isIntersecting: true, intersectionRatio: 1, isVisible: false, target,
      }));
      if (!s.scheduled) {
        s.scheduled = true;
        setTimeout(() => {
          s.scheduled = false;
          const records = s.records.splice(0);
          if (records.length) s.callback.call(this, records, this);
        }, 0);
      }
    }
    unobserve(target) {
      const s = stateOf(this);
      s.targets.delete(target);
      s.records = s.records.filter((record) => record.target !== target);
    }
    disconnect() {
      const s = stateOf(this);
      s.targets.clear();
      s.records = [];
    }
    takeRecords() { return stateOf(this).records.splice(0); }
  }
  define(globalThis, "IntersectionObserver", IntersectionObserver);
  define(globalThis, "IntersectionObserverEntry", IntersectionObserverEntry);
  // ResizeObserver: the standard notifies when a box's size differs from the last one reported, which
  // starts at 0×0; an empty box never differs, so no notification comes.
  const watcher = (name, Entry) => {
    const cls = class {
      constructor(callback) {
        requireArguments(arguments.length, 1, `construct '${name}'`);
        if (typeof callback !== "function") throw new TypeError(`Failed to construct '${name}': The callback provided as parameter 1 is not a function.`);
        observerState.set(this, { callback, targets: new Set() });
      }
      observe(target) {
        requireArguments(arguments.length, 1, `execute 'observe' on '${name}'`);
        if (name === "ResizeObserver") requireElement(target, `execute 'observe' on '${name}'`);
        stateOf(this).targets.add(target);
      }
      unobserve(target) { stateOf(this).targets.delete(target); }
      disconnect() { stateOf(this).targets.clear(); }
      takeRecords() { stateOf(this); return []; }
    };
    Object.defineProperty(cls, "name", { value: name });
    define(globalThis, name, cls);
    if (Entry) define(globalThis, `${name}Entry`, Entry);
    return cls;
  };
  watcher("ResizeObserver", class ResizeObserverEntry {});
  // PerformanceObserver: no entry type is recorded (no navigation, resource or paint timing).
  const PerformanceObserver = watcher("PerformanceObserver");
  Object.defineProperty(PerformanceObserver, "supportedEntryTypes", { get: () => Object.freeze([]), configurable: true });
})
