package e2e

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// The figures these benchmarks produce are recorded in docs/benchmarks.md
// with the command that produced them. They report; they never assert.

// serverProcess starts the binary on the sandbox over HTTP and returns its
// /mcp URL and pid.
func serverProcess(b *testing.B, extra ...string) (string, int, func()) {
	b.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--sandbox", "--transport", "streamable-http", "--port", "0"}, extra...)...)
	cmd.Env = baseEnv()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	url := ""
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if m := listeningRE.FindStringSubmatch(sc.Text()); m != nil {
			url = m[1]
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if url == "" {
		b.Fatal("the server did not start")
	}
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	return url, cmd.Process.Pid, stop
}

func rpc(b *testing.B, client *http.Client, url, body string) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

const toolsList = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`

// BenchmarkStartupToFirstToolsList: from exec to the first answered tools/list over HTTP.
func BenchmarkStartupToFirstToolsList(b *testing.B) {
	client := &http.Client{}
	var rss float64
	for i := 0; i < b.N; i++ {
		url, pid, stop := serverProcess(b)
		rpc(b, client, url, toolsList)
		b.StopTimer()
		rss += float64(residentKB(b, pid))
		stop()
		b.StartTimer()
	}
	b.ReportMetric(rss/float64(b.N)/1024, "RSS-MB")
}

// BenchmarkToolsListHTTP: tools/list against a running server; also reports
// the server's own CPU time per call and per tool.
func BenchmarkToolsListHTTP(b *testing.B) {
	url, pid, stop := serverProcess(b)
	defer stop()
	client := &http.Client{}
	rpc(b, client, url, toolsList)
	tools := countTools(b, client, url)
	cpu0 := cpuTime(b, pid)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rpc(b, client, url, toolsList)
	}
	b.StopTimer()
	perCall := float64(cpuTime(b, pid)-cpu0) / float64(b.N)
	b.ReportMetric(perCall/1e3, "server-CPU-µs/op")
	b.ReportMetric(perCall/1e3/float64(tools), "server-CPU-µs/tool")
	b.ReportMetric(float64(tools), "tools")
}

// BenchmarkToolsCallHTTP: tools/call of a list tool over HTTP (two loopback hops).
func BenchmarkToolsCallHTTP(b *testing.B) {
	url, _, stop := serverProcess(b)
	defer stop()
	client := &http.Client{}
	call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zpa_list_segment_groups","arguments":{}}}`
	rpc(b, client, url, call)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rpc(b, client, url, call)
	}
}

// BenchmarkDirectGET: the same sandbox endpoint fetched directly (one hop),
// the floor BenchmarkToolsCallHTTP is compared with.
func BenchmarkDirectGET(b *testing.B) {
	tn := newTenant(b)
	client := &http.Client{}
	form := "grant_type=client_credentials&client_id=" + sandbox.ClientID + "&client_secret=" + sandbox.ClientSecret
	resp, err := client.Post(tn.URL+"/oauth2/v1/token", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		b.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	decodeJSON(b, resp, &tok)
	target := tn.URL + "/zpa/mgmtconfig/v1/admin/customers/" + tn.CustomerID() + "/segmentGroup?page=1&pagesize=500"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req, _ := http.NewRequest("GET", target, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
		}
		resp.Body.Close()
	}
}

func residentKB(b *testing.B, pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		b.Skip("no /proc on this system")
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			n, _ := strconv.Atoi(strings.Fields(line)[1])
			return n
		}
	}
	return 0
}

// cpuTime is the process's user+system CPU time.
func cpuTime(b *testing.B, pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		b.Skip("no /proc on this system")
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	fields := strings.Fields(string(data)[strings.LastIndexByte(string(data), ')')+2:])
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	const clockTicks = 100 // USER_HZ on Linux
	return time.Duration(utime+stime) * time.Second / clockTicks
}

func decodeJSON(b *testing.B, resp *http.Response, v any) {
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		b.Fatal(err)
	}
}

func countTools(b *testing.B, client *http.Client, url string) int {
	req, _ := http.NewRequest("POST", url, strings.NewReader(toolsList))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	var msg struct {
		Result struct{ Tools []json.RawMessage }
	}
	decodeJSON(b, resp, &msg)
	return len(msg.Result.Tools)
}
