module fixtures.local/runtime/streams

go 1.19
