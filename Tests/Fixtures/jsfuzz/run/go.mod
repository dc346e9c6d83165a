module jsfuzz

go 1.19
