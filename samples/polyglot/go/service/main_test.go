package main

import "testing"

func TestGreeting(t *testing.T) {
	if got, want := greeting("go"), "HELLO, GO! (2024-06-01)"; got != want {
		t.Fatalf("greeting() = %q, want %q", got, want)
	}
}
