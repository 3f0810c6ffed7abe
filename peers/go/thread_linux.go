//go:build linux

package main

import "syscall"

// canProbe says whether probe requests can name OS threads here.
const canProbe = true

// osThreadID is the id of the OS thread running the calling goroutine.
func osThreadID() int { return syscall.Gettid() }
