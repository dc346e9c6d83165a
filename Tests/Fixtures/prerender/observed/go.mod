module example.test/prerenderobserved

go 1.19
