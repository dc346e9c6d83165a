module example.test/prerendersandbox

go 1.19
