// JavaScriptCore's C API (Debian: libjavascriptcoregtk-4.1-dev) and the GLib main context its
// asynchronous work (e.g. WebAssembly compilation) is delivered on.
#include <JavaScriptCore/JavaScript.h>
#include <glib.h>
