module example.com/ownpage

go 1.19
