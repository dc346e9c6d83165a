module fixtures.local/diagnostics/callbackpanic

go 1.19
