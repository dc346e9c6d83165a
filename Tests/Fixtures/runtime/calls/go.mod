module fixtures.local/runtime/calls

go 1.19
