module fixtures.local/runtime/hostilecalls

go 1.19
