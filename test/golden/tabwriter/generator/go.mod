module tabwritergolden

go 1.19
