module fixtures.local/runtime/probe

go 1.19
