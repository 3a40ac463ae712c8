// Command floor is the floor of BenchmarkStartupToFirstToolsList: the least
// a Go process can do to answer a tools/list over HTTP. It answers every
// POST with the bytes of the file it is given (a real server's tools/list
// answer) and announces its address the way zscaler-mcp does, so the
// benchmark times both processes identically and reports the server as a
// multiple of this floor, which moves with the machine as the server does.
package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor ANSWER-FILE")
		os.Exit(2)
	}
	body, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "msg=listening url=http://%s/mcp\n", ln.Addr())
	_ = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
}
