module fixtures.local/runtime/deadlock

go 1.19
