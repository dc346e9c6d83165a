// JavaScriptCore's C API (Debian: libjavascriptcoregtk-4.1-dev), the GLib main context its
// asynchronous work (e.g. WebAssembly compilation) is delivered on, and the GLib port's option setters.
#include <JavaScriptCore/JavaScript.h>
#include <glib.h>
#include <jsc/jsc.h>
