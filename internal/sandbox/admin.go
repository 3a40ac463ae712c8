package sandbox

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
)

// serveAdmin is the HTTP face of the test controls, for tests that drive a separate sandbox process; only loopback
// clients may use it (it can revoke tokens and wipe state). Under /__sandbox/: POST faults (a JSON Fault), GET faults
// (those pending), POST expire-tokens, GET requests (JSON RecordedRequests), DELETE requests, POST reset; changes → 204.
func (t *Tenant) serveAdmin(w http.ResponseWriter, r *http.Request) {
	if !fromLoopback(r) {
		adminJSON(w, http.StatusForbidden, map[string]string{"error": "the sandbox controls only answer loopback clients"})
		return
	}
	switch r.Method + " " + r.URL.Path[len(adminPrefix):] {
	case "POST faults":
		var f Fault
		dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
		dec.DisallowUnknownFields() // a typo in a test's fault must not silently do nothing
		err := dec.Decode(&f)
		if err == nil {
			err = t.injectFault(f)
		}
		if err != nil {
			adminJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid fault: " + err.Error()})
			return
		}
	case "GET faults":
		adminJSON(w, http.StatusOK, t.pendingFaults())
		return
	case "POST expire-tokens":
		t.ExpireTokens()
	case "GET requests":
		adminJSON(w, http.StatusOK, t.Requests())
		return
	case "DELETE requests":
		t.ctl.Lock()
		t.reqlog = nil
		t.ctl.Unlock()
	case "POST reset":
		t.Reset()
	default:
		adminJSON(w, http.StatusNotFound, map[string]string{"error": "unknown sandbox control " + r.Method + " " + r.URL.Path})
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func adminJSON(w http.ResponseWriter, status int, v any) {
	reply{status: status, body: v, ctype: "application/json"}.write(w, nil)
}

func fromLoopback(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	return net.ParseIP(either(err == nil, host, r.RemoteAddr)).IsLoopback()
}
