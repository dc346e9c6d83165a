module fixtures.local/runtime/files

go 1.19
