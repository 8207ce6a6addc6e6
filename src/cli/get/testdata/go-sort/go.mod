module gosortgolden

go 1.19
