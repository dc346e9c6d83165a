module example.com/wasip1hello

go 1.21
