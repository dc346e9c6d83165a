module fixtures.local/runtime/embed

go 1.19
