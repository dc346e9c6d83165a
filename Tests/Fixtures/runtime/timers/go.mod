module fixtures.local/runtime/timers

go 1.19
