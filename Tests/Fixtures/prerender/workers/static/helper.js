// Imported by static/facts.js with importScripts: its globals are the worker's.
var helperValue = 42;
function helperTwice(x) { return x * 2; }
