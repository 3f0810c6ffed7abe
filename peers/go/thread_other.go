//go:build !linux

package main

// canProbe is false: only Linux has gettid in Go's standard library, so
// probe requests answer with an error elsewhere.
const canProbe = false

// osThreadID is never called where canProbe is false.
func osThreadID() int { return 0 }
