// Loaded by a script element that the page's loader created; records that it ran and what it saw.
window.helperRan = (window.helperRan || 0) + 1;
window.log("helper.js ran, currentScript " + (document.currentScript ? document.currentScript.getAttribute("src") : "null"));
