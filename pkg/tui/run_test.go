package tui

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"
)

func TestRunQuitsOnCtrlD(t *testing.T) {
	var out bytes.Buffer
	// Ctrl-D on the empty input.
	err := Run(context.Background(), newFake(), fakeHealth{}, Options{NoColor: true, In: strings.NewReader("\x04"), Out: &out})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if out.Len() == 0 {
		t.Error("Run drew nothing")
	}
}

func TestRunEndsWhenContextIsCancelled(t *testing.T) {
	in, w := io.Pipe() // input that never comes
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, newFake(), nil, Options{NoColor: true, In: in, Out: io.Discard})
	}()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after cancel = %v, want nil", err)
		}
	case <-time.After(waitLimit):
		t.Fatal("Run did not return after its context was cancelled")
	}
}
