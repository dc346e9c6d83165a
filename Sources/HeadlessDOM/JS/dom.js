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

  // DOMException is the web platform's (WebHost), as are timers and URL.
  const domException = (message, name) => new globalThis.DOMException(message, name);

  // --- what a page's windows share (its iframes' windows get the top window's: native.shared) ---
  // Events, listeners and handlers keep their state here, so an event or a target from another realm
  // dispatches as one of this realm's; storage areas are per origin; `realms` maps each window's
  // Object.prototype to its record, which tells a value's realm and whether its document is fully active.
  const shared = native.shared ?? {
    eventState: new WeakMap(), listeners: new WeakMap(), handlers: new WeakMap(), storageItems: new WeakMap(),
    storageAreas: new Map(), windows: new Set(), realms: new WeakMap(), realmCount: 0,
  };
  // The realm record of an object (its prototype chain's Object.prototype), or null.
  const realmOf = (value) => {
    try {
      for (let o = value; o !== null && (typeof o === "object" || typeof o === "function"); o = Reflect.getPrototypeOf(o)) {
        const realm = shared.realms.get(o);
        if (realm) return realm;
      }
    } catch {}
    return null;
  };
  // Whether listeners of a target do not run: a node's node document's window is discarded (whatever
  // realm made the node), another target's own realm is.
  const inactive = (value) => shared.realmCount > 1 && (isNode(value) ? native.discardedNode(value) : realmOf(value)?.active === false);

  // --- events (DOM standard: the event, its dispatch, listeners with capture/once/passive/signal) ---
  // An event's state lives in a WeakMap (not on the object), so scripts see only the IDL attributes.
  const eventState = shared.eventState;
  const state = (event) => {
    const s = eventState.get(event);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  const listeners = shared.listeners;  // target -> [{type, callback, capture, passive, once, removed}]
  const requireArguments = (count, needed, what) => {
    if (count < needed) throw new TypeError(`Failed to ${what}: ${needed} argument${needed > 1 ? "s" : ""} required, but only ${count} present.`);
  };
  const dictionary = (init, what) => {
    if (init === undefined || init === null) return {};
    if (typeof init !== "object" && typeof init !== "function") throw new TypeError(`Failed to ${what}: The provided value is not of type 'EventInit'.`);
    return init;
  };
  class Event {
    constructor(type, eventInitDict) {
      requireArguments(arguments.length, 1, "construct 'Event'");
      const init = dictionary(eventInitDict, "construct 'Event'");
      eventState.set(this, {
        type: String(type), bubbles: Boolean(init.bubbles), cancelable: Boolean(init.cancelable),
        composed: Boolean(init.composed), target: null, currentTarget: null, relatedTarget: null, phase: 0,
        stop: false, stopNow: false, canceled: false, passive: false, initialized: true, dispatching: false,
        trusted: false, path: [], timeStamp: performance.now(),
      });
      Object.defineProperty(this, "isTrusted", { get: isTrustedGetter, enumerable: true, configurable: false });
    }
    get type() { return state(this).type; }
    get target() { return state(this).target; }
    get srcElement() { return state(this).target; }
    get currentTarget() { return state(this).currentTarget; }
    composedPath() {
      const s = state(this);
      return s.dispatching && s.currentTarget ? composedPath(s.path, s.currentTarget) : [];
    }
    get eventPhase() { return state(this).phase; }
    stopPropagation() { state(this).stop = true; }
    get cancelBubble() { return state(this).stop; }
    set cancelBubble(value) { if (value) state(this).stop = true; }
    stopImmediatePropagation() { const s = state(this); s.stop = true; s.stopNow = true; }
    get bubbles() { return state(this).bubbles; }
    get cancelable() { return state(this).cancelable; }
    get returnValue() { return !state(this).canceled; }
    set returnValue(value) { if (!value) cancel(state(this)); }
    preventDefault() { cancel(state(this)); }
    get defaultPrevented() { return state(this).canceled; }
    get composed() { return state(this).composed; }
    get timeStamp() { return state(this).timeStamp; }
    initEvent(type, bubbles = false, cancelable = false) {
      requireArguments(arguments.length, 1, "execute 'initEvent' on 'Event'");
      const s = state(this);
      if (s.dispatching) return;
      Object.assign(s, { initialized: true, stop: false, stopNow: false, canceled: false, trusted: false, target: null,
        type: String(type), bubbles: Boolean(bubbles), cancelable: Boolean(cancelable) });
    }
  }
  const isTrustedGetter = Object.getOwnPropertyDescriptor({ get isTrusted() { return state(this).trusted; } }, "isTrusted").get;
  const cancel = (s) => { if (s.cancelable && !s.passive) s.canceled = true; };
  for (const [name, value] of [["NONE", 0], ["CAPTURING_PHASE", 1], ["AT_TARGET", 2], ["BUBBLING_PHASE", 3]]) {
    Object.defineProperty(Event, name, { value, enumerable: true });
    Object.defineProperty(Event.prototype, name, { value, enumerable: true });
  }
  class CustomEvent extends Event {
    constructor(type, eventInitDict) {
      requireArguments(arguments.length, 1, "construct 'CustomEvent'");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, "construct 'CustomEvent'");
      state(this).detail = init.detail === undefined ? null : init.detail;
    }
    get detail() { return state(this).detail ?? null; }
    initCustomEvent(type, bubbles = false, cancelable = false, detail = null) {
      requireArguments(arguments.length, 1, "execute 'initCustomEvent' on 'CustomEvent'");
      if (state(this).dispatching) return;
      this.initEvent(type, bubbles, cancelable);
      state(this).detail = detail;
    }
  }
  // UI Events' classes, with the members their init dictionaries give (no layout: coordinates are as given).
  const eventClass = (name, parent, members) => {
    const cls = class extends parent {
      constructor(type, eventInitDict) {
        requireArguments(arguments.length, 1, `construct '${name}'`);
        super(type, eventInitDict);
        const init = dictionary(eventInitDict, `construct '${name}'`);
        const s = state(this);
        for (const [member, fallback] of Object.entries(members)) {
          const given = init[member];
          if (member === "view") { s.view = windowOrNull(given, `construct '${name}'`); continue; }
          s[member] = given === undefined ? fallback : typeof fallback === "number" ? Number(given) : typeof fallback === "boolean" ? Boolean(given) : typeof fallback === "string" ? String(given) : given;
        }
      }
    };
    Object.defineProperty(cls, "name", { value: name });
    for (const member of Object.keys(members)) {
      Object.defineProperty(cls.prototype, member, { get() { return state(this)[member]; }, enumerable: true, configurable: true });
    }
    defineGlobal(name, cls);
    return cls;
  };
  // UIEvent's `view` is a `Window?` (WebIDL): anything but null, undefined or the page's window is a TypeError.
  const windowOrNull = (value, what) => {
    if (value === undefined || value === null) return null;
    if (value !== globalThis) throw new TypeError(`Failed to ${what}: The provided value is not of type 'Window'.`);
    return value;
  };
  // WebIDL's `long` and `short` (modular; NaN and infinities are 0): the legacy init methods' numbers.
  const idlLong = (value) => Number(value) | 0;
  const idlShort = (value) => (Number(value) << 16) >> 16;
  const UIEvent = eventClass("UIEvent", Event, { view: null, detail: 0, which: 0 });
  const modifiers = { ctrlKey: false, shiftKey: false, altKey: false, metaKey: false };
  const MouseEvent = eventClass("MouseEvent", UIEvent, { screenX: 0, screenY: 0, clientX: 0, clientY: 0, button: 0, buttons: 0, relatedTarget: null, ...modifiers });
  eventClass("FocusEvent", UIEvent, { relatedTarget: null });
  const KeyboardEvent = eventClass("KeyboardEvent", UIEvent, { key: "", code: "", location: 0, repeat: false, isComposing: false, charCode: 0, keyCode: 0, ...modifiers });
  // UI Events' legacy init methods: like initEvent, they do nothing while the event is being dispatched.
  const legacyInit = (event, what, type, bubbles, cancelable, view, members) => {
    const s = state(event);
    if (s.dispatching) return;
    const checkedView = windowOrNull(view, what);
    event.initEvent(type, bubbles, cancelable);
    Object.assign(s, { view: checkedView }, members);
  };
  define(UIEvent.prototype, "initUIEvent", function initUIEvent(type, bubbles = false, cancelable = false, view = null, detail = 0) {
    requireArguments(arguments.length, 1, "execute 'initUIEvent' on 'UIEvent'");
    legacyInit(this, "execute 'initUIEvent' on 'UIEvent'", type, bubbles, cancelable, view, { detail: idlLong(detail) });
  });
  define(MouseEvent.prototype, "initMouseEvent", function initMouseEvent(type, bubbles = false, cancelable = false, view = null,
    detail = 0, screenX = 0, screenY = 0, clientX = 0, clientY = 0, ctrlKey = false, altKey = false, shiftKey = false,
    metaKey = false, button = 0, relatedTarget = null) {
    requireArguments(arguments.length, 1, "execute 'initMouseEvent' on 'MouseEvent'");
    legacyInit(this, "execute 'initMouseEvent' on 'MouseEvent'", type, bubbles, cancelable, view, {
      detail: idlLong(detail), screenX: idlLong(screenX), screenY: idlLong(screenY), clientX: idlLong(clientX), clientY: idlLong(clientY),
      ctrlKey: Boolean(ctrlKey), altKey: Boolean(altKey), shiftKey: Boolean(shiftKey), metaKey: Boolean(metaKey),
      button: idlShort(button), relatedTarget: relatedTarget ?? null,
    });
  });
  define(KeyboardEvent.prototype, "initKeyboardEvent", function initKeyboardEvent(type, bubbles = false, cancelable = false,
    view = null, key = "", location = 0, ctrlKey = false, altKey = false, shiftKey = false, metaKey = false) {
    requireArguments(arguments.length, 1, "execute 'initKeyboardEvent' on 'KeyboardEvent'");
    legacyInit(this, "execute 'initKeyboardEvent' on 'KeyboardEvent'", type, bubbles, cancelable, view, {
      key: String(key), location: unsignedLong(location), ctrlKey: Boolean(ctrlKey), altKey: Boolean(altKey),
      shiftKey: Boolean(shiftKey), metaKey: Boolean(metaKey),
    });
  });
  eventClass("InputEvent", UIEvent, { data: null, isComposing: false, inputType: "" });
  eventClass("CompositionEvent", UIEvent, { data: "" });
  eventClass("WheelEvent", MouseEvent, { deltaX: 0, deltaY: 0, deltaZ: 0, deltaMode: 0 });
  eventClass("PointerEvent", MouseEvent, { pointerId: 0, width: 1, height: 1, pressure: 0, pointerType: "", isPrimary: false });
  eventClass("ErrorEvent", Event, { message: "", filename: "", lineno: 0, colno: 0, error: undefined });
  eventClass("PromiseRejectionEvent", Event, { promise: undefined, reason: undefined });
  eventClass("HashChangeEvent", Event, { oldURL: "", newURL: "" });
  eventClass("PopStateEvent", Event, { state: null });
  eventClass("PageTransitionEvent", Event, { persisted: false });
  eventClass("ProgressEvent", Event, { lengthComputable: false, loaded: 0, total: 0 });
  eventClass("MessageEvent", Event, { data: null, origin: "", lastEventId: "", source: null, ports: [] });
  eventClass("SubmitEvent", Event, { submitter: null });
  eventClass("BeforeUnloadEvent", Event, {});
  eventClass("AnimationEvent", Event, { animationName: "", elapsedTime: 0, pseudoElement: "" });
  eventClass("TransitionEvent", Event, { propertyName: "", elapsedTime: 0, pseudoElement: "" });
  eventClass("TouchEvent", UIEvent, { touches: [], targetTouches: [], changedTouches: [], ...modifiers });
  eventClass("DragEvent", MouseEvent, { dataTransfer: null });
  eventClass("ClipboardEvent", Event, { clipboardData: null });
  eventClass("ToggleEvent", Event, { oldState: "", newState: "" });
  // document.createEvent's interface names (DOM standard's table), ASCII case-insensitively.
  const createEventInterfaces = {
    beforeunloadevent: "BeforeUnloadEvent", compositionevent: "CompositionEvent", customevent: "CustomEvent",
    errorevent: "ErrorEvent", event: "Event", events: "Event", focusevent: "FocusEvent", hashchangeevent: "HashChangeEvent",
    htmlevents: "Event", keyboardevent: "KeyboardEvent", messageevent: "MessageEvent", mouseevent: "MouseEvent",
    mouseevents: "MouseEvent", storageevent: "StorageEvent", svgevents: "Event", uievent: "UIEvent", uievents: "UIEvent",
    textevent: "CompositionEvent", progressevent: "ProgressEvent", pagetransitionevent: "PageTransitionEvent",
    popstateevent: "PopStateEvent", dragevent: "DragEvent", touchevent: "TouchEvent",
  };
  const createEvent = (name) => {
    const interfaceName = createEventInterfaces[String(name).toLowerCase()];
    if (!interfaceName) throw domException(`The provided event type ('${name}') is invalid.`, "NotSupportedError");
    const event = new globalThis[interfaceName]("");
    Object.assign(state(event), { initialized: false, type: "" });
    return event;
  };

  const flatten = (options) => typeof options === "object" && options !== null ? Boolean(options.capture) : Boolean(options);
  const listenersOf = (target) => {
    let list = listeners.get(target);
    if (!list) listeners.set(target, list = []);
    return list;
  };
  // Event handler IDL attributes (`onclick = f`): one listener each, added when first set, in that order.
  const handlers = shared.handlers;  // target -> Map(type -> {value, listener})
  const setHandler = (target, type, value) => {
    let byType = handlers.get(target);
    if (!byType) handlers.set(target, byType = new Map());
    const callable = typeof value === "function" || (typeof value === "object" && value !== null) ? value : null;
    let slot = byType.get(type);
    if (!slot) byType.set(type, slot = { value: null, listener: null });
    slot.value = callable;
    if (callable && !slot.listener) {
      slot.listener = { type, capture: false, passive: false, once: false, removed: false, callback: null, slot };
      slot.listener.handler = (event) => {
        const handler = slot.value;
        if (typeof handler !== "function") return;
        // The window's onerror gets (message, source, line, column, error); returning true cancels.
        const windowError = type === "error" && event.currentTarget === globalThis && event instanceof globalThis.ErrorEvent;
        const result = windowError
          ? handler.call(globalThis, event.message, event.filename, event.lineno, event.colno, event.error)
          : handler.call(event.currentTarget, event);
        if (windowError ? result === true : result === false) event.preventDefault();
      };
      listenersOf(target).push(slot.listener);
    } else if (!callable && slot.listener) {
      slot.listener.removed = true;
      const list = listenersOf(target);
      const index = list.indexOf(slot.listener);
      if (index >= 0) list.splice(index, 1);
      slot.listener = null;
    }
  };
  // Event handler content attributes (`<button onclick="...">`, `<body onload="...">`, HTML standard):
  // compiled when first needed (the property is read, or an event of that type reaches the target) with the
  // element, its form owner and its document in scope. The body's window handlers (`onload`...) are the
  // window's. A handler a script set wins until the attribute changes; removing the attribute removes it.
  const contentSources = new WeakMap();  // target -> Map(type -> the attribute text compiled or superseded)
  const contentHost = (target, type) => {
    const Element = globalThis.Element;
    if (Element && target instanceof Element) return target;
    if (target === globalThis && bodyForwarded.has(type)) return globalThis.document?.body ?? null;
    return null;
  };
  const syncContentHandler = (target, type) => {
    const host = contentHost(target, type);
    if (!host || typeof host.getAttribute !== "function") return;
    const source = host.getAttribute("on" + type.toLowerCase());
    let seen = contentSources.get(target);
    if (source === null) {
      if (seen?.has(type)) { seen.delete(type); setHandler(target, type, null); }
      return;
    }
    if (seen?.get(type) === source) return;
    if (!seen) contentSources.set(target, seen = new Map());
    const first = !seen.has(type);
    seen.set(type, source);
    if (first && handlers.get(target)?.get(type)?.value) return;  // a script's handler came first
    let compiled = null;
    try {
      // In the realm of the element's node document as it is now (HTML's "getting the current value of the
      // event handler"), which is not this script's realm when the element moved between windows.
      const documentRealm = isNode(host) ? realmOf(host.ownerDocument ?? host) : null;
      compiled = (documentRealm ?? ownRealm).compileHandler(source);
    } catch (error) {
      reportError(error);
    }
    setHandler(target, type, compiled);
  };
  const getHandler = (target, type) => {
    syncContentHandler(target, type);
    return handlers.get(target)?.get(type)?.value ?? null;
  };

  class EventTarget {
    constructor() {}
    addEventListener(type, callback, options) {
      requireArguments(arguments.length, 2, "execute 'addEventListener' on 'EventTarget'");
      const target = this ?? globalThis;
      if (callback !== null && callback !== undefined && typeof callback !== "function" && typeof callback !== "object") {
        throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': The callback provided as parameter 2 is not an object.");
      }
      // The options dictionary is converted first (its getters run), whatever the callback.
      const object = typeof options === "object" && options !== null;
      const capture = flatten(options);
      const once = object && Boolean(options.once);
      const passiveOption = object ? options.passive : undefined;
      const signal = object ? options.signal : undefined;
      if (signal !== undefined && !(signal instanceof AbortSignalClass)) {
        throw new TypeError("Failed to execute 'addEventListener' on 'EventTarget': member signal is not of type AbortSignal.");
      }
      if (callback === null || callback === undefined || signal?.aborted) return;
      const listener = {
        type: String(type), callback, capture, once, passive: passiveOption !== undefined ? Boolean(passiveOption) : null, removed: false,
      };
      // Passive by default for touch and wheel listeners on the window, document and body (DOM standard).
      if (listener.passive === null) {
        const Node = globalThis.Node;
        listener.passive = ["touchstart", "touchmove", "wheel", "mousewheel"].includes(listener.type)
          && (target === globalThis || (Node && target instanceof Node && (target.nodeType === 9 || target === target.ownerDocument?.documentElement || target === target.ownerDocument?.body)));
      }
      const list = listenersOf(target);
      if (list.some((l) => l.callback === callback && l.type === listener.type && l.capture === listener.capture)) return;
      list.push(listener);
      if (signal) signal.addEventListener("abort", () => removeListener(target, listener));
    }
    removeEventListener(type, callback, options) {
      requireArguments(arguments.length, 2, "execute 'removeEventListener' on 'EventTarget'");
      const target = this ?? globalThis;
      const list = listeners.get(target);
      if (!list) return;
      const capture = flatten(options);
      const found = list.find((l) => l.callback === callback && l.type === String(type) && l.capture === capture);
      if (found) removeListener(target, found);
    }
    dispatchEvent(event) {
      requireArguments(arguments.length, 1, "execute 'dispatchEvent' on 'EventTarget'");
      const s = eventState.get(event);
      if (!s) throw new TypeError("Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
      if (s.dispatching || !s.initialized) throw domException("The event is already being dispatched.", "InvalidStateError");
      s.trusted = false;
      return dispatch(this ?? globalThis, event);
    }
  }
  const removeListener = (target, listener) => {
    listener.removed = true;
    const list = listeners.get(target);
    const index = list ? list.indexOf(listener) : -1;
    if (index >= 0) list.splice(index, 1);
  };
  // --- shadow trees in the event path (DOM standard §2.9); natives answer for closed roots and slots ---
  const isNode = (target) => {
    const Node = globalThis.Node;
    if (Node && target instanceof Node) return true;
    const other = shared.realmCount > 1 ? realmOf(target)?.global.Node : undefined;
    return other !== undefined && target instanceof other;
  };
  const isShadowRoot = (value) => globalThis.ShadowRoot !== undefined && value instanceof globalThis.ShadowRoot;
  const inShadowTree = (value) => isNode(value) && isShadowRoot(native.root(value));
  // "Retarget A against B": A, or the host of the shadow tree around it that B is not in.
  const retarget = (a, b) => {
    for (;;) {
      if (!isNode(a)) return a;
      const root = native.root(a);
      if (!isShadowRoot(root) || (isNode(b) && native.shadowIncludingContains(root, b))) return a;
      a = native.host(root);
    }
  };
  // "Get the parent": an assigned node's slot, else its parent node; a shadow root's host (unless the
  // event is not composed and the root is the root of the first target); the page document's window
  // (except for `load`).
  const parentOf = (target, event, first) => {
    if (!isNode(target)) return null;
    // Only a document with a browsing context has a window; others (DOMParser's, createHTMLDocument's) end the path.
    if (target.nodeType === 9) return event.type === "load" ? null : target.defaultView;
    if (isShadowRoot(target)) return !state(event).composed && native.root(first) === target ? null : native.host(target);
    return native.assignedSlot(target) ?? target.parentNode;
  };
  // composedPath(): the path's invocation targets, without the nodes of closed trees the current target
  // is not in (the standard's hidden subtree levels).
  const composedPath = (path, currentTarget) => {
    const result = [currentTarget];
    let currentTargetIndex = 0, level = 0;
    for (let index = path.length - 1; index >= 0; index--) {
      if (path[index].closedRoot) level++;
      if (path[index].item === currentTarget) { currentTargetIndex = index; break; }
      if (path[index].slotInClosedTree) level--;
    }
    let current = level, max = level;
    for (let index = currentTargetIndex - 1; index >= 0; index--) {
      if (path[index].closedRoot) current++;
      if (current <= max) result.unshift(path[index].item);
      if (path[index].slotInClosedTree) { current--; if (current < max) max = current; }
    }
    current = max = level;
    for (let index = currentTargetIndex + 1; index < path.length; index++) {
      if (path[index].slotInClosedTree) current++;
      if (current <= max) result.push(path[index].item);
      if (path[index].closedRoot) { current--; if (current < max) max = current; }
    }
    return result;
  };
  // --- DOMImplementation (DOM standard), reached through document.implementation ---
  const implementationDocuments = new WeakMap();
  const implementationDocument = (implementation) => {
    const document = implementationDocuments.get(implementation);
    if (!document) throw new TypeError("Illegal invocation");
    return document;
  };
  class DOMImplementation {
    constructor() { throw new TypeError("Illegal constructor"); }
    createDocumentType(qualifiedName, publicId, systemId) {
      requireArguments(arguments.length, 3, "execute 'createDocumentType' on 'DOMImplementation'");
      return native.createDocumentType(implementationDocument(this), String(qualifiedName), String(publicId), String(systemId));
    }
    createHTMLDocument(title) {
      implementationDocument(this);
      return native.createHTMLDocument(title === undefined ? undefined : String(title));
    }
    hasFeature() { return true; }
  }
  Object.defineProperty(DOMImplementation.prototype, Symbol.toStringTag, { value: "DOMImplementation", configurable: true });
  defineGlobal("DOMImplementation", DOMImplementation);
  // The DOM standard's dispatch: the path of structs (invocation target, shadow-adjusted target, retargeted
  // relatedTarget, closed-tree marks), capture then bubble, targets cleared when they point into a shadow tree.
  const dispatch = (target, event) => {
    const s = state(event);
    s.dispatching = true;
    const first = target;
    const originalRelated = s.relatedTarget ?? null;
    let relatedTarget = retarget(originalRelated, target);
    let activationTarget = null;
    let clearTargets = false;
    const path = [];
    s.path = path;
    if (target !== relatedTarget || target === originalRelated) {
      const append = (item, shadowTarget, related, slotInClosedTree) => path.push({
        item, target: shadowTarget, relatedTarget: related, inShadow: inShadowTree(item),
        closedRoot: isShadowRoot(item) && native.isClosedRoot(item), slotInClosedTree,
      });
      const activation = event instanceof MouseEvent && s.type === "click";
      if (activation && hasActivationBehavior(target)) activationTarget = target;
      append(target, target, relatedTarget, false);
      let slottable = isNode(target) && native.assignedSlot(target) ? target : null;
      let slotInClosedTree = false;
      let parent = parentOf(target, event, first);
      while (parent) {
        if (slottable) {
          slottable = null;
          const slotRoot = native.root(parent);
          if (isShadowRoot(slotRoot) && native.isClosedRoot(slotRoot)) slotInClosedTree = true;
        }
        if (isNode(parent) && native.assignedSlot(parent)) slottable = parent;
        relatedTarget = retarget(originalRelated, parent);
        if (!isNode(parent) || native.shadowIncludingContains(native.root(target), parent)) {
          if (activation && s.bubbles && !activationTarget && hasActivationBehavior(parent)) activationTarget = parent;
          append(parent, null, relatedTarget, slotInClosedTree);
        } else if (parent === relatedTarget) {
          parent = null;
        } else {
          target = parent;
          if (activation && !activationTarget && hasActivationBehavior(target)) activationTarget = target;
          append(parent, target, relatedTarget, slotInClosedTree);
        }
        if (parent) parent = parentOf(parent, event, first);
        slotInClosedTree = false;
      }
      let clearStruct = path[0];
      for (const struct of path) if (struct.target !== null) clearStruct = struct;
      clearTargets = inShadowTree(clearStruct.target) || inShadowTree(clearStruct.relatedTarget);
      // An EventTarget that is neither a node nor the window has no propagation path, and browsers fire its
      // listeners directly: only stopImmediatePropagation() stops them (WPT Event-propagation-EventTarget).
      const direct = path.length === 1 && first !== globalThis && realmOf(first)?.global !== first && !isNode(first);
      const saved = activationTarget ? preActivate(activationTarget) : null;
      for (let i = path.length - 1; i >= 0; i--) {
        s.phase = path[i].target !== null ? 2 : 1;
        invoke(path, i, event, s, "capturing", direct);
      }
      for (let i = 0; i < path.length; i++) {
        if (path[i].target !== null) s.phase = 2;
        else if (!s.bubbles) continue;
        else s.phase = 3;
        invoke(path, i, event, s, "bubbling", direct);
      }
      if (activationTarget) activationTarget = { element: activationTarget, saved };
    }
    s.phase = 0;
    s.currentTarget = null;
    s.path = [];
    s.dispatching = false;
    s.stop = false;
    s.stopNow = false;
    if (clearTargets) {
      s.target = null;
      s.relatedTarget = null;
    }
    if (activationTarget) {
      if (s.canceled) cancelActivation(activationTarget.element, activationTarget.saved);
      else activate(activationTarget.element, activationTarget.saved);
    }
    return !s.canceled;
  };
  // Activation behavior (HTML standard) of checkboxes and radio buttons: a click toggles them before the
  // dispatch, a canceled click restores them, an uncanceled one fires `input` and `change`.
  const toggles = (node) => node instanceof globalThis.HTMLInputElement && ["checkbox", "radio"].includes(node.type);
  const hasActivationBehavior = (node) => globalThis.HTMLInputElement !== undefined
    && (toggles(node) || submits(node) || resets(node) || isHyperlink(node) || summarizes(node));
  // Reset buttons reset their form owner; `<a href>` and `<area href>` follow their hyperlink; a details
  // element's summary toggles it. A `<button type=button>` has none, so a click on one inside a link still
  // follows the link (whatwg/html#10032, as the tentative activation-behavior tests have it).
  const resets = (node) => (node instanceof globalThis.HTMLInputElement || node instanceof globalThis.HTMLButtonElement)
    && node.type === "reset";
  const isHyperlink = (node) => (node instanceof globalThis.HTMLAnchorElement || node instanceof globalThis.HTMLAreaElement)
    && node.hasAttribute("href");
  const summarizes = (node) => node instanceof globalThis.HTMLElement && node.localName === "summary"
    && node.parentNode instanceof globalThis.HTMLElement && node.parentNode.localName === "details"
    && [...node.parentNode.children].find((child) => child.localName === "summary") === node;
  const resetForm = (element) => {
    const form = formOwner(element);
    if (form && form.isConnected && !element.hasAttribute("disabled")) form.reset();
  };
  // Following a hyperlink (HTML standard): a `javascript:` URL runs in a task, a fragment of this document
  // is a fragment navigation. Another document or a new window is never loaded: a pre-render stays on
  // the page it renders.
  const followHyperlink = (element) => {
    if (!(element instanceof globalThis.HTMLAnchorElement) && !element.isConnected) return;
    const target = (element.getAttribute("target") ?? "").trim().toLowerCase();
    if (target !== "" && target !== "_self" && !((target === "_parent" || target === "_top") && globalThis.parent === globalThis)) return;
    let url;
    try { url = new URL(element.href); } catch { return; }  // `href` is resolved against the document's base
    if (url.protocol === "javascript:" || isFragmentOf(url, current)) navigate(url.href);
  };
  const resetsOrFollows = (element) => {
    if (resets(element)) { resetForm(element); return true; }
    if (isHyperlink(element)) { followHyperlink(element); return true; }
    if (summarizes(element)) { element.parentNode.open = !element.parentNode.open; return true; }
    return false;
  };
  // Submit buttons (HTML standard): their activation behavior submits the form owner, which fires `submit`
  // (a pre-render never navigates, so an uncanceled submission goes no further).
  const submits = (node) => (node instanceof globalThis.HTMLInputElement && ["submit", "image"].includes(node.type))
    || (node instanceof globalThis.HTMLButtonElement && node.type === "submit");
  const formOwner = (element) => {
    if (element.hasAttribute("form")) {
      const owner = element.isConnected ? element.ownerDocument.getElementById(element.getAttribute("form")) : null;
      return owner instanceof globalThis.HTMLFormElement ? owner : null;
    }
    return element.closest("form");
  };
  const submitForm = (element) => {
    const form = formOwner(element);
    if (!form || !form.isConnected || element.hasAttribute("disabled")) return;
    const event = new globalThis.SubmitEvent("submit", { bubbles: true, cancelable: true, submitter: element });
    state(event).trusted = true;
    dispatch(form, event);
  };
  const preActivate = (element) => {
    if (!toggles(element)) return {};
    if (element.type === "checkbox") { const was = element.checked; element.checked = !was; return { was }; }
    const group = element.name && element.ownerDocument
      ? [...element.ownerDocument.getElementsByTagName("input")].filter((i) => i.type === "radio" && i.name === element.name)
      : [element];
    const previous = group.find((i) => i.checked) ?? null;
    element.checked = true;
    return { was: previous === element, previous };
  };
  const cancelActivation = (element, saved) => {
    if (!toggles(element)) return;
    if (element.type === "checkbox") element.checked = saved.was;
    else if (saved.previous) saved.previous.checked = true;
    else element.checked = false;
  };
  const activate = (element, saved) => {
    if (submits(element)) { submitForm(element); return; }
    if (resetsOrFollows(element)) return;
    if (!element.isConnected || (element.type === "radio" && saved.was)) return;
    fire(element, "input", true, true);
    fire(element, "change", true, false);
  };
  // HTMLElement.click(): a synthetic, untrusted click (a MouseEvent), ignored on disabled form controls and
  // while the element's own click is in progress.
  const clicking = new WeakSet();
  function click() {
    if (["BUTTON", "INPUT", "SELECT", "TEXTAREA", "OPTGROUP", "OPTION", "FIELDSET"].includes(this.tagName) && this.hasAttribute("disabled")) return;
    if (clicking.has(this)) return;
    clicking.add(this);
    try {
      dispatch(this, new MouseEvent("click", { bubbles: true, cancelable: true, composed: true }));
    } finally {
      clicking.delete(this);
    }
  }
  const invoke = (path, index, event, s, phase, direct = false) => {
    const struct = path[index];
    for (let i = index; i >= 0; i--) {
      if (path[i].target !== null) { s.target = path[i].target; break; }
    }
    s.relatedTarget = struct.relatedTarget;
    if (direct ? s.stopNow : s.stop) return;
    const target = struct.item;
    s.currentTarget = target;
    if (handlerTypes.has(s.type)) syncContentHandler(target, s.type);
    const list = listeners.get(target);
    if (!list) return;
    // Listeners of a target, or with a callback, whose window's document is not fully active do not run
    // (DOM's inner invoke); window.event is set in the callback's realm.
    for (const listener of list.slice()) {
      if (listener.removed || listener.type !== s.type) continue;
      if (inactive(target)) return;
      if (phase === "capturing" ? !listener.capture : listener.capture) continue;
      const callbackRealm = shared.realmCount > 1 ? realmOf(listener.slot ? listener.slot.value : listener.callback) : null;
      if (callbackRealm && !callbackRealm.active) continue;
      if (listener.once) removeListener(target, listener);
      const eventRealm = callbackRealm ?? ownRealm;
      // window.event is set in the callback's realm, and not for a listener in a shadow tree.
      const previous = eventRealm.swapEvent(event);
      if (struct.inShadow) eventRealm.swapEvent(previous);
      if (listener.passive) s.passive = true;
      try {
        if (listener.handler) listener.handler(event);
        else if (typeof listener.callback === "function") listener.callback.call(target, event);
        else {
          const handleEvent = listener.callback.handleEvent;
          if (typeof handleEvent !== "function") throw new TypeError("'handleEvent' property of the event listener is not callable.");
          handleEvent.call(listener.callback, event);
        }
      } catch (error) {
        reportError(error);
      }
      s.passive = false;
      eventRealm.swapEvent(previous);
      if (s.stopNow) break;
    }
  };
  Object.defineProperty(globalThis, "event", { get: () => currentEvent, set(v) { Object.defineProperty(globalThis, "event", { value: v, writable: true, configurable: true }); }, configurable: true });
  // An exception in a listener is reported as a browser reports it: an `error` event at the window
  // (testharness.js listens for it), then the console when nothing cancels it.
  let reporting = false;
  const reportError = (error) => {
    if (reporting) { console.error("Uncaught", error); return; }
    reporting = true;
    try {
      const isError = error instanceof Error;
      const event = new globalThis.ErrorEvent("error", {
        cancelable: true, error,
        message: "Uncaught " + (isError ? `${error.name}: ${error.message}` : String(error)),
        filename: isError && typeof error.sourceURL === "string" ? error.sourceURL : "",
        lineno: isError ? error.line : 0, colno: isError ? error.column : 0,
      });
      if (dispatch(globalThis, event)) console.error("Uncaught", error);
    } catch (failure) {
      console.error("Uncaught", error);
    } finally {
      reporting = false;
    }
  };

  // --- AbortController and AbortSignal (DOM standard), unless the platform already has them ---
  let AbortSignalClass = globalThis.AbortSignal;
  if (typeof AbortSignalClass !== "function" || typeof globalThis.AbortController !== "function") {
    let creating = false;
    const signals = new WeakMap();
    class AbortSignal extends EventTarget {
      constructor() {
        if (!creating) throw new TypeError("Illegal constructor");
        super();
        signals.set(this, { aborted: false, reason: undefined, algorithms: [], onabort: null });
      }
      get aborted() { return signals.get(this).aborted; }
      get reason() { return signals.get(this).reason; }
      throwIfAborted() { const s = signals.get(this); if (s.aborted) throw s.reason; }
      get onabort() { return getHandler(this, "abort"); }
      set onabort(value) { setHandler(this, "abort", value); }
      static abort(reason) {
        const signal = newSignal();
        signalAbort(signal, reason);
        return signal;
      }
      static timeout(milliseconds) {
        const signal = newSignal();
        setTimeout(() => signalAbort(signal, domException("signal timed out", "TimeoutError")), Number(milliseconds));
        return signal;
      }
      static any(list) {
        const signal = newSignal();
        for (const source of list) {
          if (source.aborted) { signalAbort(signal, source.reason); return signal; }
        }
        for (const source of list) source.addEventListener("abort", () => signalAbort(signal, source.reason));
        return signal;
      }
    }
    const newSignal = () => { creating = true; try { return new AbortSignal(); } finally { creating = false; } };
    const signalAbort = (signal, reason) => {
      const s = signals.get(signal);
      if (s.aborted) return;
      s.aborted = true;
      s.reason = reason === undefined ? domException("signal is aborted without reason", "AbortError") : reason;
      signal.dispatchEvent(new Event("abort"));
    };
    class AbortController {
      #signal = newSignal();
      get signal() { return this.#signal; }
      abort(reason) { signalAbort(this.#signal, reason); }
    }
    AbortSignalClass = AbortSignal;
    defineGlobal("AbortSignal", AbortSignal);
    defineGlobal("AbortController", AbortController);
  }

  defineGlobal("Event", Event);
  defineGlobal("CustomEvent", CustomEvent);
  defineGlobal("EventTarget", EventTarget);
  defineGlobal("reportError", reportError);
  // The window is an event target too (its own methods: the global object's prototype stays Object's).
  for (const name of ["addEventListener", "removeEventListener", "dispatchEvent"]) {
    defineGlobal(name, EventTarget.prototype[name]);
  }
  // Event handler IDL attributes on elements, the document and the window.
  const handlerNames = ["abort", "auxclick", "beforeinput", "blur", "cancel", "change", "click", "close", "contextmenu",
    "copy", "cut", "dblclick", "drag", "dragend", "dragenter", "dragleave", "dragover", "dragstart", "drop", "error",
    "focus", "focusin", "focusout", "input", "invalid", "keydown", "keypress", "keyup", "load", "mousedown",
    "mouseenter", "mouseleave", "mousemove", "mouseout", "mouseover", "mouseup", "paste", "pointerdown",
    "pointermove", "pointerup", "pointercancel", "pointerover", "pointerout", "pointerenter", "pointerleave",
    "reset", "resize", "scroll", "select", "submit", "toggle", "wheel", "animationend", "transitionend",
    "touchstart", "touchmove", "touchend", "touchcancel"];
  const windowHandlerNames = ["hashchange", "popstate", "beforeunload", "unload", "message", "storage", "online",
    "offline", "pagehide", "pageshow", "unhandledrejection", "rejectionhandled", "DOMContentLoaded"];
  const defineHandlers = (target, names) => {
    for (const name of names) {
      Object.defineProperty(target, "on" + name.toLowerCase(), {
        get() { return getHandler(this ?? globalThis, name); },
        set(value) { setHandler(this ?? globalThis, name, value); },
        enumerable: true, configurable: true,
      });
    }
  };
  defineHandlers(globalThis, [...handlerNames, ...windowHandlerNames.filter((n) => n !== "DOMContentLoaded")]);
  // The body's handler attributes that are the window's (HTML's "Window-reflecting body element event handler set").
  const bodyForwarded = new Set(["blur", "error", "focus", "load", "resize", "scroll", "hashchange", "popstate",
    "beforeunload", "unload", "message", "storage", "online", "offline", "pagehide", "pageshow",
    "unhandledrejection", "rejectionhandled"]);
  const handlerTypes = new Set([...handlerNames, ...windowHandlerNames]);
  // For the platform scripts evaluated after this one (elements.js…): events the browser fires are trusted.
  native.dispatchTrusted = (target, event) => {
    state(event).trusted = true;
    return dispatch(target, event);
  };
  const fire = (target, type, bubbles, composed = false) => {
    const event = new Event(type, { bubbles, composed });
    state(event).trusted = true;
    dispatch(target, event);
  };

  // --- NodeList and HTMLCollection: live views the Swift side answers on every access ---
  let creatingList = false;
  const isIndex = (key) => typeof key === "string" && /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4294967295;
  const listProxy = (List, source) => {
    creatingList = true;
    let target;
    try { target = new List(); } finally { creatingList = false; }
    return new Proxy(target, {
      get: (t, key, receiver) => {
        if (key === "length") return source.length();
        if (isIndex(key)) return source.item(Number(key));
        return Reflect.get(t, key, receiver);
      },
      set: (t, key, value, receiver) => isIndex(key) || key === "length" ? false : Reflect.set(t, key, value, receiver),
      has: (t, key) => isIndex(key) ? Number(key) < source.length() : Reflect.has(t, key),
      ownKeys: (t) => [...Array.from({ length: source.length() }, (_, i) => String(i)), ...Reflect.ownKeys(t)],
      getOwnPropertyDescriptor: (t, key) => {
        if (isIndex(key)) {
          const value = source.item(Number(key));
          return value === undefined ? undefined : { value, writable: false, enumerable: true, configurable: true };
        }
        return Reflect.getOwnPropertyDescriptor(t, key);
      },
      defineProperty: (t, key, descriptor) => isIndex(key) ? false : Reflect.defineProperty(t, key, descriptor),
      deleteProperty: (t, key) => isIndex(key) ? !(Number(key) < source.length()) : Reflect.deleteProperty(t, key),
    });
  };
  const toIndex = (value) => { const n = Number(value); return Number.isFinite(n) ? Math.trunc(n) >>> 0 : 0; };
  class NodeList {
    constructor() { if (!creatingList) throw new TypeError("Illegal constructor"); }
    item(index) { return this[toIndex(index)] ?? null; }
    get length() { return 0; }
  }
  class HTMLCollection {
    constructor() { if (!creatingList) throw new TypeError("Illegal constructor"); }
    item(index) { return this[toIndex(index)] ?? null; }
    namedItem(name) {
      name = String(name);
      if (name === "") return null;
      for (let i = 0; i < this.length; i++) {
        const element = this[i];
        if (element.id === name || (element.namespaceURI === "http://www.w3.org/1999/xhtml" && element.getAttribute("name") === name)) return element;
      }
      return null;
    }
    get length() { return 0; }
  }
  for (const List of [NodeList, HTMLCollection]) {
    Object.defineProperty(List.prototype, Symbol.iterator, { value: Array.prototype.values, writable: true, configurable: true });
  }
  for (const name of ["forEach", "entries", "keys", "values"]) define(NodeList.prototype, name, Array.prototype[name]);
  defineGlobal("NodeList", NodeList);
  defineGlobal("HTMLCollection", HTMLCollection);
  const liveLists = new WeakMap();  // node -> Map(kind + argument -> list)
  const liveList = (node, kind, argument) => {
    let byKind = liveLists.get(node);
    if (!byKind) liveLists.set(node, byKind = new Map());
    const key = argument === undefined ? kind : kind + "\u0000" + argument;
    let list = byKind.get(key);
    if (!list) {
      list = listProxy(kind === "childNodes" ? NodeList : HTMLCollection, {
        length: () => native.listLength(node, kind, argument),
        item: (index) => native.listItem(node, kind, argument, index),
      });
      byKind.set(key, list);
    }
    return list;
  };
  const staticList = (nodes) => listProxy(NodeList, { length: () => nodes.length, item: (index) => nodes[index] });

  // --- MutationObserver (DOM standard §4.3): the records are queued by the Swift DOM at its mutation
  // points (whoever mutates: script, the parser-backed setters, Go through syscall/js); this side checks the
  // options, keeps the callbacks and delivers in a microtask, observers in creation order. ---
  const recordState = new WeakMap();
  class MutationRecord {
    constructor() { throw new TypeError("Illegal constructor"); }
  }
  for (const name of ["type", "target", "addedNodes", "removedNodes", "previousSibling", "nextSibling", "attributeName", "attributeNamespace", "oldValue"]) {
    Object.defineProperty(MutationRecord.prototype, name, {
      get() {
        const s = recordState.get(this);
        if (!s) throw new TypeError("Illegal invocation");
        return s[name];
      },
      enumerable: true, configurable: true,
    });
  }
  defineGlobal("MutationRecord", MutationRecord);
  const makeRecord = (raw) => {
    const record = Object.create(MutationRecord.prototype);
    recordState.set(record, { ...raw, addedNodes: staticList(raw.addedNodes), removedNodes: staticList(raw.removedNodes) });
    return record;
  };
  const observerIds = new WeakMap();  // MutationObserver -> native id
  const observerCallbacks = new Map();  // native id -> { observer, callback }
  const observerId = (observer) => {
    const id = observerIds.get(observer);
    if (id === undefined) throw new TypeError("Illegal invocation");
    return id;
  };
  class MutationObserver {
    constructor(callback) {
      requireArguments(arguments.length, 1, "construct 'MutationObserver'");
      if (typeof callback !== "function") throw new TypeError("Failed to construct 'MutationObserver': parameter 1 is not of type 'Function'.");
      const id = native.mutationCreate();
      observerIds.set(this, id);
      observerCallbacks.set(id, { observer: this, callback });
    }
    observe(target, options = undefined) {
      const id = observerId(this);
      requireArguments(arguments.length, 1, "execute 'observe' on 'MutationObserver'");
      const what = "Failed to execute 'observe' on 'MutationObserver'";
      if (!(target instanceof globalThis.Node)) throw new TypeError(`${what}: parameter 1 is not of type 'Node'.`);
      const init = dictionary(options, `execute 'observe' on 'MutationObserver'`);
      // WebIDL converts the members in lexicographic order.
      const filterValue = init.attributeFilter;
      const attributeFilter = filterValue === undefined ? undefined : Array.from(sequenceOf(filterValue, what), String);
      const attributeOldValue = init.attributeOldValue === undefined ? undefined : Boolean(init.attributeOldValue);
      let attributes = init.attributes === undefined ? undefined : Boolean(init.attributes);
      let characterData = init.characterData === undefined ? undefined : Boolean(init.characterData);
      const characterDataOldValue = init.characterDataOldValue === undefined ? undefined : Boolean(init.characterDataOldValue);
      const childList = Boolean(init.childList);
      const subtree = Boolean(init.subtree);
      if ((attributeOldValue !== undefined || attributeFilter !== undefined) && attributes === undefined) attributes = true;
      if (characterDataOldValue !== undefined && characterData === undefined) characterData = true;
      if (!childList && !attributes && !characterData) throw new TypeError(`${what}: The options object must set at least one of 'attributes', 'characterData', or 'childList' to true.`);
      if (attributeOldValue && !attributes) throw new TypeError(`${what}: The options object may only set 'attributeOldValue' to true when 'attributes' is true or not present.`);
      if (attributeFilter !== undefined && !attributes) throw new TypeError(`${what}: The options object may only set 'attributeFilter' when 'attributes' is true or not present.`);
      if (characterDataOldValue && !characterData) throw new TypeError(`${what}: The options object may only set 'characterDataOldValue' to true when 'characterData' is true or not present.`);
      native.mutationObserve(id, target, {
        childList, attributes: Boolean(attributes), characterData: Boolean(characterData), subtree,
        attributeOldValue: Boolean(attributeOldValue), characterDataOldValue: Boolean(characterDataOldValue),
        attributeFilter: attributeFilter ?? null,
      });
    }
    disconnect() { native.mutationDisconnect(observerId(this)); }
    takeRecords() { return native.mutationTake(observerId(this), false).map(makeRecord); }
  }
  const sequenceOf = (value, what) => {
    if ((typeof value !== "object" && typeof value !== "function") || value === null || typeof value[Symbol.iterator] !== "function") {
      throw new TypeError(`${what}: The provided value cannot be converted to a sequence.`);
    }
    return value;
  };
  defineGlobal("MutationObserver", MutationObserver);
  // "Notify mutation observers": each observer with records, in creation order, gets them in one call.
  const deliverMutations = () => {
    for (const id of native.mutationPending()) {
      const entry = observerCallbacks.get(id);
      const records = native.mutationTake(id, true).map(makeRecord);
      if (!entry || records.length === 0) continue;
      try {
        entry.callback.call(entry.observer, records, entry.observer);
      } catch (error) {
        reportError(error);
      }
    }
  };
  // A microtask of its own, captured now: a page that replaces queueMicrotask or Promise.prototype.then
  // must not change when observers hear of mutations.
  const resolvedPromise = Promise.resolve();
  const promiseThen = Promise.prototype.then;
  const queueMutationDelivery = () => { promiseThen.call(resolvedPromise, deliverMutations); };

  // --- element helpers: classList, dataset, style ---
  const split = (value) => String(value).split(/[\t\n\f\r ]+/).filter(Boolean);
  const checkToken = (token) => {
    token = String(token);
    if (token === "") { const e = new Error("The token provided must not be empty."); e.name = "SyntaxError"; throw e; }
    if (/[\t\n\f\r ]/.test(token)) { const e = new Error(`The token provided ('${token}') contains HTML space characters, which are not valid in tokens.`); e.name = "InvalidCharacterError"; throw e; }
    return token;
  };
  // A DOMTokenList over one attribute of one element (`classList`, `relList`, `sandbox`…): one object per
  // element and attribute, as `el.classList === el.classList` in a browser.
  const tokenLists = new WeakMap();  // element -> Map(attribute -> DOMTokenList)
  let creating = false;
  class DOMTokenList {
    #element; #attribute;
    constructor(element, attribute) {
      if (!creating) throw new TypeError("Illegal constructor");
      this.#element = element; this.#attribute = attribute;
    }
    get #tokens() { return [...new Set(split(this.#element.getAttribute(this.#attribute) ?? ""))]; }
    // The update steps: no attribute is created for an empty set.
    #write(tokens) { if (tokens.length || this.#element.hasAttribute(this.#attribute)) this.#element.setAttribute(this.#attribute, tokens.join(" ")); }
    get length() { return this.#tokens.length; }
    get value() { return this.#element.getAttribute(this.#attribute) ?? ""; }
    set value(v) { this.#element.setAttribute(this.#attribute, String(v)); }
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
  const tokenList = (element, attribute) => {
    let byAttribute = tokenLists.get(element);
    if (!byAttribute) tokenLists.set(element, byAttribute = new Map());
    let list = byAttribute.get(attribute);
    if (!list) {
      creating = true;
      try { list = new DOMTokenList(element, attribute); } finally { creating = false; }
      byAttribute.set(attribute, list);
    }
    return list;
  };
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

  // HTMLHyperlinkElementUtils (`a.pathname`…): the parts of the element's resolved `href`.
  const defineHyperlinkUtils = (prototype) => {
    const parsed = (element) => {
      if (!element.hasAttribute("href")) return null;
      try { return new URL(element.href); } catch { return null; }
    };
    for (const part of ["protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"]) {
      Object.defineProperty(prototype, part, {
        get() {
          const url = parsed(this);
          if (!url) return part === "protocol" ? ":" : "";
          return url[part];
        },
        set(value) {
          const url = parsed(this);
          if (!url) return;
          url[part] = value;
          this.setAttribute("href", url.href);
        },
        enumerable: true, configurable: true,
      });
    }
    Object.defineProperty(prototype, "origin", { get() { return parsed(this)?.origin ?? ""; }, enumerable: true, configurable: true });
    define(prototype, "toString", function toString() { return this.href; });
  };

  // --- location and history ---
  let current = new URL(native.href);
  // Whether `url` is `base` but for its fragment, and has one: a navigation to it stays in the document.
  const isFragmentOf = (url, base) => url.hash !== "" || url.href.endsWith("#")
    ? url.href.replace(/#.*$/s, "") === base.href.replace(/#.*$/s, "") : false;
  // The document's URL changes; nothing else happens (what history.pushState and replaceState do).
  const replaceURL = (target) => {
    current = new URL(String(target), current);
    native.navigated(current.href);
  };
  const navigate = (target) => {
    const next = new URL(String(target), current);
    if (next.protocol === "javascript:") {
      // The URL's script runs as classic global code in a task; the page stays where it is.
      // Percent-decoded as the URL standard does it: a `%` that starts no valid escape stays as it is
      // (decodeURIComponent would throw a URIError out of the click that followed the link).
      const source = next.href.slice("javascript:".length).replace(/(?:%[0-9A-Fa-f]{2})+/g, (escapes) => {
        try { return decodeURIComponent(escapes); } catch { return escapes; }
      });
      setTimeout(() => {
        try { (0, eval)(source); } catch (error) { reportError(error); }
      }, 0);
      return;
    }
    const old = current;
    replaceURL(next);
    // A fragment navigation: `hashchange` in a task when the fragment changed (history.pushState never
    // comes here, so it fires none, as in a browser).
    if (isFragmentOf(next, old) && next.hash !== old.hash) {
      setTimeout(() => {
        const event = new globalThis.HashChangeEvent("hashchange", { oldURL: old.href, newURL: next.href });
        state(event).trusted = true;
        dispatch(globalThis, event);
      }, 0);
    }
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
    pushState(state, _title, target) { this.#state = state ?? null; this.#length++; if (target != null) replaceURL(target); }
    replaceState(state, _title, target) { this.#state = state ?? null; if (target != null) replaceURL(target); }
    back() {}
    forward() {}
    go() {}
  }
  defineGlobal("History", History);
  defineGlobal("history", new History());

  // --- storage (HTML's Storage interface; in memory, per render) ---
  // A Storage is a legacy platform object with named properties (WebIDL 3.9): a Proxy whose handler is
  // WebIDL's [[GetOwnProperty]], [[Set]], [[DefineOwnProperty]], [[Delete]] and [[OwnPropertyKeys]] over
  // the items. Its target holds the object's ordinary (symbol-keyed) own properties. Storage events go to
  // *other* windows of the origin, and a pre-rendered page has none, so none is fired.
  if (typeof globalThis.QuotaExceededError !== "function") {
    const optionalDouble = (value, what) => {
      if (value === undefined) return null;
      const number = Number(value);
      if (!Number.isFinite(number)) throw new TypeError(`Failed to construct 'QuotaExceededError': The provided ${what} is not finite.`);
      if (number < 0) throw new RangeError(`Failed to construct 'QuotaExceededError': ${what} must not be negative.`);
      return number;
    };
    class QuotaExceededError extends globalThis.DOMException {
      #quota; #requested;
      constructor(message = "", options = undefined) {
        super(message, "QuotaExceededError");
        const init = options === undefined || options === null ? {} : options;
        this.#quota = optionalDouble(init.quota, "quota");
        this.#requested = optionalDouble(init.requested, "requested");
        if (this.#quota !== null && this.#requested !== null && this.#requested < this.#quota) {
          throw new RangeError("Failed to construct 'QuotaExceededError': requested must not be less than quota.");
        }
      }
      get quota() { return this.#quota; }
      get requested() { return this.#requested; }
    }
    defineGlobal("QuotaExceededError", QuotaExceededError);
  }
  // WebIDL conversions: DOMString (a Symbol throws) and unsigned long (modulo 2^32).
  const domString = (value) => `${value}`;
  const unsignedLong = (value) => {
    const number = Math.trunc(Number(value));
    return Number.isFinite(number) ? ((number % 4294967296) + 4294967296) % 4294967296 : 0;
  };
  // Per storage area, in UTF-16 code units of keys and values (Firefox's 5 MiB; Chromium's is close).
  const storageQuota = 5 * 1024 * 1024;
  const storageItems = shared.storageItems;  // the Storage (proxy) -> { items: Map, used: number } (the origin's area)
  const storageKinds = new WeakMap();  // this window's Storage (proxy) -> "local" or "session"
  // A change to an area is a `storage` event at every other fully active window sharing it (HTML's broadcast).
  const broadcast = (storage, key, oldValue, newValue) => {
    if (shared.realmCount < 2) return;
    const kind = storageKinds.get(storage);
    const changed = storageItems.get(storage);
    for (const realm of shared.windows) {
      if (realm !== ownRealm && realm.active && realm.storageArea(kind) === changed) realm.queueStorageEvent(kind, key, oldValue, newValue, location.href);
    }
  };
  const area = (storage) => {
    const found = storageItems.get(storage);
    if (!found) throw new TypeError("Illegal invocation");
    return found;
  };
  let constructingStorage = false;
  class Storage {
    constructor() {
      if (!constructingStorage) throw new TypeError("Illegal constructor");
    }
    get length() { return area(this).items.size; }
    key(index) {
      requireArguments(arguments.length, 1, "execute 'key' on 'Storage'");
      const { items } = area(this);
      const i = unsignedLong(index);
      if (i >= items.size) return null;
      let n = 0;
      for (const key of items.keys()) if (n++ === i) return key;
      return null;
    }
    getItem(key) {
      requireArguments(arguments.length, 1, "execute 'getItem' on 'Storage'");
      const value = area(this).items.get(domString(key));
      return value === undefined ? null : value;
    }
    setItem(key, value) {
      requireArguments(arguments.length, 2, "execute 'setItem' on 'Storage'");
      const a = area(this);
      const k = domString(key), v = domString(value);
      const old = a.items.get(k);
      if (old === v) return;
      const used = a.used - (old === undefined ? 0 : k.length + old.length) + k.length + v.length;
      if (used > storageQuota) {
        throw new globalThis.QuotaExceededError(`Failed to execute 'setItem' on 'Storage': Setting the value of '${k}' exceeded the quota.`);
      }
      a.items.set(k, v);
      a.used = used;
      broadcast(this, k, old ?? null, v);
    }
    removeItem(key) {
      requireArguments(arguments.length, 1, "execute 'removeItem' on 'Storage'");
      const a = area(this);
      const k = domString(key);
      const old = a.items.get(k);
      if (old === undefined) return;
      a.items.delete(k);
      a.used -= k.length + old.length;
      broadcast(this, k, old, null);
    }
    clear() {
      const a = area(this);
      if (a.items.size === 0) return;
      a.items.clear();
      a.used = 0;
      broadcast(this, null, null, null);
    }
  }
  Object.defineProperty(Storage.prototype, Symbol.toStringTag, { value: "Storage", configurable: true });
  defineGlobal("Storage", Storage);
  const storage = (kind) => {
    constructingStorage = true;
    let target;
    try { target = new Storage(); } finally { constructingStorage = false; }
    // One area per origin and kind, shared by the page's same-origin windows (one top-level context).
    const areaKey = `${kind} ${native.origin ?? new URL(native.href).origin}`;
    let shared_ = shared.storageAreas.get(areaKey);
    if (!shared_) shared.storageAreas.set(areaKey, shared_ = { items: new Map(), used: 0 });
    const items = shared_.items;
    // The named property visibility algorithm (no [LegacyOverrideBuiltIns]): an item whose key is an own
    // or inherited property's name is not a named property (`localStorage.getItem` stays the method).
    const visible = (key) => typeof key === "string" && items.has(key) && !Object.prototype.hasOwnProperty.call(target, key) && !(key in Object.getPrototypeOf(target));
    let proxy;
    proxy = new Proxy(target, {
      get: (t, key, receiver) => visible(key) ? items.get(key) : Reflect.get(t, key, receiver),
      has: (t, key) => visible(key) || Reflect.has(t, key),
      set: (t, key, value, receiver) => {
        if (typeof key === "string" && receiver === proxy) { proxy.setItem(key, value); return true; }
        return Reflect.set(t, key, value, receiver);
      },
      defineProperty: (t, key, descriptor) => {
        if (typeof key !== "string" || Object.prototype.hasOwnProperty.call(t, key)) return Reflect.defineProperty(t, key, descriptor);
        if (!("value" in descriptor) && (descriptor.get !== undefined || descriptor.set !== undefined)) return false;
        proxy.setItem(key, descriptor.value);
        return true;
      },
      deleteProperty: (t, key) => {
        if (visible(key)) { proxy.removeItem(key); return true; }
        return Reflect.deleteProperty(t, key);
      },
      getOwnPropertyDescriptor: (t, key) => visible(key)
        ? { value: items.get(key), writable: true, enumerable: true, configurable: true }
        : Reflect.getOwnPropertyDescriptor(t, key),
      ownKeys: (t) => [...[...items.keys()].filter(visible), ...Reflect.ownKeys(t)],
      preventExtensions: () => false,
    });
    storageItems.set(proxy, shared_);
    storageKinds.set(proxy, kind);
    return proxy;
  };
  const localStorageObject = storage("local");
  const sessionStorageObject = storage("session");
  // Null once the window's document is not fully active (its iframe is gone), as the getters' steps say.
  for (const [name, object] of [["localStorage", localStorageObject], ["sessionStorage", sessionStorageObject]]) {
    Object.defineProperty(globalThis, name, {
      get: { get [name]() { return ownRealm.active ? object : null; } }.__lookupGetter__(name),
      enumerable: true, configurable: true,
    });
  }
  // StorageEvent (constructible, and initStorageEvent), though no storage event is ever fired here.
  const nullableString = (value) => value === undefined || value === null ? null : domString(value);
  const storageAreaOf = (value, what) => {
    if (value === undefined || value === null) return null;
    if (!storageItems.has(value)) throw new TypeError(`Failed to ${what}: The provided value is not of type 'Storage'.`);
    return value;
  };
  const storageMembers = (s, key, oldValue, newValue, url, storageArea, what) => Object.assign(s, {
    key: nullableString(key), oldValue: nullableString(oldValue), newValue: nullableString(newValue),
    url: url === undefined ? "" : domString(url), storageArea: storageAreaOf(storageArea, what),
  });
  class StorageEvent extends Event {
    constructor(type, eventInitDict = undefined) {  // length 1, as WebIDL counts required arguments
      requireArguments(arguments.length, 1, "construct 'StorageEvent'");
      super(type, eventInitDict);
      const init = dictionary(eventInitDict, "construct 'StorageEvent'");
      storageMembers(state(this), init.key, init.oldValue, init.newValue, init.url, init.storageArea, "construct 'StorageEvent'");
    }
    get key() { return state(this).key; }
    get oldValue() { return state(this).oldValue; }
    get newValue() { return state(this).newValue; }
    get url() { return state(this).url; }
    get storageArea() { return state(this).storageArea; }
    initStorageEvent(type, bubbles = false, cancelable = false, key = null, oldValue = null, newValue = null, url = "", storageArea = null) {
      requireArguments(arguments.length, 1, "execute 'initStorageEvent' on 'StorageEvent'");
      if (state(this).dispatching) return;
      this.initEvent(type, bubbles, cancelable);
      storageMembers(state(this), key, oldValue, newValue, url, storageArea, "execute 'initStorageEvent' on 'StorageEvent'");
    }
  }
  defineGlobal("StorageEvent", StorageEvent);

  // --- this window's record among the page's windows ---
  let currentEvent;
  const ownRealm = {
    global: globalThis,
    active: true,
    compileHandler: (source) => new Function("event", `with (this && this.ownerDocument || {}) with (this && this.form || {}) with (this || {}) {\n${source}\n}`),
    swapEvent(event) { const previous = currentEvent; currentEvent = event; return previous; },
    storageArea: (kind) => storageItems.get(kind === "local" ? localStorageObject : sessionStorageObject),
    queueStorageEvent(kind, key, oldValue, newValue, url) {
      setTimeout(() => {
        if (!ownRealm.active) return;
        const storageArea = kind === "local" ? localStorageObject : sessionStorageObject;
        const event = new StorageEvent("storage", { key, oldValue, newValue, url, storageArea });
        state(event).trusted = true;
        dispatch(globalThis, event);
      }, 0);
    },
  };
  shared.realms.set(Object.prototype, ownRealm);
  shared.windows.add(ownRealm);
  shared.realmCount++;

  // --- the rest of the window ---
  defineGlobal("window", globalThis);
  defineGlobal("self", globalThis);
  // A top-level window is its own parent, top and frames (testharness.js walks `parent` to find a runner).
  defineGlobal("parent", globalThis);
  defineGlobal("top", globalThis);
  defineGlobal("frames", globalThis);
  defineGlobal("opener", null);
  // A pre-rendered page is not cross-origin isolated (no COOP/COEP), so, as in a browser, it has no
  // SharedArrayBuffer global; a shared WebAssembly.Memory's buffer still is one (common/sab.js relies on it).
  delete globalThis.SharedArrayBuffer;
  defineGlobal("crossOriginIsolated", false);
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
  // A pre-render opens no other window and prints nothing (a browser whose popups are blocked).
  defineGlobal("open", () => null);
  defineGlobal("print", () => {});
  defineGlobal("stop", () => {});
  defineGlobal("focus", () => {});
  defineGlobal("blur", () => {});

  // --- focus (HTML's focusing steps, without layout): blur/focusout at the old element, focus/focusin at
  // the new one, composed FocusEvents whose relatedTarget the dispatch retargets out of shadow trees ---
  let focused = null;
  const focusable = (element) => {
    if (!element.isConnected) return false;
    const name = element.localName;
    if (["input", "select", "textarea", "button"].includes(name)) return !element.hasAttribute("disabled") && !(name === "input" && element.type === "hidden");
    if (["a", "area"].includes(name)) return element.hasAttribute("href");
    return element.hasAttribute("tabindex") || element.hasAttribute("contenteditable");
  };
  const fireFocus = (target, type, relatedTarget, bubbles) => {
    const event = new globalThis.FocusEvent(type, { bubbles, composed: true, relatedTarget, view: globalThis });
    state(event).trusted = true;
    dispatch(target, event);
  };
  function focus() {
    if (focused === this || !focusable(this)) return;
    const previous = focused && focused.isConnected ? focused : null;
    focused = this;
    if (previous) {
      fireFocus(previous, "blur", this, false);
      fireFocus(previous, "focusout", this, true);
    }
    fireFocus(this, "focus", previous, false);
    fireFocus(this, "focusin", previous, true);
  }
  function blur() {
    if (focused !== this) return;
    focused = null;
    fireFocus(this, "blur", null, false);
    fireFocus(this, "focusout", null, true);
  }
  // The focused element as `root` sees it: retargeted to the host inside `root`'s tree, null outside it.
  const activeElementIn = (root) => {
    if (!focused || !focused.isConnected || !native.shadowIncludingContains(root, focused)) return null;
    return retarget(focused, root);
  };

  // --- the window's named properties (HTML "named access on the Window object"): element ids (and
  // embed/form/img/object names), live, for names no real property has ---
  const namedProperty = (key) => {
    if (typeof key !== "string" || key === "") return undefined;
    const found = native.namedElements(key);
    if (found.length === 0) return undefined;
    if (found.length === 1) return found[0];
    return listProxy(HTMLCollection, { length: () => found.length, item: (index) => found[index] });
  };
  // One accessor per name on the global (its prototype is immutable here), defined when the name appears
  // and no real property has it; it answers live and removes itself when no element answers any more.
  const namedNames = new Set();
  const namedAppeared = (key) => {
    if (namedNames.has(key) || Object.prototype.hasOwnProperty.call(globalThis, key) || key in Object.prototype) return;
    namedNames.add(key);
    Object.defineProperty(globalThis, key, {
      get() {
        const value = namedProperty(key);
        if (value === undefined && namedNames.delete(key)) delete globalThis[key];
        return value;
      },
      set(value) {
        namedNames.delete(key);
        Object.defineProperty(globalThis, key, { value, writable: true, enumerable: true, configurable: true });
      },
      enumerable: false, configurable: true,
    });
  };

  return {
    shared,
    // The window's document is no longer fully active (its iframe was removed or navigated away).
    discard() {
      ownRealm.active = false;
      shared.windows.delete(ownRealm);
    },
    fire,
    // An event the platform fires (a worker's message): `isTrusted` is true.
    dispatchTrusted(target, event) { state(event).trusted = true; return dispatch(target, event); },
    createEvent,
    liveList,
    staticList,
    queueMutationDelivery,
    // After the Swift side defined the node classes: what dom.js adds to their prototypes.
    afterClasses() {
      for (const name of ["HTMLElement", "Document", "SVGElement"]) defineHandlers(globalThis[name].prototype, handlerNames);
      for (const name of ["HTMLAnchorElement", "HTMLAreaElement"]) defineHyperlinkUtils(globalThis[name].prototype);
      // Node.baseURI: its node document's (a Document has its own getter, over <base href>).
      const documentBaseURI = Object.getOwnPropertyDescriptor(globalThis.Document.prototype, "baseURI").get;
      Object.defineProperty(globalThis.Node.prototype, "baseURI", {
        get() {
          if (!isNode(this)) throw new TypeError("Illegal invocation");
          return documentBaseURI.call(this.ownerDocument ?? this);
        },
        enumerable: true, configurable: true,
      });
      define(globalThis.HTMLElement.prototype, "click", click);
      define(globalThis.HTMLElement.prototype, "focus", focus);
      define(globalThis.HTMLElement.prototype, "blur", blur);
      Object.defineProperty(globalThis.Document.prototype, "activeElement", {
        get() {
          if (!(this instanceof globalThis.Document)) throw new TypeError("Illegal invocation");
          return (this === globalThis.document ? activeElementIn(this) : null) ?? this.body ?? this.documentElement ?? null;
        },
        enumerable: true, configurable: true,
      });
      Object.defineProperty(globalThis.ShadowRoot.prototype, "activeElement", {
        get() {
          if (!isShadowRoot(this)) throw new TypeError("Illegal invocation");
          return activeElementIn(this);
        },
        enumerable: true, configurable: true,
      });

      // document.implementation: one DOMImplementation per document, its factories in Swift.
      const implementations = new WeakMap();
      Object.defineProperty(globalThis.Document.prototype, "implementation", {
        get() {
          if (!(this instanceof globalThis.Document)) throw new TypeError("Illegal invocation");
          let implementation = implementations.get(this);
          if (!implementation) {
            implementation = Object.create(DOMImplementation.prototype);
            implementationDocuments.set(implementation, this);
            implementations.set(this, implementation);
          }
          return implementation;
        },
        enumerable: true, configurable: true,
      });
      // Document members that reflect the root's `dir` and the body's legacy color attributes.
      const documentPrototype = globalThis.Document.prototype;
      Object.defineProperty(documentPrototype, "dir", {
        get() { const root = this.documentElement; return root instanceof globalThis.HTMLHtmlElement ? root.dir : ""; },
        set(value) { const root = this.documentElement; if (root instanceof globalThis.HTMLHtmlElement) root.dir = value; },
        enumerable: true, configurable: true,
      });
      for (const [name, attribute] of [["fgColor", "text"], ["linkColor", "link"], ["vlinkColor", "vlink"], ["alinkColor", "alink"], ["bgColor", "bgcolor"]]) {
        Object.defineProperty(documentPrototype, name, {
          get() { const body = this.body; return body instanceof globalThis.HTMLBodyElement ? body.getAttribute(attribute) ?? "" : ""; },
          set(value) { const body = this.body; if (body instanceof globalThis.HTMLBodyElement) body.setAttribute(attribute, value === null ? "" : String(value)); },
          enumerable: true, configurable: true,
        });
      }
    },
    namedAppeared,
    classList: (element) => tokenList(element, "class"),
    tokenList,
    reportError,
    dataset,
    style,
  };
})
