import CJavaScriptCore
import Glibc
import JavaScript
import Testing

/// The options EngineTuning sets, read back from JavaScriptCore once a context exists. A setter can fail
/// silently (2.50's `jsc_options_set_size` stores nothing for a size option), so the values are checked
/// where the engine keeps them. An option the environment sets (`JSC_<name>`) is the user's and is skipped.
@Suite struct EngineTuningTests {
    @Test func theTunedOptionsReachTheEngine() {
        _ = JSContext()
        if getenv("JSC_thresholdForOMGOptimizeAfterWarmUp") == nil {
            var threshold: gint = 0
            #expect(jsc_options_get_int("thresholdForOMGOptimizeAfterWarmUp", &threshold) != 0)
            #expect(threshold == 5_000_000)
        }
        if getenv("JSC_useFTLJIT") == nil {
            var ftl: gboolean = 1
            #expect(jsc_options_get_boolean("useFTLJIT", &ftl) != 0)
            #expect(ftl == 0)
        }
        if getenv("JSC_gcMaxHeapSize") == nil {
            var budget: guint = 0
            #expect(jsc_options_get_uint("gcMaxHeapSize", &budget) != 0)
            #expect(budget == 4 << 20)
        }
    }
}
