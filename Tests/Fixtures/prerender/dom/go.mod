module example.test/prerenderdom

go 1.19
