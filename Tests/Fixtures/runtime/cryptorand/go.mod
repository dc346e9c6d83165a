module fixtures.local/runtime/cryptorand

go 1.19
