module fixtures.local/runtime/panics

go 1.19
