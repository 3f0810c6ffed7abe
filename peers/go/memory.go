package main

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// Go cannot recover from running out of memory: the runtime ends the
// process, and a large allocation may even succeed and be killed later by
// the kernel when its pages are touched. So the peer asks the machine how
// much memory is left before it allocates a new vector, and refuses a
// length that does not fit with an err reply instead.

// headroom is left for the runtime and the rest of the machine.
const headroom = 64 << 20

// fallbackLimit is the most one request may allocate where the machine does
// not say how much memory it has (no /proc/meminfo): 1 GiB.
const fallbackLimit = 1 << 30

// memoryFits reports whether need more bytes can be allocated safely.
func memoryFits(need int) bool {
	avail, known := availableBytes()
	if !known {
		return need <= fallbackLimit
	}
	return int64(need) <= avail-headroom
}

// freeMemory returns the memory of dropped vectors to the operating system,
// so that availableBytes sees it again.
func freeMemory() { debug.FreeOSMemory() }

// availableBytes is what Linux calls MemAvailable (memory that a program
// can take without swapping), or less if the control group that limits this
// process (a container, say) has less left; known is false if neither can
// be read.
func availableBytes() (avail int64, known bool) {
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == "MemAvailable:" {
				if kb, err := strconv.ParseInt(f[1], 10, 64); err == nil {
					avail, known = kb*1024, true
				}
			}
		}
	}
	for _, group := range [][2]string{
		{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"}, // cgroup v2
		{"/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"},
	} {
		limit, okLimit := readNumber(group[0])
		used, okUsed := readNumber(group[1])
		if okLimit && okUsed && (!known || limit-used < avail) {
			avail, known = limit-used, true
		}
	}
	return avail, known
}

// readNumber reads a file that holds one decimal number; "max" and missing
// files give false.
func readNumber(path string) (int64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(data)), 10, 64)
	return n, err == nil
}
