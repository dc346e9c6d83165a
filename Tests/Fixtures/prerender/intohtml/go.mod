module example.test/prerenderintohtml

go 1.19
