module fixtures.local/runtime/nested

go 1.19
