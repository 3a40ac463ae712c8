package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/zscaler-mcp/zscaler-mcp/internal/sandbox"
)

// The figures these benchmarks produce are recorded in docs/benchmarks.md
// with the command that produced them. They report; they never assert.

var sandboxListeningRE = regexp.MustCompile(`listening on (http://\S+)`)

// sandboxProcess runs `zscaler-mcp sandbox` as its own process, so that a
// direct GET and a tool call reach the very same endpoint across the same
// process boundary.
func sandboxProcess(b *testing.B) (string, func()) {
	b.Helper()
	cmd := exec.Command(binary, "sandbox", "--port", "0")
	cmd.Env = baseEnv()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	url := awaitLine(b, stdout, sandboxListeningRE, "the sandbox")
	return url, func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }
}

// awaitLine reads a process's output until re matches and returns the first
// group, then keeps draining the output so the process never blocks on it.
func awaitLine(b *testing.B, r io.Reader, re *regexp.Regexp, what string) string {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			go func() {
				for sc.Scan() {
				}
			}()
			return m[1]
		}
	}
	b.Fatalf("%s did not start", what)
	return ""
}

// serverProcess starts the binary over HTTP, on its embedded sandbox or, with
// env pointing elsewhere, on another tenant, and returns its /mcp URL and pid.
func serverProcess(b *testing.B, env ...string) (string, int, func()) {
	b.Helper()
	args := []string{"serve", "--transport", "streamable-http", "--port", "0"}
	if len(env) == 0 {
		args = append(args, "--sandbox")
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = append(baseEnv(), env...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	url := awaitLine(b, stderr, listeningRE, "the server")
	stop := func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}
	return url, cmd.Process.Pid, stop
}

// mcpPost sends one JSON-RPC body the way an MCP client does.
func mcpPost(client *http.Client, url, body string) (*http.Response, error) {
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	return client.Do(req)
}

func rpc(b *testing.B, client *http.Client, url, body string) {
	resp, err := mcpPost(client, url, body)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		b.Fatalf("status %d", resp.StatusCode)
	}
}

const toolsList = `{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}`

// startupArgs is the server of the start-up bar: the sandbox, over HTTP,
// with every write tool enabled (the largest tools/list).
var startupArgs = []string{"serve", "--sandbox", "--transport", "streamable-http", "--port", "0",
	"--enable-write-tools", "--write-tools", "*"}

// BenchmarkStartupToFirstToolsList: from exec to the first answered
// tools/list over HTTP, for the server and, alternately in the same run, for
// the floor (testdata/floor: a bare net/http process answering the very same
// bytes). It reports the medians of both and their ratio, the figure
// docs/benchmarks.md holds to its bar, and the server's RSS after that first
// answer.
func BenchmarkStartupToFirstToolsList(b *testing.B) {
	dir := b.TempDir()
	floor := filepath.Join(dir, "floor")
	if out, err := exec.Command("go", "build", "-o", floor, "./testdata/floor").CombinedOutput(); err != nil {
		b.Fatalf("building the floor: %v\n%s", err, out)
	}
	// A new connection per process, for both: no idle pool to outlive them.
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	_, _, answer := coldStart(b, client, binary, startupArgs...)
	answerFile := filepath.Join(dir, "tools-list.json")
	if err := os.WriteFile(answerFile, answer, 0o644); err != nil {
		b.Fatal(err)
	}
	var server, bare []time.Duration
	var rss float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// Alternate which goes first, so neither always runs on a machine
		// the other just warmed or loaded.
		if i%2 == 0 {
			d, _, _ := coldStart(b, client, floor, answerFile)
			bare = append(bare, d)
		}
		d, kb, body := coldStart(b, client, binary, startupArgs...)
		if !bytes.Equal(body, answer) {
			b.Fatalf("the server's tools/list answer changed between runs")
		}
		server, rss = append(server, d), rss+float64(kb)
		if i%2 == 1 {
			d, _, _ := coldStart(b, client, floor, answerFile)
			bare = append(bare, d)
		}
	}
	b.StopTimer()
	ms, mf := median(server), median(bare)
	b.ReportMetric(float64(ms), "ns/op")
	b.ReportMetric(float64(mf)/1e6, "floor-ms")
	b.ReportMetric(float64(ms)/float64(mf), "x-floor")
	b.ReportMetric(rss/float64(b.N)/1024, "RSS-MB")
	b.ReportMetric(float64(len(answer))/1024, "answer-KiB")
}

// coldStart execs bin, waits for the line saying where it listens, sends one
// tools/list and returns the time from exec to the whole answer, the
// process's resident set right after it (kB) and the answer's body.
func coldStart(b *testing.B, client *http.Client, bin string, args ...string) (time.Duration, int, []byte) {
	b.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = baseEnv()
	stderr, _ := cmd.StderrPipe()
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	resp, err := mcpPost(client, awaitLine(b, stderr, listeningRE, bin), toolsList)
	if err != nil {
		b.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	if err != nil || resp.StatusCode != 200 {
		b.Fatalf("%s: status %d, %v", bin, resp.StatusCode, err)
	}
	return d, residentKB(b, cmd.Process.Pid), body
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
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

// callCases are list tools of small, medium and large answers, with the
// sandbox endpoint each reads.
var callCases = []struct{ tool, path string }{
	{"zia_list_rule_labels", "/zia/api/v1/ruleLabels?page=1&pageSize=1000"},
	{"zia_list_locations", "/zia/api/v1/locations?page=1&pageSize=1000"},
	{"zpa_list_segment_groups", "/zpa/mgmtconfig/v1/admin/customers/{cid}/segmentGroup?page=1&pagesize=500"},
}

// BenchmarkToolsCallHTTP: tools/call of a list tool over HTTP, the server
// reading a sandbox in another process (two loopback hops).
func BenchmarkToolsCallHTTP(b *testing.B) {
	sb, stopSandbox := sandboxProcess(b)
	defer stopSandbox()
	url, _, stop := serverProcess(b, "ZSCALER_API_BASE_URL="+sb, "ZSCALER_TOKEN_URL="+sb+"/oauth2/v1/token",
		"ZSCALER_CLIENT_ID="+sandbox.ClientID, "ZSCALER_CLIENT_SECRET="+sandbox.ClientSecret,
		"ZSCALER_CUSTOMER_ID="+sandbox.CustomerID, "ZSCALER_MCP_CLIENT_RATE_LIMITS=off")
	defer stop()
	client := &http.Client{}
	for _, c := range callCases {
		b.Run(c.tool, func(b *testing.B) {
			call := `{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"` + c.tool + `","arguments":{}}}`
			rpc(b, client, url, call)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				rpc(b, client, url, call)
			}
		})
	}
}

// BenchmarkDirectGET: the same endpoints of a sandbox process fetched
// directly (one hop), the floor BenchmarkToolsCallHTTP is compared with.
func BenchmarkDirectGET(b *testing.B) {
	sb, stopSandbox := sandboxProcess(b)
	defer stopSandbox()
	client := &http.Client{}
	form := "grant_type=client_credentials&client_id=" + sandbox.ClientID + "&client_secret=" + sandbox.ClientSecret
	resp, err := client.Post(sb+"/oauth2/v1/token", "application/x-www-form-urlencoded", strings.NewReader(form))
	if err != nil {
		b.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	decodeJSON(b, resp, &tok)
	for _, c := range callCases {
		b.Run(c.tool, func(b *testing.B) {
			target := sb + strings.ReplaceAll(c.path, "{cid}", sandbox.CustomerID)
			var size int64
			for i := 0; i < b.N; i++ {
				req, _ := http.NewRequest("GET", target, nil)
				req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				size, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			b.ReportMetric(float64(size)/1024, "KiB")
		})
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
	resp, err := mcpPost(client, url, toolsList)
	if err != nil {
		b.Fatal(err)
	}
	var msg struct {
		Result struct{ Tools []json.RawMessage }
	}
	decodeJSON(b, resp, &msg)
	return len(msg.Result.Tools)
}

// BenchmarkToolsListAuth: the tools/list round trip with no authentication,
// an API key and a JWT, to state what authentication adds.
func BenchmarkToolsListAuth(b *testing.B) {
	tn := newTenant(b)
	is := newIssuerB(b)
	token := is.tokenB(b)
	cases := []struct {
		name   string
		env    []string
		header [2]string
	}{
		{"none", nil, [2]string{}},
		{"api-key", []string{"ZSCALER_MCP_AUTH_MODE=api-key", "ZSCALER_MCP_AUTH_API_KEY=bench-key-0123456789"}, [2]string{"X-Api-Key", "bench-key-0123456789"}},
		{"jwt", []string{"ZSCALER_MCP_AUTH_MODE=jwt", "ZSCALER_MCP_AUTH_JWKS_URI=" + is.url + "/jwks",
			"ZSCALER_MCP_AUTH_ISSUER=https://issuer.example", "ZSCALER_MCP_AUTH_AUDIENCE=zscaler-mcp"}, [2]string{"Authorization", "Bearer " + token}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			url, _, stop := serverProcess(b, append(tn.env(), c.env...)...)
			defer stop()
			client := &http.Client{}
			send := func() {
				req, _ := http.NewRequest("POST", url, strings.NewReader(toolsList))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/json, text/event-stream")
				if c.header[0] != "" {
					req.Header.Set(c.header[0], c.header[1])
				}
				resp, err := client.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("status %d", resp.StatusCode)
				}
			}
			send()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				send()
			}
		})
	}
}

// BenchmarkLoad32 is the load run of issue #4: 32 concurrent clients for
// LOAD_SECONDS (default 30) against a server on the sandbox, mixing tools/list
// and list-tool calls. It reports requests, errors and the server's peak RSS;
// run it with -benchtime 1x.
func BenchmarkLoad32(b *testing.B) {
	seconds := 30
	if s, err := strconv.Atoi(os.Getenv("LOAD_SECONDS")); err == nil && s > 0 {
		seconds = s
	}
	url, pid, stop := serverProcess(b)
	defer stop()
	bodies := []string{
		toolsList,
		`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zia_list_rule_labels","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"zpa_list_application_segments","arguments":{}}}`,
		`{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"zcc_list_devices","arguments":{"page":1,"page_size":10}}}`,
	}
	var requests, failures atomic.Int64
	var peakRSS atomic.Int64
	deadline := time.Now().Add(time.Duration(seconds) * time.Second)
	done := make(chan struct{})
	go func() {
		for time.Now().Before(deadline) {
			if kb := int64(residentKB(b, pid)); kb > peakRSS.Load() {
				peakRSS.Store(kb)
			}
			time.Sleep(200 * time.Millisecond)
		}
		close(done)
	}()
	var wg sync.WaitGroup
	for c := 0; c < 32; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			client := &http.Client{Timeout: 30 * time.Second}
			for i := 0; time.Now().Before(deadline); i++ {
				req, _ := http.NewRequest("POST", url, strings.NewReader(bodies[(c+i)%len(bodies)]))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Accept", "application/json, text/event-stream")
				resp, err := client.Do(req)
				requests.Add(1)
				if err != nil {
					failures.Add(1)
					continue
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || strings.Contains(string(body), `"isError":true`) || strings.Contains(string(body), `"error":`) {
					failures.Add(1)
				}
			}
		}(c)
	}
	wg.Wait()
	<-done
	b.ReportMetric(float64(requests.Load()), "requests")
	b.ReportMetric(float64(requests.Load())/float64(seconds), "req/s")
	b.ReportMetric(float64(failures.Load()), "errors")
	b.ReportMetric(float64(peakRSS.Load())/1024, "peak-RSS-MB")
}
