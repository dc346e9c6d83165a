// JavaScriptCore's C API (Debian: libjavascriptcoregtk-4.1-dev), the GLib main context its
// asynchronous work (e.g. WebAssembly compilation) is delivered on, and the GLib port's option setters.
#include <JavaScriptCore/JavaScript.h>
#include <glib.h>
#include <jsc/jsc.h>

// Exported by libjavascriptcore but declared only in WebKit's private JSContextRefPrivate.h: calls
// `function(promise, reason)` for a rejected promise no handler was attached to, once the microtasks ran.
JS_EXPORT void JSGlobalContextSetUnhandledRejectionCallback(JSGlobalContextRef ctx, JSObjectRef function, JSValueRef* exception);
