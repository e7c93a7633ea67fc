package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"
)

// runProcess is run with the process's signals: SIGINT and SIGTERM cancel
// the command's context, so a long command stops between articles and a
// server shuts down cleanly. A run stopped by SIGINT exits 130, as the
// shell reports a process killed by it, whatever the command returned;
// SIGTERM keeps the command's own status (a server stopped by its
// supervisor has not failed). A second signal exits at once.
func runProcess(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var interrupted atomic.Bool
	// The goroutine outlives run when no signal comes; the process ends
	// with it.
	go func() {
		if s := <-sigs; s == os.Interrupt {
			interrupted.Store(true)
		}
		cancel()
		<-sigs
		fmt.Fprintln(stderr, "newsgraph: interrupted again: exiting now")
		os.Exit(exitInterrupted)
	}()
	code := run(ctx, args, stdin, stdout, stderr)
	if interrupted.Load() {
		fmt.Fprintln(stderr, "newsgraph: interrupted")
		return exitInterrupted
	}
	return code
}
