module fixtures.local/runtime/exitcode

go 1.19
