package main

// The line protocol that the Rust bench harness speaks to this peer; see
// README.md beside this file.

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strings"
	"time"
)

// maxThreads is the most threads this peer serves: docs/SPEC.md §5 lets a
// strategy refuse a count it cannot serve, and every thread is a P of the
// Go scheduler and a goroutine per call.
const maxThreads = 1024

// peer holds what lives between requests: the initial vector of each
// length asked for, and one working vector that every call overwrites.
type peer struct {
	initial map[int]Vector
	work    Vector
}

// vectors returns the initial vector of length n and the working vector,
// allocating them if needed. Go cannot recover from running out of memory,
// so a length is refused up front if it does not fit in what the machine
// says is available; cached vectors are dropped once before giving up.
func (p *peer) vectors(n int) (Vector, Vector, error) {
	if n > math.MaxInt/16 {
		return nil, nil, fmt.Errorf("bad len %d: more bytes than an int can count", n)
	}
	need := 0
	if _, ok := p.initial[n]; !ok {
		need += 8 * n
	}
	if cap(p.work) < n {
		need += 8 * n
	}
	if need > 0 && !memoryFits(need) {
		p.initial, p.work = map[int]Vector{}, nil
		freeMemory()
		if need = 16 * n; !memoryFits(need) {
			return nil, nil, fmt.Errorf("bad len %d: needs %d bytes, more than this machine has available", n, need)
		}
	}
	init, ok := p.initial[n]
	if !ok {
		init = initialVector(n)
		p.initial[n] = init
	}
	if cap(p.work) < n {
		p.work = make(Vector, n)
	}
	return init, p.work[:n], nil
}

// spin busy-waits d on the caller, as a program between two parallel calls
// would keep its thread busy: sleeping would let the runtime park threads.
func spin(d time.Duration) {
	for start := time.Now(); time.Since(start) < d; {
	}
}

// request is a parsed time or probe line.
type request struct {
	op                Op
	n, threads, calls int
	doall, probe      bool
	gap               time.Duration
}

// run serves a time or probe request and returns its reply.
func (p *peer) run(r request) (string, error) {
	if r.probe && !canProbe {
		return "", errors.New("probe needs Linux (gettid): not available on " + runtime.GOOS)
	}
	init, v, err := p.vectors(r.n)
	if err != nil {
		return "", err
	}
	runtime.GOMAXPROCS(r.threads) // Untimed; a no-op when unchanged.
	var total time.Duration
	used := make([]string, 0, r.calls)
	for call := 0; call < r.calls; call++ {
		copy(v, init)
		spin(r.gap)
		switch {
		case r.probe:
			used = append(used, fmt.Sprint(v.doAllProbed(r.op, r.threads)))
		case r.doall:
			start := time.Now()
			v.DoAll(r.op, r.threads)
			total += time.Since(start)
		default:
			start := time.Now()
			updateChunk(v, r.op)
			total += time.Since(start)
		}
	}
	if r.probe {
		return fmt.Sprintf("ok %s %s", strings.Join(used, ","), checksum(v)), nil
	}
	return fmt.Sprintf("ok %d %s", total.Nanoseconds(), checksum(v)), nil
}

// parseCount reads a whole number as docs/SPEC.md §5 does: ASCII digits
// only, leading zeros accepted, no sign, no spaces, no other notation. It
// refuses values below least or above most, naming the field and value.
func parseCount(field, s string, least, most int) (int, error) {
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, fmt.Errorf("bad %s %q: not a whole number (ASCII digits only)", field, s)
	}
	n := 0
	for _, d := range s {
		if n > (most-int(d-'0'))/10 {
			return 0, fmt.Errorf("bad %s %q: more than %d", field, s, most)
		}
		n = 10*n + int(d-'0')
	}
	if n < least {
		return 0, fmt.Errorf("bad %s %q: less than %d", field, s, least)
	}
	return n, nil
}

// parseRequest parses a time request, or a probe request, which has no
// strategy (it is always doall).
func parseRequest(fields []string) (request, error) {
	probe := fields[0] == "probe"
	r := request{probe: probe, doall: probe}
	usage, args := "time <workload> <len> <threads> <seq|doall> <calls> <gap_ns>", fields[1:]
	if probe {
		usage = "probe <workload> <len> <threads> <calls> <gap_ns>"
	}
	if len(args) != len(strings.Fields(usage))-1 {
		return r, fmt.Errorf("bad request %q: expected %q", strings.Join(fields, " "), usage)
	}
	if probe {
		args = []string{args[0], args[1], args[2], "doall", args[3], args[4]}
	}
	var err error
	switch args[0] {
	case "light", "heavy", "ramp":
		r.op = map[string]Op{"light": Light, "heavy": Heavy, "ramp": Ramp}[args[0]]
	default:
		return r, fmt.Errorf("bad workload %q: expected light, heavy or ramp", args[0])
	}
	if r.n, err = parseCount("len", args[1], 0, math.MaxInt); err != nil {
		return r, err
	}
	if r.threads, err = parseCount("threads", args[2], 1, maxThreads); err != nil {
		return r, err
	}
	switch args[3] {
	case "seq", "doall":
		r.doall = args[3] == "doall"
	default:
		return r, fmt.Errorf("bad strategy %q: expected seq or doall", args[3])
	}
	if r.calls, err = parseCount("calls", args[4], 1, math.MaxInt); err != nil {
		return r, err
	}
	gap, err := parseCount("gap_ns", args[5], 0, math.MaxInt)
	r.gap = time.Duration(gap)
	return r, err
}

// handle answers one request line; quit reports a quit request.
func (p *peer) handle(line string) (reply string, quit bool) {
	defer func() { // A bug must not kill the harness's peer: report it.
		if e := recover(); e != nil {
			reply = fmt.Sprintf("err internal error on %q: %v", line, e)
		}
	}()
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return "err empty request", false
	}
	cmd := fields[0]
	var err error
	switch {
	case cmd == "time" || cmd == "probe":
		var r request
		if r, err = parseRequest(fields); err == nil {
			reply, err = p.run(r)
		}
	case cmd != "quit" && cmd != "checksums" && cmd != "selftest":
		err = fmt.Errorf("bad request %q: expected time, probe, checksums, selftest or quit", cmd)
	case len(fields) > 1:
		err = fmt.Errorf("bad request %q: %s takes no arguments", line, cmd)
	case cmd == "quit":
		return "", true
	case cmd == "checksums":
		reply = "ok " + checksumTriples()
	default: // selftest
		if err = selftest(); err == nil {
			reply = "ok selftest passed"
		}
	}
	if err != nil {
		return "err " + err.Error(), false
	}
	return reply, false
}

// serve reads requests until quit or end of input, one reply line each,
// flushed at once so that the harness can wait for it.
func serve(in io.Reader, out io.Writer) error {
	r, w := bufio.NewReader(in), bufio.NewWriter(out)
	p := &peer{initial: map[int]Vector{}}
	for {
		line, readErr := r.ReadString('\n')
		if line == "" && readErr != nil {
			if readErr == io.EOF {
				return nil
			}
			return readErr
		}
		reply, quit := p.handle(strings.TrimRight(line, "\r\n"))
		if quit {
			return nil
		}
		fmt.Fprintln(w, reply)
		if err := w.Flush(); err != nil {
			return err
		}
	}
}
