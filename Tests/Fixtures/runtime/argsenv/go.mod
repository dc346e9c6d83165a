module fixtures.local/runtime/argsenv

go 1.19
