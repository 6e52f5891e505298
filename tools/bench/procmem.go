package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// procSampler watches the provider plugin processes that terraform starts
// while one command runs. Every interval it lists /proc, finds the processes
// whose executable is the provider binary, and records for each:
//
//   - its VmHWM, the kernel's own high-water mark of its resident set. As a
//     running maximum it is exact up to the moment of the sample; only growth
//     in the last interval of a process's life can be missed.
//   - the TCP sockets it holds to the mock's port (matched by socket inode in
//     /proc/net/tcp), so connections can be attributed to processes: terraform
//     starts one provider process per graph walk, and each has its own pool.
//     A pooled connection lives until its process exits, so it is seen.
type procSampler struct {
	exe      string
	port     int // the mock's TCP port; 0 skips the connection count
	interval time.Duration

	mu    sync.Mutex
	peaks map[int]int64               // pid -> highest VmHWM seen, in KiB
	conns map[int]map[string]struct{} // pid -> socket inodes connected to the mock
	stop  chan struct{}
	done  chan struct{}
}

// procStats is what a procSampler saw during one command.
type procStats struct {
	PeakRSSKiB int64 // highest VmHWM of any provider process
	Processes  int   // provider processes seen
	// MaxConnsPerProcess is the most connections to the mock one process held
	// over its life; CallingProcesses is how many processes held any.
	MaxConnsPerProcess int
	CallingProcesses   int
}

// startProcSampler starts sampling processes running exe every interval.
func startProcSampler(exe string, port int, interval time.Duration) *procSampler {
	m := &procSampler{
		exe: exe, port: port, interval: interval,
		peaks: map[int]int64{}, conns: map[int]map[string]struct{}{},
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	go m.loop()
	return m
}

func (m *procSampler) loop() {
	defer close(m.done)
	t := time.NewTicker(m.interval)
	defer t.Stop()
	for {
		m.sample()
		select {
		case <-m.stop:
			return
		case <-t.C:
		}
	}
}

// sample records the VmHWM and mock connections of every live process
// running m.exe.
func (m *procSampler) sample() {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	var mockSockets map[string]bool // read once per sample, only when needed
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		if exe, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || exe != m.exe {
			continue
		}
		kib, ok := vmHWM(filepath.Join(dir, "status"))
		var inodes []string
		if m.port != 0 {
			if mockSockets == nil {
				mockSockets = socketsToPort(m.port)
			}
			inodes = socketInodes(filepath.Join(dir, "fd"), mockSockets)
		}
		m.mu.Lock()
		if ok && kib > m.peaks[pid] {
			m.peaks[pid] = kib
		}
		if m.conns[pid] == nil {
			m.conns[pid] = map[string]struct{}{}
		}
		for _, in := range inodes {
			m.conns[pid][in] = struct{}{}
		}
		m.mu.Unlock()
	}
}

// finish stops sampling and returns what was seen.
func (m *procSampler) finish() procStats {
	close(m.stop)
	<-m.done
	m.mu.Lock()
	defer m.mu.Unlock()
	var st procStats
	for pid, kib := range m.peaks {
		st.PeakRSSKiB = max(st.PeakRSSKiB, kib)
		if n := len(m.conns[pid]); n > 0 {
			st.CallingProcesses++
			st.MaxConnsPerProcess = max(st.MaxConnsPerProcess, n)
		}
	}
	st.Processes = len(m.peaks)
	return st
}

// vmHWM reads the "VmHWM:   12345 kB" line of a /proc/<pid>/status file.
func vmHWM(statusFile string) (int64, bool) {
	f, err := os.Open(statusFile)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			return 0, false
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		return kib, err == nil
	}
	return 0, false
}

// socketsToPort returns the inodes of the IPv4 TCP sockets whose remote port
// is port, from /proc/net/tcp (lines "sl local rem st ... uid timeout inode",
// addresses as HEXIP:HEXPORT).
func socketsToPort(port int) map[string]bool {
	out := map[string]bool{}
	b, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return out
	}
	want := strings.ToUpper(strconv.FormatInt(int64(port), 16))
	for len(want) < 4 {
		want = "0" + want
	}
	for _, line := range strings.Split(string(b), "\n")[1:] {
		f := strings.Fields(line)
		if len(f) < 10 {
			continue
		}
		if _, remPort, ok := strings.Cut(f[2], ":"); ok && remPort == want {
			out[f[9]] = true
		}
	}
	return out
}

// socketInodes returns the inodes among wanted that the process whose fd
// directory is fdDir holds open.
func socketInodes(fdDir string, wanted map[string]bool) []string {
	if len(wanted) == 0 {
		return nil
	}
	fds, err := os.ReadDir(fdDir)
	if err != nil {
		return nil
	}
	var out []string
	for _, fd := range fds {
		link, err := os.Readlink(filepath.Join(fdDir, fd.Name()))
		if err != nil {
			continue
		}
		if in, ok := strings.CutPrefix(link, "socket:["); ok {
			in = strings.TrimSuffix(in, "]")
			if wanted[in] {
				out = append(out, in)
			}
		}
	}
	return out
}
