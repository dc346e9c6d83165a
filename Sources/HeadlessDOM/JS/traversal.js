// DOM traversal and ranges in JavaScript over the node tree's own accessors (DOMBindings.swift evaluates
// this after the node classes exist): NodeFilter, TreeWalker and NodeIterator as the DOM standard defines
// them; Range with its boundary points, comparisons, contents and createContextualFragment; and a Selection
// that holds at most one range (a page without a user selects nothing until a script does). Ranges are not
// updated by later mutations of the tree (the standard's live ranges); a script that mutates under a range
// and reads it back sees the boundary it set. Returns nothing.
(function (native) {
  "use strict";
  const g = globalThis;
  const define = (target, name, value) =>
    Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
  const method = (target, name, fn) => define(target, name, { [name]: fn }[name]);
  const domException = (message, name) => new g.DOMException(message, name);
  const requireNode = (value, what) => {
    if (!(value instanceof g.Node)) throw new TypeError(`Failed to execute '${what}': parameter 1 is not of type 'Node'.`);
  };

  // --- NodeFilter ---
  const NodeFilter = {
    FILTER_ACCEPT: 1, FILTER_REJECT: 2, FILTER_SKIP: 3,
    SHOW_ALL: 0xFFFFFFFF, SHOW_ELEMENT: 0x1, SHOW_ATTRIBUTE: 0x2, SHOW_TEXT: 0x4, SHOW_CDATA_SECTION: 0x8,
    SHOW_ENTITY_REFERENCE: 0x10, SHOW_ENTITY: 0x20, SHOW_PROCESSING_INSTRUCTION: 0x40, SHOW_COMMENT: 0x80,
    SHOW_DOCUMENT: 0x100, SHOW_DOCUMENT_TYPE: 0x200, SHOW_DOCUMENT_FRAGMENT: 0x400, SHOW_NOTATION: 0x800,
  };
  define(g, "NodeFilter", NodeFilter);

  // "filter a node" (DOM standard): whatToShow first, then the callback, which may not re-enter.
  const traversers = new WeakMap();
  const stateOf = (self) => {
    const s = traversers.get(self);
    if (!s) throw new TypeError("Illegal invocation");
    return s;
  };
  const filterNode = (s, node) => {
    if (s.active) throw domException("The filter is already running.", "InvalidStateError");
    if (!((1 << (node.nodeType - 1)) & s.whatToShow)) return NodeFilter.FILTER_SKIP;
    if (s.filter === null) return NodeFilter.FILTER_ACCEPT;
    s.active = true;
    try {
      const result = typeof s.filter === "function" ? s.filter.call(undefined, node) : s.filter.acceptNode(node);
      return Number(result) >>> 0 & 0xFFFF;
    } finally {
      s.active = false;
    }
  };
  const traverserState = (root, whatToShow, filter) => ({
    root, whatToShow: Number(whatToShow) >>> 0, filter: filter === undefined ? null : filter, active: false,
  });

  class TreeWalker {
    get root() { return stateOf(this).root; }
    get whatToShow() { return stateOf(this).whatToShow; }
    get filter() { return stateOf(this).filter; }
    get currentNode() { return stateOf(this).current; }
    set currentNode(node) { requireNode(node, "currentNode"); stateOf(this).current = node; }
    parentNode() {
      const s = stateOf(this);
      let node = s.current;
      while (node !== null && node !== s.root) {
        node = node.parentNode;
        if (node !== null && filterNode(s, node) === NodeFilter.FILTER_ACCEPT) return s.current = node;
      }
      return null;
    }
    firstChild() { return traverseChildren(this, "firstChild", "nextSibling"); }
    lastChild() { return traverseChildren(this, "lastChild", "previousSibling"); }
    nextSibling() { return traverseSiblings(this, "nextSibling", "firstChild"); }
    previousSibling() { return traverseSiblings(this, "previousSibling", "lastChild"); }
    previousNode() {
      const s = stateOf(this);
      let node = s.current;
      while (node !== s.root) {
        let sibling = node.previousSibling;
        while (sibling !== null) {
          node = sibling;
          let result = filterNode(s, node);
          while (result !== NodeFilter.FILTER_REJECT && node.hasChildNodes()) {
            node = node.lastChild;
            result = filterNode(s, node);
          }
          if (result === NodeFilter.FILTER_ACCEPT) return s.current = node;
          sibling = node.previousSibling;
        }
        if (node === s.root || node.parentNode === null) return null;
        node = node.parentNode;
        if (filterNode(s, node) === NodeFilter.FILTER_ACCEPT) return s.current = node;
      }
      return null;
    }
    nextNode() {
      const s = stateOf(this);
      let node = s.current;
      let result = NodeFilter.FILTER_ACCEPT;
      for (;;) {
        while (result !== NodeFilter.FILTER_REJECT && node.hasChildNodes()) {
          node = node.firstChild;
          result = filterNode(s, node);
          if (result === NodeFilter.FILTER_ACCEPT) return s.current = node;
        }
        let sibling = null;
        let temporary = node;
        while (temporary !== null) {
          if (temporary === s.root) return null;
          sibling = temporary.nextSibling;
          if (sibling !== null) { node = sibling; break; }
          temporary = temporary.parentNode;
        }
        if (temporary === null) return null;
        result = filterNode(s, node);
        if (result === NodeFilter.FILTER_ACCEPT) return s.current = node;
      }
    }
  }
  const traverseChildren = (walker, first, next) => {
    const s = stateOf(walker);
    let node = s.current[first];
    while (node !== null) {
      const result = filterNode(s, node);
      if (result === NodeFilter.FILTER_ACCEPT) return s.current = node;
      if (result === NodeFilter.FILTER_SKIP && node[first] !== null) { node = node[first]; continue; }
      for (;;) {
        const sibling = node[next];
        if (sibling !== null) { node = sibling; break; }
        const up = node.parentNode;
        if (up === null || up === s.root || up === s.current) return null;
        node = up;
      }
    }
    return null;
  };
  const traverseSiblings = (walker, next, first) => {
    const s = stateOf(walker);
    let node = s.current;
    if (node === s.root) return null;
    for (;;) {
      let sibling = node[next];
      while (sibling !== null) {
        node = sibling;
        const result = filterNode(s, node);
        if (result === NodeFilter.FILTER_ACCEPT) return s.current = node;
        sibling = node[first];
        if (result === NodeFilter.FILTER_REJECT || sibling === null) sibling = node[next];
      }
      node = node.parentNode;
      if (node === null || node === s.root) return null;
      if (filterNode(s, node) === NodeFilter.FILTER_ACCEPT) return null;
    }
  };
  define(g, "TreeWalker", TreeWalker);

  // NodeIterator: a reference node and whether the iterator sits before it.
  class NodeIterator {
    get root() { return stateOf(this).root; }
    get whatToShow() { return stateOf(this).whatToShow; }
    get filter() { return stateOf(this).filter; }
    get referenceNode() { return stateOf(this).reference; }
    get pointerBeforeReferenceNode() { return stateOf(this).before; }
    nextNode() { return iterate(this, true); }
    previousNode() { return iterate(this, false); }
    detach() {}
  }
  const following = (node, root) => {
    if (node.firstChild) return node.firstChild;
    while (node !== null && node !== root) {
      if (node.nextSibling) return node.nextSibling;
      node = node.parentNode;
    }
    return null;
  };
  const preceding = (node, root) => {
    if (node === root) return null;
    let previous = node.previousSibling;
    if (previous === null) return node.parentNode;
    while (previous.lastChild) previous = previous.lastChild;
    return previous;
  };
  const iterate = (iterator, forward) => {
    const s = stateOf(iterator);
    let node = s.reference;
    let before = s.before;
    for (;;) {
      if (forward) {
        if (!before) { node = following(node, s.root); if (node === null) return null; } else before = false;
      } else if (before) {
        node = preceding(node, s.root); if (node === null) return null;
      } else before = true;
      if (filterNode(s, node) === NodeFilter.FILTER_ACCEPT) break;
    }
    s.reference = node;
    s.before = before;
    return node;
  };
  define(g, "NodeIterator", NodeIterator);

  const Document = g.Document.prototype;
  method(Document, "createTreeWalker", function (root, whatToShow = NodeFilter.SHOW_ALL, filter = null) {
    requireNode(root, "createTreeWalker");
    const walker = Object.create(TreeWalker.prototype);
    traversers.set(walker, { ...traverserState(root, whatToShow, filter), current: root });
    return walker;
  });
  method(Document, "createNodeIterator", function (root, whatToShow = NodeFilter.SHOW_ALL, filter = null) {
    requireNode(root, "createNodeIterator");
    const iterator = Object.create(NodeIterator.prototype);
    traversers.set(iterator, { ...traverserState(root, whatToShow, filter), reference: root, before: true });
    return iterator;
  });

  // --- Range ---
  const ranges = new WeakMap();
  const rangeOf = (self) => {
    const r = ranges.get(self);
    if (!r) throw new TypeError("Illegal invocation");
    return r;
  };
  const nodeLength = (node) => {
    if (node.nodeType === 10) return 0;
    if (node.nodeType === 3 || node.nodeType === 4 || node.nodeType === 7 || node.nodeType === 8) return node.data.length;
    return node.childNodes.length;
  };
  const rootOf = (node) => { while (node.parentNode) node = node.parentNode; return node; };
  const indexOf = (node) => { let i = 0; while ((node = node.previousSibling)) i++; return i; };
  const ancestors = (node) => { const list = []; for (; node; node = node.parentNode) list.unshift(node); return list; };
  // The standard's boundary point comparison: -1 before, 0 equal, 1 after.
  const comparePoints = (nodeA, offsetA, nodeB, offsetB) => {
    if (nodeA === nodeB) return Math.sign(offsetA - offsetB);
    const a = ancestors(nodeA), b = ancestors(nodeB);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (i === a.length) return offsetA <= indexOf(b[i]) ? -1 : 1;  // A contains B
    if (i === b.length) return indexOf(a[i]) < offsetB ? -1 : 1;   // B contains A
    return indexOf(a[i]) < indexOf(b[i]) ? -1 : 1;
  };
  const checkPoint = (node, offset, what) => {
    requireNode(node, what);
    if (node.nodeType === 10) throw domException(`Failed to execute '${what}' on 'Range': The node provided is a doctype, which is not a valid boundary point.`, "InvalidNodeTypeError");
    const n = Number(offset) >>> 0;
    if (n > nodeLength(node)) throw domException(`Failed to execute '${what}' on 'Range': There is no child at offset ${n}.`, "IndexSizeError");
    return n;
  };
  class AbstractRange {
    get startContainer() { return rangeOf(this).startNode; }
    get startOffset() { return rangeOf(this).startOffset; }
    get endContainer() { return rangeOf(this).endNode; }
    get endOffset() { return rangeOf(this).endOffset; }
    get collapsed() { const r = rangeOf(this); return r.startNode === r.endNode && r.startOffset === r.endOffset; }
  }
  class Range extends AbstractRange {
    constructor() {
      super();
      ranges.set(this, { startNode: g.document, startOffset: 0, endNode: g.document, endOffset: 0 });
    }
    get commonAncestorContainer() {
      const r = rangeOf(this);
      const a = ancestors(r.startNode), b = ancestors(r.endNode);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return a[i - 1];
    }
    setStart(node, offset) {
      const n = checkPoint(node, offset, "setStart");
      const r = rangeOf(this);
      r.startNode = node; r.startOffset = n;
      if (rootOf(r.endNode) !== rootOf(node) || comparePoints(node, n, r.endNode, r.endOffset) > 0) { r.endNode = node; r.endOffset = n; }
    }
    setEnd(node, offset) {
      const n = checkPoint(node, offset, "setEnd");
      const r = rangeOf(this);
      r.endNode = node; r.endOffset = n;
      if (rootOf(r.startNode) !== rootOf(node) || comparePoints(node, n, r.startNode, r.startOffset) < 0) { r.startNode = node; r.startOffset = n; }
    }
    setStartBefore(node) { this.setStart(parentOf(node, "setStartBefore"), indexOf(node)); }
    setStartAfter(node) { this.setStart(parentOf(node, "setStartAfter"), indexOf(node) + 1); }
    setEndBefore(node) { this.setEnd(parentOf(node, "setEndBefore"), indexOf(node)); }
    setEndAfter(node) { this.setEnd(parentOf(node, "setEndAfter"), indexOf(node) + 1); }
    collapse(toStart = false) {
      const r = rangeOf(this);
      if (toStart) { r.endNode = r.startNode; r.endOffset = r.startOffset; } else { r.startNode = r.endNode; r.startOffset = r.endOffset; }
    }
    selectNode(node) {
      const parent = parentOf(node, "selectNode");
      const index = indexOf(node);
      Object.assign(rangeOf(this), { startNode: parent, startOffset: index, endNode: parent, endOffset: index + 1 });
    }
    selectNodeContents(node) {
      requireNode(node, "selectNodeContents");
      if (node.nodeType === 10) throw domException("Failed to execute 'selectNodeContents' on 'Range': The node provided is of type 'DocumentType'.", "InvalidNodeTypeError");
      Object.assign(rangeOf(this), { startNode: node, startOffset: 0, endNode: node, endOffset: nodeLength(node) });
    }
    compareBoundaryPoints(how, sourceRange) {
      const r = rangeOf(this), s = rangeOf(sourceRange);
      if (rootOf(r.startNode) !== rootOf(s.startNode)) throw domException("Failed to execute 'compareBoundaryPoints' on 'Range': The source range is in a different document than this range.", "WrongDocumentError");
      switch (Number(how)) {
        case 0: return comparePoints(r.startNode, r.startOffset, s.startNode, s.startOffset);
        case 1: return comparePoints(r.endNode, r.endOffset, s.startNode, s.startOffset);
        case 2: return comparePoints(r.endNode, r.endOffset, s.endNode, s.endOffset);
        case 3: return comparePoints(r.startNode, r.startOffset, s.endNode, s.endOffset);
        default: throw domException("Failed to execute 'compareBoundaryPoints' on 'Range': The comparison method provided must be one of 'START_TO_START', 'START_TO_END', 'END_TO_END', or 'END_TO_START'.", "NotSupportedError");
      }
    }
    comparePoint(node, offset) {
      const r = rangeOf(this);
      if (rootOf(node) !== rootOf(r.startNode)) throw domException("Failed to execute 'comparePoint' on 'Range': The node provided and the Range are not in the same tree.", "WrongDocumentError");
      const n = checkPoint(node, offset, "comparePoint");
      if (comparePoints(node, n, r.startNode, r.startOffset) < 0) return -1;
      if (comparePoints(node, n, r.endNode, r.endOffset) > 0) return 1;
      return 0;
    }
    isPointInRange(node, offset) {
      const r = rangeOf(this);
      if (rootOf(node) !== rootOf(r.startNode)) return false;
      const n = checkPoint(node, offset, "isPointInRange");
      return comparePoints(node, n, r.startNode, r.startOffset) >= 0 && comparePoints(node, n, r.endNode, r.endOffset) <= 0;
    }
    intersectsNode(node) {
      const r = rangeOf(this);
      if (rootOf(node) !== rootOf(r.startNode)) return false;
      const parent = node.parentNode;
      if (parent === null) return true;
      const index = indexOf(node);
      return comparePoints(parent, index, r.endNode, r.endOffset) < 0 && comparePoints(parent, index + 1, r.startNode, r.startOffset) > 0;
    }
    cloneRange() {
      const clone = new Range();
      Object.assign(rangeOf(clone), rangeOf(this));
      return clone;
    }
    detach() {}
    // The text of the Text nodes in the range, in tree order (DOM standard's stringifier).
    toString() {
      const r = rangeOf(this);
      if (r.startNode === r.endNode && r.startNode.nodeType === 3) return r.startNode.data.slice(r.startOffset, r.endOffset);
      let text = r.startNode.nodeType === 3 ? r.startNode.data.slice(r.startOffset) : "";
      const root = rootOf(r.startNode);
      for (let node = root; node !== null; node = following(node, root)) {
        if (node.nodeType === 3 && comparePoints(node, 0, r.startNode, r.startOffset) > 0
          && comparePoints(node, node.data.length, r.endNode, r.endOffset) < 0) text += node.data;
      }
      if (r.endNode.nodeType === 3) text += r.endNode.data.slice(0, r.endOffset);
      return text;
    }
    // The parts of the tree fully inside the range, and the inside parts of partially selected Text.
    deleteContents() { contents(this, "delete"); }
    extractContents() { return contents(this, "extract"); }
    cloneContents() { return contents(this, "clone"); }
    insertNode(node) {
      requireNode(node, "insertNode");
      const r = rangeOf(this);
      let parent, reference;
      if (r.startNode.nodeType === 3) {
        parent = r.startNode.parentNode;
        if (parent === null) throw domException("Failed to execute 'insertNode' on 'Range': The range's start is in a Text node without a parent.", "HierarchyRequestError");
        reference = r.startNode.splitText(r.startOffset);
      } else {
        parent = r.startNode;
        reference = parent.childNodes[r.startOffset] ?? null;
      }
      const wasCollapsed = this.collapsed;
      const count = node.nodeType === 11 ? node.childNodes.length : 1;
      parent.insertBefore(node, reference);
      if (wasCollapsed) { r.endNode = parent; r.endOffset = (reference ? indexOf(reference) : parent.childNodes.length); }
      else if (r.startNode === parent && r.endNode === parent) r.endOffset += count;
    }
    surroundContents(newParent) {
      const fragment = this.extractContents();
      while (newParent.firstChild) newParent.removeChild(newParent.firstChild);
      this.insertNode(newParent);
      newParent.append(fragment);
      this.selectNode(newParent);
    }
    // HTML standard: parse as a fragment in the context of the start's element (a Text node's parent).
    createContextualFragment(markup) {
      const r = rangeOf(this);
      let context = r.startNode.nodeType === 1 ? r.startNode : r.startNode.parentElement;
      if (context === null || context instanceof g.HTMLHtmlElement) context = (r.startNode.ownerDocument ?? g.document).createElement("body");
      const holder = context.cloneNode(false);
      holder.innerHTML = String(markup);
      const fragment = (holder.ownerDocument ?? g.document).createDocumentFragment();
      while (holder.firstChild) fragment.appendChild(holder.firstChild);
      return fragment;
    }
    getBoundingClientRect() { return new g.DOMRect(); }
    getClientRects() { return []; }
  }
  const parentOf = (node, what) => {
    requireNode(node, what);
    if (node.parentNode === null) throw domException(`Failed to execute '${what}' on 'Range': the given Node has no parent.`, "InvalidNodeTypeError");
    return node.parentNode;
  };
  // Delete, extract or clone the range's contents (DOM standard's algorithm, for the common shapes: within
  // one container, or across siblings under a common ancestor with partially selected Text at the ends).
  const contents = (range, mode) => {
    const r = rangeOf(range);
    const document = r.startNode.ownerDocument ?? r.startNode;
    const fragment = document.createDocumentFragment();
    if (range.collapsed) return mode === "delete" ? undefined : fragment;
    const textual = (node) => node.nodeType === 3 || node.nodeType === 4 || node.nodeType === 8;
    if (r.startNode === r.endNode && textual(r.startNode)) {
      const clone = r.startNode.cloneNode(false);
      clone.data = r.startNode.data.slice(r.startOffset, r.endOffset);
      fragment.appendChild(clone);
      if (mode !== "clone") {
        r.startNode.replaceData(r.startOffset, r.endOffset - r.startOffset, "");
        r.endOffset = r.startOffset;
      }
      return mode === "delete" ? undefined : fragment;
    }
    const common = range.commonAncestorContainer;
    const childOf = (node) => { while (node.parentNode !== common) node = node.parentNode; return node; };
    const first = r.startNode === common ? common.childNodes[r.startOffset] : childOf(r.startNode);
    const last = r.endNode === common ? common.childNodes[r.endOffset - 1] : childOf(r.endNode);
    const partialStart = r.startNode !== common ? first : null;
    const partialEnd = r.endNode !== common ? last : null;
    if ((partialStart && !textual(partialStart)) || (partialEnd && !textual(partialEnd))) {
      throw domException("Failed to modify the range's contents: a partially selected element is not supported in pre-rendering.", "NotSupportedError");
    }
    const nodes = [];
    for (let node = first; node; node = node.nextSibling) { nodes.push(node); if (node === last) break; }
    let newNode = common, newOffset = r.startNode === common ? r.startOffset : indexOf(first) + 1;
    for (const node of nodes) {
      if (node === partialStart || node === partialEnd) {
        const from = node === partialStart ? r.startOffset : 0;
        const to = node === partialEnd ? r.endOffset : node.data.length;
        const clone = node.cloneNode(false);
        clone.data = node.data.slice(from, to);
        fragment.appendChild(clone);
        if (mode !== "clone") node.replaceData(from, to - from, "");
      } else if (mode === "clone") fragment.appendChild(node.cloneNode(true));
      else fragment.appendChild(node);
    }
    if (mode !== "clone") {
      if (partialStart) { newNode = partialStart; newOffset = r.startOffset; }
      Object.assign(r, { startNode: newNode, startOffset: partialStart ? newOffset : r.startOffset, endNode: newNode, endOffset: partialStart ? newOffset : r.startOffset });
    }
    return mode === "delete" ? undefined : fragment;
  };
  for (const [name, value] of [["START_TO_START", 0], ["START_TO_END", 1], ["END_TO_END", 2], ["END_TO_START", 3]]) {
    Object.defineProperty(Range, name, { value, enumerable: true });
    Object.defineProperty(Range.prototype, name, { value, enumerable: true });
  }
  class StaticRange extends AbstractRange {
    constructor(init) {
      super();
      if (init === undefined || init === null) throw new TypeError("Failed to construct 'StaticRange': 1 argument required, but only 0 present.");
      for (const key of ["startContainer", "endContainer"]) {
        if (init[key]?.nodeType === 10 || init[key]?.nodeType === 2) throw domException("Failed to construct 'StaticRange': the container is a DocumentType or Attr.", "InvalidNodeTypeError");
      }
      ranges.set(this, { startNode: init.startContainer, startOffset: Number(init.startOffset) >>> 0, endNode: init.endContainer, endOffset: Number(init.endOffset) >>> 0 });
    }
  }
  define(g, "AbstractRange", AbstractRange);
  define(g, "Range", Range);
  define(g, "StaticRange", StaticRange);
  method(Document, "createRange", function () {
    const range = new Range();
    Object.assign(rangeOf(range), { startNode: this, endNode: this });
    return range;
  });

  // --- Selection: one per document, empty until a script adds a range ---
  const selections = new WeakMap();
  class Selection {
    get rangeCount() { return selections.get(this).range ? 1 : 0; }
    get anchorNode() { return selections.get(this).range?.startContainer ?? null; }
    get anchorOffset() { return selections.get(this).range?.startOffset ?? 0; }
    get focusNode() { return selections.get(this).range?.endContainer ?? null; }
    get focusOffset() { return selections.get(this).range?.endOffset ?? 0; }
    get isCollapsed() { return selections.get(this).range?.collapsed ?? true; }
    get type() { const range = selections.get(this).range; return !range ? "None" : range.collapsed ? "Caret" : "Range"; }
    get direction() { return selections.get(this).range ? "forward" : "none"; }
    getRangeAt(index) {
      const range = selections.get(this).range;
      if (!range || Number(index) !== 0) throw domException(`Failed to execute 'getRangeAt' on 'Selection': ${index} is not a valid index.`, "IndexSizeError");
      return range;
    }
    addRange(range) { if (!selections.get(this).range) selections.get(this).range = range; }
    removeRange(range) {
      if (selections.get(this).range !== range) throw domException("Failed to execute 'removeRange' on 'Selection': The given range isn't in document.", "NotFoundError");
      selections.get(this).range = null;
    }
    removeAllRanges() { selections.get(this).range = null; }
    empty() { this.removeAllRanges(); }
    collapse(node, offset = 0) {
      if (node === null) return this.removeAllRanges();
      const range = g.document.createRange();
      range.setStart(node, offset);
      selections.get(this).range = range;
    }
    setPosition(node, offset = 0) { this.collapse(node, offset); }
    selectAllChildren(node) {
      const range = g.document.createRange();
      range.selectNodeContents(node);
      selections.get(this).range = range;
    }
    setBaseAndExtent(anchorNode, anchorOffset, focusNode, focusOffset) {
      const range = g.document.createRange();
      range.setStart(anchorNode, anchorOffset);
      range.setEnd(focusNode, focusOffset);
      selections.get(this).range = range;
    }
    collapseToStart() { selections.get(this).range?.collapse(true); }
    collapseToEnd() { selections.get(this).range?.collapse(false); }
    extend(node, offset = 0) { selections.get(this).range?.setEnd(node, offset); }
    containsNode(node) { return selections.get(this).range?.intersectsNode(node) ?? false; }
    deleteFromDocument() { selections.get(this).range?.deleteContents(); }
    modify() {}
    toString() { return selections.get(this).range?.toString() ?? ""; }
  }
  define(g, "Selection", Selection);
  const selectionOf = (document) => {
    let selection = selections.get(document);
    if (!selection) {
      selection = Object.create(Selection.prototype);
      selections.set(selection, { range: null });
      selections.set(document, selection);
    }
    return selection;
  };
  method(Document, "getSelection", function () { return selectionOf(this); });
  define(g, "getSelection", function getSelection() { return selectionOf(g.document); });
})
