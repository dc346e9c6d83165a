// Custom elements (HTML standard §4.13): `customElements` (CustomElementRegistry), the [HTMLConstructor]
// element interfaces (`class X extends HTMLElement`, `new X()`), upgrades, and the custom element
// reactions (connected, disconnected, adopted, attributeChanged) with their element queues. The DOM's half
// is Swift's (CustomElements.swift): each element's state and `is` value, and the notices of each change,
// which DOMBindingsCustomElements.swift hands to `flush` once the DOM operation a script called is over.
// Evaluated once per window; returns { flush }.
(function (native) {
  "use strict";
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const domString = (value) => `${value}`;  // WebIDL DOMString (a Symbol throws)
  const isObject = (value) => value !== null && (typeof value === "object" || typeof value === "function");
  const windowDocument = () => globalThis.document;
  const reportError = globalThis.reportError;  // the window's, whatever the page assigns later
  const report = (error) => reportError(error);
  const hostCreateElement = Document.prototype.createElement;
  const hostCreateElementNS = Document.prototype.createElementNS;
  const htmlNamespace = "http://www.w3.org/1999/xhtml";

  // --- definitions ---
  const byName = new Map();
  const byConstructor = new Map();
  const whenDefinedPromises = new Map();  // name -> { promise, resolve }
  const definitionOf = new WeakMap();  // element -> its definition
  const alreadyConstructed = Symbol("already constructed");
  let elementDefinitionIsRunning = false;
  let activated = false;

  // "Look up a custom element definition" for this window's document.
  const lookUp = (document, localName, is) => {
    if (document !== windowDocument()) return null;
    const byNameDefinition = byName.get(localName);
    if (byNameDefinition && byNameDefinition.localName === localName) return byNameDefinition;
    const byIs = is === null ? undefined : byName.get(is);
    if (byIs && byIs.localName === localName) return byIs;
    return null;
  };

  // --- reactions: each element's queue, and the stack of element queues ([CEReactions]) ---
  const reactionQueues = new WeakMap();
  const elementQueues = [];
  let backupQueue = [];
  let backupQueued = false;
  const enqueueElement = (element) => {
    if (elementQueues.length > 0) {
      elementQueues[elementQueues.length - 1].push(element);
      return;
    }
    backupQueue.push(element);
    if (backupQueued) return;
    backupQueued = true;
    queueMicrotask(() => {
      backupQueued = false;
      const queue = backupQueue;
      backupQueue = [];
      invokeReactions(queue);
    });
  };
  const enqueueReaction = (element, reaction) => {
    let queue = reactionQueues.get(element);
    if (!queue) reactionQueues.set(element, (queue = []));
    queue.push(reaction);
    enqueueElement(element);
  };
  const enqueueCallback = (element, name, args) => {
    const definition = definitionOf.get(element);
    const callback = definition?.callbacks[name];
    if (callback === undefined) return;
    if (name === "attributeChangedCallback" && !definition.observedAttributes.has(args[0])) return;
    enqueueReaction(element, { callback, args });
  };
  const invokeReactions = (queue) => {
    for (const element of queue) {
      const reactions = reactionQueues.get(element);
      while (reactions && reactions.length > 0) {
        const reaction = reactions.shift();
        try {
          if (reaction.upgrade) upgrade(reaction.upgrade, element);
          else Reflect.apply(reaction.callback, element, reaction.args);
        } catch (error) {
          report(error);
        }
      }
    }
  };
  const withReactions = (body) => {
    elementQueues.push([]);
    try {
      return body();
    } finally {
      invokeReactions(elementQueues.pop());
    }
  };

  // "Upgrade an element": its constructor runs with the element on the construction stack, so the
  // [HTMLConstructor] returns it instead of a new one.
  const upgrade = (definition, element) => {
    const [state] = native.ceInfo(element);
    if (state !== "undefined" && state !== "uncustomized") return;
    definitionOf.set(element, definition);
    native.ceSetState(element, "failed");
    for (const [localName, value, namespace] of native.ceAttributes(element)) {
      enqueueCallback(element, "attributeChangedCallback", [localName, null, value, namespace]);
    }
    if (element.isConnected) enqueueCallback(element, "connectedCallback", []);
    definition.constructionStack.push(element);
    try {
      native.ceSetState(element, "precustomized");
      const result = Reflect.construct(definition.constructor, []);
      if (result !== element) {
        throw new TypeError("Failed to construct '" + definition.name + "': The result must be the element being upgraded.");
      }
    } catch (error) {
      native.ceSetState(element, "failed");
      definitionOf.delete(element);
      const reactions = reactionQueues.get(element);
      if (reactions) reactions.length = 0;
      throw error;
    } finally {
      definition.constructionStack.pop();
    }
    native.ceSetState(element, "custom");
  };

  // "Try to upgrade an element" (it became connected, or `upgrade()` was called).
  const tryUpgrade = (element) => {
    const info = native.ceInfo(element);
    if (!info || !info[3]) return;
    const definition = lookUp(element.ownerDocument, info[1], info[2]);
    if (definition) enqueueReaction(element, { upgrade: definition });
  };

  // --- [HTMLConstructor]: HTMLElement and every HTML element interface ---
  const interfaces = new Map();  // interface name -> the constructor scripts see
  const htmlConstruct = (newTarget, active) => {
    if (newTarget === undefined) {
      throw new TypeError(`Failed to construct '${active.name}': Please use the 'new' operator, this DOM object constructor cannot be called as a function.`);
    }
    const definition = byConstructor.get(newTarget);
    if (newTarget === active || !definition) throw new TypeError("Illegal constructor");
    const expected = definition.localName === definition.name ? "HTMLElement" : native.ceInterface(definition.localName);
    if (interfaces.get(expected) !== active) throw new TypeError("Illegal constructor");
    let prototype = newTarget.prototype;
    if (!isObject(prototype)) prototype = active.prototype;
    const stack = definition.constructionStack;
    if (stack.length === 0) {
      const element = Reflect.apply(hostCreateElement, windowDocument(), [definition.localName]);
      Object.setPrototypeOf(element, prototype);
      native.ceSetState(element, "custom");
      if (definition.localName !== definition.name) native.ceSetIs(element, definition.name);
      definitionOf.set(element, definition);
      return element;
    }
    const element = stack[stack.length - 1];
    if (element === alreadyConstructed) {
      throw new TypeError(`Failed to construct '${definition.name}': This instance is already constructed.`);
    }
    Object.setPrototypeOf(element, prototype);
    stack[stack.length - 1] = alreadyConstructed;
    return element;
  };
  const HostHTMLElement = globalThis.HTMLElement;
  const replaceInterface = (name, host) => {
    const constructor = {
      [name]: function () { return htmlConstruct(new.target, constructor); },
    }[name];
    Object.defineProperty(constructor, "prototype", { value: host.prototype, writable: false, enumerable: false, configurable: false });
    define(host.prototype, "constructor", constructor);
    define(globalThis, name, constructor);
    interfaces.set(name, constructor);
  };
  replaceInterface("HTMLElement", HostHTMLElement);
  Object.setPrototypeOf(interfaces.get("HTMLElement"), globalThis.Element);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (name === "HTMLElement" || !/^HTML\w*Element$/.test(name)) continue;
    const host = Object.getOwnPropertyDescriptor(globalThis, name).value;
    if (typeof host !== "function" || !isObject(host.prototype)) continue;
    if (!HostHTMLElement.prototype.isPrototypeOf(host.prototype)) continue;
    replaceInterface(name, host);
    Object.setPrototypeOf(interfaces.get(name), interfaces.get("HTMLElement"));
  }

  // --- createElement / createElementNS: a defined name is constructed at once ---
  const created = (document, element, options) => {
    let is = null;
    if (isObject(options) && options.is !== undefined) is = domString(options.is);
    const info = native.ceInfo(element);
    if (!info || !info[3]) return element;
    const definition = lookUp(document, info[1], is);
    if (!definition) {
      if (is !== null) {
        native.ceSetIs(element, is);
        native.ceSetState(element, "undefined");
      }
      return element;
    }
    if (definition.name === definition.localName) {
      try {
        const result = Reflect.construct(definition.constructor, []);
        const resultInfo = native.ceInfo(result);
        if (!resultInfo || !resultInfo[3] || !(result instanceof HostHTMLElement)) {
          throw new TypeError(`Failed to execute 'createElement' on 'Document': The result of constructing '${definition.name}' is not an HTMLElement.`);
        }
        const problem = native.ceCheckConstructed(result, document, info[1]);
        if (problem) throw new DOMException(`Failed to execute 'createElement' on 'Document': ${problem}`, "NotSupportedError");
        return result;
      } catch (error) {
        report(error);
        native.ceSetState(element, "failed");
        return element;
      }
    }
    native.ceSetIs(element, definition.name);
    native.ceSetState(element, "undefined");
    try {
      upgrade(definition, element);
    } catch (error) {
      report(error);
    }
    return element;
  };
  // Until a name is defined and without an `is`, they are the DOM's own (a Go UI creates many elements).
  define(Document.prototype, "createElement", function createElement(localName) {
    const options = arguments[1];
    if (!activated && !isObject(options)) return Reflect.apply(hostCreateElement, this, arguments);
    return withReactions(() => created(this, Reflect.apply(hostCreateElement, this, arguments), options));
  });
  define(Document.prototype, "createElementNS", function createElementNS(namespace, qualifiedName) {
    const options = arguments[2];
    if (!activated && !isObject(options)) return Reflect.apply(hostCreateElementNS, this, arguments);
    return withReactions(() => {
      const element = Reflect.apply(hostCreateElementNS, this, arguments);
      return namespace === htmlNamespace ? created(this, element, options) : element;
    });
  });

  // --- the registry ---
  const registry = Object.create(null);
  const checkRegistry = (value, what) => {
    if (value !== registry) throw new TypeError(`Failed to execute '${what}' on 'CustomElementRegistry': Illegal invocation`);
  };
  const isConstructor = (value) => {
    if (typeof value !== "function") return false;
    try {
      Reflect.construct(String, [], value);  // throws only when `value` is no constructor; runs nothing of it
      return true;
    } catch {
      return false;
    }
  };
  const notSupported = (message) => new DOMException(`Failed to execute 'define' on 'CustomElementRegistry': ${message}`, "NotSupportedError");
  const lifecycleCallbacks = ["connectedCallback", "disconnectedCallback", "adoptedCallback", "attributeChangedCallback"];
  const strings = (value, what) => {
    if (!isObject(value) || typeof value[Symbol.iterator] !== "function") {
      throw new TypeError(`Failed to execute 'define' on 'CustomElementRegistry': The ${what} is not iterable.`);
    }
    return Array.from(value, domString);
  };
  class CustomElementRegistry {
    constructor() { throw new TypeError("Illegal constructor"); }
    define(name, constructor, options) {
      checkRegistry(this, "define");
      if (arguments.length < 2) throw new TypeError(`Failed to execute 'define' on 'CustomElementRegistry': 2 arguments required, but only ${arguments.length} present.`);
      name = domString(name);
      if (!isConstructor(constructor)) {
        throw new TypeError("Failed to execute 'define' on 'CustomElementRegistry': The provided value is not a constructor.");
      }
      if (options !== undefined && options !== null && !isObject(options)) {
        throw new TypeError("Failed to execute 'define' on 'CustomElementRegistry': The provided value is not of type 'ElementDefinitionOptions'.");
      }
      const extendsName = options?.extends === undefined ? null : domString(options.extends);
      if (!native.ceValidName(name)) {
        throw new DOMException(`Failed to execute 'define' on 'CustomElementRegistry': "${name}" is not a valid custom element name`, "SyntaxError");
      }
      if (byName.has(name)) throw notSupported(`the name "${name}" has already been used with this registry`);
      if (byConstructor.has(constructor)) throw notSupported("this constructor has already been used with this registry");
      let localName = name;
      if (extendsName !== null) {
        if (native.ceValidName(extendsName)) throw notSupported(`"${extendsName}" is a valid custom element name`);
        if (native.ceInterface(extendsName) === "HTMLUnknownElement") throw notSupported(`"${extendsName}" is an HTMLUnknownElement`);
        localName = extendsName;
      }
      if (elementDefinitionIsRunning) throw notSupported("this registry is already defining an element");
      elementDefinitionIsRunning = true;
      const callbacks = Object.create(null);
      let observedAttributes = [];
      let formAssociated = false;
      try {
        const prototype = constructor.prototype;
        if (!isObject(prototype)) throw new TypeError("Failed to execute 'define' on 'CustomElementRegistry': The prototype of the constructor is not an object.");
        for (const callbackName of lifecycleCallbacks) {
          const value = prototype[callbackName];
          if (value === undefined) continue;
          if (typeof value !== "function") throw new TypeError(`Failed to execute 'define' on 'CustomElementRegistry': The '${callbackName}' property of the prototype is not a function.`);
          callbacks[callbackName] = value;
        }
        if (callbacks.attributeChangedCallback !== undefined) {
          const observed = constructor.observedAttributes;
          if (observed !== undefined) observedAttributes = strings(observed, "observedAttributes");
        }
        const disabled = constructor.disabledFeatures;
        if (disabled !== undefined) strings(disabled, "disabledFeatures");
        formAssociated = Boolean(constructor.formAssociated);
        if (formAssociated) {
          for (const callbackName of ["formAssociatedCallback", "formResetCallback", "formDisabledCallback", "formStateRestoreCallback"]) {
            const value = prototype[callbackName];
            if (value !== undefined && typeof value !== "function") throw new TypeError(`Failed to execute 'define' on 'CustomElementRegistry': The '${callbackName}' property of the prototype is not a function.`);
          }
        }
      } finally {
        elementDefinitionIsRunning = false;
      }
      const definition = {
        name, localName, constructor, callbacks, formAssociated,
        observedAttributes: new Set(observedAttributes), constructionStack: [],
      };
      byName.set(name, definition);
      byConstructor.set(constructor, definition);
      if (!activated) {
        activated = true;
        native.ceActivate();
      }
      withReactions(() => {
        // The document's elements of that name (and, for a customized built-in, that `is` value).
        for (const element of native.ceElements(windowDocument(), localName)) {
          if (localName === name || native.ceInfo(element)[2] === name) enqueueReaction(element, { upgrade: definition });
        }
      });
      const pending = whenDefinedPromises.get(name);
      if (pending) {
        pending.resolve(constructor);
        whenDefinedPromises.delete(name);
      }
    }
    get(name) {
      checkRegistry(this, "get");
      return byName.get(domString(name))?.constructor;
    }
    getName(constructor) {
      checkRegistry(this, "getName");
      return byConstructor.get(constructor)?.name ?? null;
    }
    whenDefined(name) {
      try {
        checkRegistry(this, "whenDefined");
        name = domString(name);
      } catch (error) {
        return Promise.reject(error);
      }
      if (!native.ceValidName(name)) {
        return Promise.reject(new DOMException(`Failed to execute 'whenDefined' on 'CustomElementRegistry': "${name}" is not a valid custom element name`, "SyntaxError"));
      }
      const definition = byName.get(name);
      if (definition) return Promise.resolve(definition.constructor);
      let pending = whenDefinedPromises.get(name);
      if (!pending) {
        let resolve;
        const promise = new Promise((settle) => { resolve = settle; });
        whenDefinedPromises.set(name, (pending = { promise, resolve }));
      }
      return pending.promise;
    }
    upgrade(root) {
      checkRegistry(this, "upgrade");
      if (!(root instanceof globalThis.Node)) {
        throw new TypeError("Failed to execute 'upgrade' on 'CustomElementRegistry': parameter 1 is not of type 'Node'.");
      }
      withReactions(() => {
        for (const element of native.ceElements(root, null)) tryUpgrade(element);
      });
    }
  }
  Object.defineProperty(CustomElementRegistry.prototype, Symbol.toStringTag, { value: "CustomElementRegistry", configurable: true });
  Object.setPrototypeOf(registry, CustomElementRegistry.prototype);
  define(globalThis, "CustomElementRegistry", CustomElementRegistry);
  Object.defineProperty(globalThis, "customElements", {
    get: Object.getOwnPropertyDescriptor({ get customElements() { return registry; } }, "customElements").get,
    enumerable: true, configurable: true,
  });

  return {
    // The DOM's notices since the last reactions: [kind, element, ...] each.
    flush(records) {
      withReactions(() => {
        for (const [kind, element, a, b, c, d] of records) {
          switch (kind) {
            case "connected":
              if (native.ceInfo(element)?.[0] === "custom") enqueueCallback(element, "connectedCallback", []);
              else tryUpgrade(element);
              break;
            case "created": tryUpgrade(element); break;
            case "disconnected": enqueueCallback(element, "disconnectedCallback", []); break;
            case "adopted": enqueueCallback(element, "adoptedCallback", [a, b]); break;
            case "attribute": enqueueCallback(element, "attributeChangedCallback", [a, b, c, d]); break;
          }
        }
      });
    },
  };
})
