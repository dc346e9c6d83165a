module example.test/prerenderreflect

go 1.19
