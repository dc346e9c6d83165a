// Element behaviours a page calls that have no markup of their own (DOMBindings.swift evaluates this after
// the node classes exist; focus is dom.js's, with the events' retargeting): text selection in text controls, dialogs,
// form submission and reset, media that never plays, a canvas whose 2D context draws nothing (Chromium's
// --dump-dom keeps no pixels either), and the named constructors Image, Audio and Option. Returns nothing.
(function (native) {
  "use strict";
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const getter = (target, name, get, set) =>
    Object.defineProperty(target, name, { get, set, configurable: true, enumerable: true });
  const method = (target, name, fn) => define(target, name, { [name]: fn }[name]);
  const domException = (message, name) => new globalThis.DOMException(message, name);
  const task = (callback) => setTimeout(callback, 0);
  const g = globalThis;

  // --- selection in text controls: offsets into the value, kept per element ---
  const selections = new WeakMap();
  const selectable = (element) => element instanceof g.HTMLTextAreaElement
    || ["text", "search", "url", "tel", "password"].includes(element.type);
  const selectionOf = (element) => {
    const length = element.value.length;
    const s = selections.get(element) ?? { start: 0, end: 0, direction: "none" };
    return { start: Math.min(s.start, length), end: Math.min(s.end, length), direction: s.direction };
  };
  const requireSelectable = (element, what) => {
    if (!selectable(element)) throw domException(`Failed to ${what}: The input element's type ('${element.type}') does not support selection.`, "InvalidStateError");
  };
  const offset = (value) => Math.max(0, Math.min(Number(value) >>> 0, 2 ** 32 - 1));
  const setSelection = (element, start, end, direction) => {
    const length = element.value.length;
    const e = Math.min(offset(end), length);
    selections.set(element, {
      start: Math.min(offset(start), e), end: e,
      direction: direction === "forward" || direction === "backward" ? direction : "none",
    });
  };
  // Setting the value moves the cursor to its end (HTML standard's value setter), as a user would see it.
  const value = Object.getOwnPropertyDescriptor(g.HTMLElement.prototype, "value");
  for (const cls of [g.HTMLInputElement, g.HTMLTextAreaElement]) {
    const proto = cls.prototype;
    if (value && value.set) {
      getter(proto, "value", function () { return value.get.call(this); }, function (text) {
        value.set.call(this, text);
        if (selectable(this)) {
          const length = value.get.call(this).length;
          selections.set(this, { start: length, end: length, direction: "none" });
        }
      });
    }
    for (const [name, key] of [["selectionStart", "start"], ["selectionEnd", "end"], ["selectionDirection", "direction"]]) {
      getter(proto, name, function () { return selectable(this) ? selectionOf(this)[key] : null; }, function (value) {
        requireSelectable(this, `set the '${name}' property on '${cls.name}'`);
        const s = selectionOf(this);
        if (key === "start") setSelection(this, value, Math.max(offset(value), s.end), s.direction);
        else if (key === "end") setSelection(this, s.start, value, s.direction);
        else setSelection(this, s.start, s.end, String(value));
      });
    }
    method(proto, "setSelectionRange", function (start, end, direction = undefined) {
      requireSelectable(this, `execute 'setSelectionRange' on '${cls.name}'`);
      setSelection(this, start, end, direction);
    });
    method(proto, "select", function () {
      if (!selectable(this)) return;
      setSelection(this, 0, this.value.length, "none");
      task(() => native.dispatchTrusted(this, new g.Event("select", { bubbles: true })));
    });
    // setRangeText (HTML standard): replace a range of the value, then place the selection by selectMode.
    method(proto, "setRangeText", function (replacement, start = undefined, end = undefined, selectMode = "preserve") {
      requireSelectable(this, `execute 'setRangeText' on '${cls.name}'`);
      const s = selectionOf(this);
      const from = start === undefined ? s.start : Math.min(offset(start), this.value.length);
      const to = start === undefined ? s.end : Math.min(offset(end), this.value.length);
      if (from > to) throw domException(`Failed to execute 'setRangeText' on '${cls.name}': The provided start value (${from}) is larger than the provided end value (${to}).`, "IndexSizeError");
      const text = String(replacement);
      this.value = this.value.slice(0, from) + text + this.value.slice(to);
      const newEnd = from + text.length;
      let { start: a, end: b } = s;
      if (selectMode === "select") { a = from; b = newEnd; }
      else if (selectMode === "start") { a = b = from; }
      else if (selectMode === "end") { a = b = newEnd; }
      else {
        const delta = text.length - (to - from);
        if (a > to) a += delta; else if (a > from) a = from;
        if (b > to) b += delta; else if (b > from) b = newEnd;
      }
      setSelection(this, a, b, s.direction);
    });
  }

  // --- dialogs ---
  const returnValues = new WeakMap();
  const Dialog = g.HTMLDialogElement.prototype;
  getter(Dialog, "returnValue", function () { return returnValues.get(this) ?? ""; }, function (value) { returnValues.set(this, String(value)); });
  method(Dialog, "show", function () { if (!this.open) this.open = true; });
  method(Dialog, "showModal", function () {
    if (this.open) return;
    if (!this.isConnected) throw domException("Failed to execute 'showModal' on 'HTMLDialogElement': The element is not in a Document.", "InvalidStateError");
    this.open = true;
  });
  method(Dialog, "close", function (result = undefined) {
    if (!this.open) return;
    this.open = false;
    if (result !== undefined) returnValues.set(this, String(result));
    task(() => native.dispatchTrusted(this, new g.Event("close")));
  });
  method(Dialog, "requestClose", function (result = undefined) {
    if (!this.open) return;
    if (native.dispatchTrusted(this, new g.Event("cancel", { cancelable: true }))) this.close(result);
  });

  // --- details: whenever its `open` attribute appears or goes (setAttribute, the `open` property, a summary's
  // click), `toggle` fires in a task; changes close together give one event from the first old state to the
  // last new one (the standard's details toggle task tracker). Called by DOMBindings from inside the DOM
  // change, so it uses the timers as they were at load, never a page's replacement. ---
  const pendingToggles = new WeakMap();
  const setTimer = g.setTimeout, clearTimer = g.clearTimeout;
  native.detailsOpenChanged = (details, isOpen) => {
    const pending = pendingToggles.get(details);
    const oldState = pending ? pending.oldState : (isOpen ? "closed" : "open");
    if (pending) clearTimer(pending.timer);
    const newState = isOpen ? "open" : "closed";
    const timer = setTimer(() => {
      pendingToggles.delete(details);
      native.dispatchTrusted(details, new g.ToggleEvent("toggle", { oldState, newState }));
    }, 0);
    pendingToggles.set(details, { oldState, timer });
  };

  // --- forms: a pre-render never navigates, so a submission fires `submit` and goes no further ---
  const Form = g.HTMLFormElement.prototype;
  const isSubmitButton = (element) => (element instanceof g.HTMLButtonElement && element.type === "submit")
    || (element instanceof g.HTMLInputElement && (element.type === "submit" || element.type === "image"));
  // Form owners (HTML standard): the `form` attribute's element when it names a form, else the nearest
  // ancestor form. `elements` is the form's listed controls, in tree order.
  const listed = "button, fieldset, input, object, output, select, textarea";
  const formOwner = (element) => {
    if (element.hasAttribute("form")) {
      const owner = element.isConnected ? element.ownerDocument.getElementById(element.getAttribute("form")) : null;
      return owner instanceof g.HTMLFormElement ? owner : null;
    }
    return element.parentElement?.closest("form") ?? null;
  };
  for (const cls of [g.HTMLInputElement, g.HTMLSelectElement, g.HTMLTextAreaElement, g.HTMLButtonElement, g.HTMLFieldSetElement, g.HTMLOutputElement, g.HTMLObjectElement]) {
    if (cls && !("form" in cls.prototype)) getter(cls.prototype, "form", function () { return formOwner(this); });
  }
  if (!("elements" in Form)) {
    getter(Form, "elements", function () {
      let root = this;
      while (root.parentNode) root = root.parentNode;
      return [...root.querySelectorAll(listed)].filter((control) => formOwner(control) === this);
    });
  }
  if (!("defaultValue" in g.HTMLTextAreaElement.prototype)) {
    getter(g.HTMLTextAreaElement.prototype, "defaultValue", function () { return this.textContent; }, function (value) { this.textContent = String(value); });
  }
  method(Form, "submit", function () {});
  method(Form, "requestSubmit", function (submitter = null) {
    if (submitter !== null) {
      if (!isSubmitButton(submitter)) throw new TypeError("Failed to execute 'requestSubmit' on 'HTMLFormElement': The specified element is not a submit button.");
      if (submitter.form !== this) throw domException("Failed to execute 'requestSubmit' on 'HTMLFormElement': The specified element is not owned by this form element.", "NotFoundError");
    }
    if (!this.isConnected) return;
    native.dispatchTrusted(this, new g.SubmitEvent("submit", { bubbles: true, cancelable: true, submitter }));
  });
  method(Form, "reset", function () {
    if (!native.dispatchTrusted(this, new g.Event("reset", { bubbles: true, cancelable: true }))) return;
    for (const control of this.elements) {
      if (control instanceof g.HTMLInputElement) {
        control.value = control.defaultValue;
        control.checked = control.defaultChecked;
      } else if (control instanceof g.HTMLTextAreaElement) {
        control.value = control.defaultValue;
      } else if (control instanceof g.HTMLSelectElement) {
        for (const option of control.querySelectorAll("option")) option.selected = option.defaultSelected;
      }
    }
  });
  // Constraint validation answers what the `:invalid` selector (FormValidity.swift) already decides, so
  // the two never disagree; a form is valid when none of its controls is invalid.
  const valid = (element) => element instanceof g.HTMLFormElement
    ? !element.elements.some((control) => control.matches(":invalid"))
    : !element.matches(":invalid");
  for (const cls of [g.HTMLFormElement, g.HTMLInputElement, g.HTMLSelectElement, g.HTMLTextAreaElement, g.HTMLButtonElement, g.HTMLFieldSetElement, g.HTMLOutputElement, g.HTMLObjectElement]) {
    if (!cls) continue;
    for (const name of ["checkValidity", "reportValidity"]) {
      if (!(name in cls.prototype)) method(cls.prototype, name, function () { return valid(this); });
    }
    if (!("setCustomValidity" in cls.prototype)) method(cls.prototype, "setCustomValidity", function () {});
  }

  // --- media: nothing is ever fetched or decoded, so nothing plays ---
  const volumes = new WeakMap();
  for (const cls of [g.HTMLAudioElement, g.HTMLVideoElement]) {
    const proto = cls.prototype;
    method(proto, "play", function () {
      return Promise.reject(domException("The element has no supported sources.", "NotSupportedError"));
    });
    method(proto, "pause", function () {});
    method(proto, "load", function () {});
    method(proto, "canPlayType", function () { return ""; });
    for (const [name, value] of [["paused", true], ["ended", false], ["duration", NaN], ["readyState", 0], ["networkState", 0], ["seeking", false]]) {
      getter(proto, name, () => value);
    }
    for (const [name, fallback] of [["currentTime", 0], ["volume", 1], ["playbackRate", 1], ["defaultPlaybackRate", 1], ["muted", false]]) {
      getter(proto, name, function () { return volumes.get(this)?.[name] ?? fallback; }, function (value) {
        const state = volumes.get(this) ?? {};
        state[name] = typeof fallback === "boolean" ? Boolean(value) : Number(value);
        volumes.set(this, state);
      });
    }
  }

  // --- canvas: a 2D context that accepts every call and draws nothing; no WebGL ---
  const imageDataState = new WeakMap();
  const dimension = (value, what) => {
    const n = Number(value) >>> 0;
    if (n === 0) throw domException(`Failed to ${what}: The source ${what.includes("width") ? "width" : "height"} is zero or not a number.`, "IndexSizeError");
    return n;
  };
  class ImageData {
    constructor(a, b, c = undefined) {
      let data, width, height;
      if (a instanceof Uint8ClampedArray) {
        data = a;
        width = dimension(b, "construct 'ImageData': width");
        height = c === undefined ? data.length / 4 / width : dimension(c, "construct 'ImageData': height");
        if (data.length !== width * height * 4) throw domException("Failed to construct 'ImageData': The input data length is not equal to (4 * width * height).", "IndexSizeError");
      } else {
        width = dimension(a, "construct 'ImageData': width");
        height = dimension(b, "construct 'ImageData': height");
        // A page's numbers must not make the host allocate without bound.
        if (width * height > 2 ** 26) throw new RangeError("Failed to construct 'ImageData': Out of memory at ImageData creation.");
        data = new Uint8ClampedArray(width * height * 4);
      }
      imageDataState.set(this, { data, width, height });
    }
    get data() { return imageDataState.get(this).data; }
    get width() { return imageDataState.get(this).width; }
    get height() { return imageDataState.get(this).height; }
    get colorSpace() { return "srgb"; }
  }
  define(g, "ImageData", ImageData);
  class CanvasGradient { addColorStop() {} }
  class CanvasPattern { setTransform() {} }
  class TextMetrics {}
  const pathMethods = ["closePath", "moveTo", "lineTo", "bezierCurveTo", "quadraticCurveTo", "arc", "arcTo", "ellipse", "rect", "roundRect"];
  class Path2D { addPath() {} }
  for (const name of pathMethods) method(Path2D.prototype, name, function () {});
  define(g, "Path2D", Path2D);
  const contexts = new WeakMap();
  const canvasOf = new WeakMap();
  const drawingState = () => ({
    fillStyle: "#000000", strokeStyle: "#000000", lineWidth: 1, lineCap: "butt", lineJoin: "miter", miterLimit: 10,
    lineDashOffset: 0, font: "10px sans-serif", textAlign: "start", textBaseline: "alphabetic", direction: "inherit",
    globalAlpha: 1, globalCompositeOperation: "source-over", shadowBlur: 0, shadowColor: "rgba(0, 0, 0, 0)",
    shadowOffsetX: 0, shadowOffsetY: 0, imageSmoothingEnabled: true, imageSmoothingQuality: "low", filter: "none",
    letterSpacing: "0px", wordSpacing: "0px", fontKerning: "auto", textRendering: "auto",
  });
  class CanvasRenderingContext2D {
    get canvas() { return canvasOf.get(this); }
    getContextAttributes() { return { alpha: true, colorSpace: "srgb", desynchronized: false, willReadFrequently: false }; }
    measureText(text) {
      // No fonts: half the font's size per character, the usual average advance.
      const size = Number.parseFloat(/(\d+(?:\.\d+)?)px/.exec(this.font)?.[1] ?? "10");
      const metrics = new TextMetrics();
      const width = String(text).length * size / 2;
      Object.assign(metrics, {
        width, actualBoundingBoxLeft: 0, actualBoundingBoxRight: width, actualBoundingBoxAscent: size * 0.8,
        actualBoundingBoxDescent: size * 0.2, fontBoundingBoxAscent: size * 0.8, fontBoundingBoxDescent: size * 0.2,
      });
      return metrics;
    }
    createImageData(a, b) { return a instanceof ImageData ? new ImageData(a.width, a.height) : new ImageData(a, b); }
    getImageData(x, y, width, height) { return new ImageData(width, height); }
    createLinearGradient() { return new CanvasGradient(); }
    createRadialGradient() { return new CanvasGradient(); }
    createConicGradient() { return new CanvasGradient(); }
    createPattern() { return new CanvasPattern(); }
    getLineDash() { return []; }
    getTransform() { return { a: 1, b: 0, c: 0, d: 1, e: 0, f: 0, is2D: true, isIdentity: true }; }
    isPointInPath() { return false; }
    isPointInStroke() { return false; }
    isContextLost() { return false; }
  }
  for (const name of [...pathMethods, "save", "restore", "reset", "scale", "rotate", "translate", "transform", "setTransform",
    "resetTransform", "clearRect", "fillRect", "strokeRect", "beginPath", "fill", "stroke", "clip", "fillText", "strokeText",
    "drawImage", "putImageData", "setLineDash", "drawFocusIfNeeded"]) {
    method(CanvasRenderingContext2D.prototype, name, function () {});
  }
  for (const name of Object.keys(drawingState())) {
    getter(CanvasRenderingContext2D.prototype, name, function () { return contexts.get(this)[name]; }, function (value) {
      const state = contexts.get(this);
      state[name] = typeof state[name] === "number" ? Number(value) : typeof state[name] === "boolean" ? Boolean(value) : String(value);
    });
  }
  for (const cls of [CanvasRenderingContext2D, CanvasGradient, CanvasPattern, TextMetrics]) define(g, cls.name, cls);
  const Canvas = g.HTMLCanvasElement.prototype;
  const canvasContexts = new WeakMap();
  method(Canvas, "getContext", function (type) {
    if (String(type) !== "2d") return null;
    let context = canvasContexts.get(this);
    if (!context) {
      context = new CanvasRenderingContext2D();
      contexts.set(context, drawingState());
      canvasOf.set(context, this);
      canvasContexts.set(this, context);
    }
    return context;
  });
  method(Canvas, "toDataURL", function () { return "data:,"; });
  method(Canvas, "toBlob", function (callback) {
    if (typeof callback !== "function") throw new TypeError("Failed to execute 'toBlob' on 'HTMLCanvasElement': The callback provided as parameter 1 is not a function.");
    task(() => callback(null));
  });

  // --- named constructors (HTML standard) ---
  const named = (name, prototype, build) => {
    const constructor = { [name]: function (...args) {
      if (new.target === undefined) throw new TypeError(`Failed to construct '${name}': Please use the 'new' operator, this DOM object constructor cannot be called as a function.`);
      return build(...args);
    } }[name];
    Object.defineProperty(constructor, "prototype", { value: prototype, writable: false });
    define(g, name, constructor);
  };
  named("Image", g.HTMLImageElement.prototype, (width = undefined, height = undefined) => {
    const image = document.createElement("img");
    if (width !== undefined) image.width = width;
    if (height !== undefined) image.height = height;
    return image;
  });
  named("Audio", g.HTMLAudioElement.prototype, (src = undefined) => {
    const audio = document.createElement("audio");
    audio.setAttribute("preload", "auto");
    if (src !== undefined) audio.setAttribute("src", String(src));
    return audio;
  });
  named("Option", g.HTMLOptionElement.prototype, (text = "", value = undefined, defaultSelected = false, selected = false) => {
    const option = document.createElement("option");
    if (String(text) !== "") option.append(String(text));
    if (value !== undefined) option.setAttribute("value", String(value));
    if (defaultSelected) option.setAttribute("selected", "");
    option.selected = Boolean(selected);
    return option;
  });
})
