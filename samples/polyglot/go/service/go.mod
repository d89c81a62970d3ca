module example.com/polyglot/service

go 1.19

require (
	example.com/clock/v2 v2.0.0
	example.com/greetings v1.1.0
	github.com/Acme/TextUtil v0.3.0
)
