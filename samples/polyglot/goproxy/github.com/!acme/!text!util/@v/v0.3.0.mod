module github.com/Acme/TextUtil

go 1.18
