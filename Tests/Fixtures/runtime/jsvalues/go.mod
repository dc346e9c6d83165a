module fixtures.local/runtime/jsvalues

go 1.19
