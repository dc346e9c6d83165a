module example.com/withjson

go 1.19
