module fixtures.local/runtime/hello

go 1.19
