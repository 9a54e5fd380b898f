package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestHoldGCRestoresPacing: the collector is off until the first
// collection, and after it the usual pacing is back; a process that
// outgrows the start-up heap must not stay without a collector.
func TestHoldGCRestoresPacing(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	holdGC(startupHeap)
	if p := gcPercent(); p != -1 {
		t.Fatalf("GC percent after holdGC = %d, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != startupHeap {
		t.Fatalf("memory limit after holdGC = %d, want %d", l, startupHeap)
	}
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	for {
		if p, l := gcPercent(), debug.SetMemoryLimit(-1); p == 100 && l == math.MaxInt64 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the pacing was not restored after a collection")
		}
		runtime.GC()
		time.Sleep(5 * time.Millisecond)
	}
}

// TestHoldGCLeavesChosenPacing: with GOGC set, holdGC changes nothing.
func TestHoldGCLeavesChosenPacing(t *testing.T) {
	t.Setenv("GOGC", "200")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	debug.SetGCPercent(150)
	holdGC(startupHeap)
	if p := gcPercent(); p != 150 {
		t.Fatalf("GC percent = %d after holdGC with GOGC set, want it untouched (150)", p)
	}
}

// gcPercent reads the GC percent (the runtime has no getter: set and put back).
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}
